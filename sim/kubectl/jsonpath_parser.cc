#include "sim/kubectl/jsonpath_parser.h"

#include <fmt/format.h>

#include <limits>
#include <utility>

#include "sim/kubectl/jsonpath_format.h"
#include "sim/kubectl/jsonpath_lex.h"

namespace snapsim::kubectl::jsonpath_internal {
namespace {

constexpr char32_t kEof = std::numeric_limits<char32_t>::max();

Status SyntaxErr(std::string msg) { return Status::InvalidArgument(std::move(msg)); }

bool IsDigit(char32_t r) { return r >= '0' && r <= '9'; }
bool IsSpace(char32_t r) { return r == ' ' || r == '\t'; }
bool IsEndOfLine(char32_t r) { return r == '\r' || r == '\n'; }

// A valid termination character after a field name or identifier.
bool IsTerminator(char32_t r) {
  if (IsSpace(r) || IsEndOfLine(r)) return true;
  switch (r) {
    case kEof:
    case '.':
    case ',':
    case '[':
    case ']':
    case '$':
    case '@':
    case '{':
    case '}':
      return true;
    default:
      return false;
  }
}

std::int64_t WrapAdd(std::int64_t a, std::int64_t b) {
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(a) + static_cast<std::uint64_t>(b));
}

Node MakeNode(Node::Kind kind) {
  Node n;
  n.kind = kind;
  return n;
}

Node MakeText(std::string text) {
  Node n = MakeNode(Node::Kind::kText);
  n.literal = api::Value(std::move(text));
  return n;
}

class Parser {
 public:
  explicit Parser(std::string input) : in_(std::move(input)) {}

  Status Parse(std::vector<Node>& root) { return ParseText(root); }

 private:
  char32_t Next() {
    if (pos_ >= in_.size()) {
      width_ = 0;
      return kEof;
    }
    char32_t r = DecodeRune(in_, pos_, &width_);
    pos_ += width_;
    return r;
  }
  char32_t Peek() {
    char32_t r = Next();
    Backup();
    return r;
  }
  void Backup() { pos_ -= width_; }
  std::string ConsumeText() {
    std::string value = in_.substr(start_, pos_ - start_);
    start_ = pos_;
    return value;
  }
  bool HasPrefix(std::string_view prefix) const {
    return std::string_view(in_).substr(pos_).starts_with(prefix);
  }

  Status ParseText(std::vector<Node>& root) {
    while (true) {
      std::size_t brace = in_.find('{', pos_);
      if (brace == std::string::npos) {
        pos_ = in_.size();
        if (pos_ > start_) root.push_back(MakeText(ConsumeText()));
        return Status::Ok();
      }
      pos_ = brace;
      if (pos_ > start_) root.push_back(MakeText(ConsumeText()));
      pos_ += 1;  // the left delimiter
      ConsumeText();
      root.push_back(MakeNode(Node::Kind::kList));
      SNAPSIM_RETURN_IF_ERROR(ParseInsideAction(root.back()));
    }
  }

  // Parses the elements of one action into `cur`, through its right delimiter.
  Status ParseInsideAction(Node& cur) {
    while (true) {
      if (HasPrefix("}")) {
        pos_ += 1;
        ConsumeText();
        return Status::Ok();
      }
      if (HasPrefix("[?(")) {
        SNAPSIM_RETURN_IF_ERROR(ParseFilter(cur));
        continue;
      }
      if (HasPrefix("..")) {
        SNAPSIM_RETURN_IF_ERROR(ParseRecursive(cur));
        continue;
      }
      char32_t r = Next();
      if (r == kEof || IsEndOfLine(r)) return SyntaxErr("unclosed action");
      if (r == ' ' || r == '@' || r == '$') {  // '@' and '$' (the current object) are no-ops
        ConsumeText();
      } else if (r == '[') {
        SNAPSIM_RETURN_IF_ERROR(ParseArray(cur));
      } else if (r == '"' || r == '\'') {
        SNAPSIM_RETURN_IF_ERROR(ParseQuote(cur, r));
      } else if (r == '.') {
        SNAPSIM_RETURN_IF_ERROR(ParseField(cur));
      } else if (r == '+' || r == '-' || IsDigit(r)) {
        Backup();
        SNAPSIM_RETURN_IF_ERROR(ParseNumber(cur));
      } else if (IsAlphaNumericRune(r)) {
        Backup();
        SNAPSIM_RETURN_IF_ERROR(ParseIdentifier(cur));
      } else {
        return SyntaxErr("unrecognized character in action: " + GoUnicode(r));
      }
    }
  }

  // Built-in keywords ("range", "end") and the booleans.
  Status ParseIdentifier(Node& cur) {
    while (true) {
      char32_t r = Next();
      if (IsTerminator(r)) {
        Backup();
        break;
      }
    }
    std::string value = ConsumeText();
    if (value == "true" || value == "false") {
      Node n = MakeNode(Node::Kind::kBool);
      n.literal = api::Value(value == "true");
      cur.children.push_back(std::move(n));
    } else {
      Node n = MakeNode(Node::Kind::kIdentifier);
      n.name = std::move(value);
      cur.children.push_back(std::move(n));
    }
    return Status::Ok();
  }

  Status ParseRecursive(Node& cur) {
    if (!cur.children.empty() && cur.children.back().kind == Node::Kind::kRecursive) {
      return SyntaxErr("invalid multiple recursive descent");
    }
    pos_ += 2;
    ConsumeText();
    cur.children.push_back(MakeNode(Node::Kind::kRecursive));
    if (IsAlphaNumericRune(Peek())) return ParseField(cur);
    return Status::Ok();
  }

  Status ParseNumber(Node& cur) {
    char32_t r = Peek();
    if (r == '+' || r == '-') Next();
    while (true) {
      r = Next();
      if (r != '.' && !IsDigit(r)) {
        Backup();
        break;
      }
    }
    std::string value = ConsumeText();
    std::int64_t i = 0;
    if (GoAtoi(value, &i)) {
      Node n = MakeNode(Node::Kind::kInt);
      n.literal = api::Value(i);
      cur.children.push_back(std::move(n));
      return Status::Ok();
    }
    double d = 0;
    if (GoParseFloat(value, &d)) {
      Node n = MakeNode(Node::Kind::kFloat);
      n.literal = api::Value(d);
      cur.children.push_back(std::move(n));
      return Status::Ok();
    }
    return SyntaxErr("cannot parse number " + value);
  }

  Status ParseArray(Node& cur) {
    while (true) {
      char32_t r = Next();
      if (r == kEof || r == '\n') return SyntaxErr("unterminated array");
      if (r == ']') break;
    }
    std::string all = ConsumeText();
    std::string text = all.substr(1, all.size() - 2);
    if (text == "*") text = ":";

    // Union: [a,b,...]; each part is parsed as its own [part].
    if (text.find(',') != std::string::npos) {
      Node union_node = MakeNode(Node::Kind::kUnion);
      std::size_t from = 0;
      while (true) {
        std::size_t comma = text.find(',', from);
        std::string_view part = std::string_view(text).substr(
            from, comma == std::string::npos ? std::string::npos : comma - from);
        while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
        while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
        SNAPSIM_ASSIGN_OR_RETURN(Node list, ParseAction("[" + std::string(part) + "]"));
        union_node.children.push_back(std::move(list));
        if (comma == std::string::npos) break;
        from = comma + 1;
      }
      cur.children.push_back(std::move(union_node));
      return Status::Ok();
    }

    // Dict key: ['a.b'] is re-parsed as the field path .a.b
    if (text.size() >= 2 && text.front() == '\'' && text.back() == '\'' &&
        text.find('\'', 1) == text.size() - 1) {
      SNAPSIM_ASSIGN_OR_RETURN(Node list, ParseAction("." + text.substr(1, text.size() - 2)));
      for (Node& n : list.children) cur.children.push_back(std::move(n));
      return Status::Ok();
    }

    // Slice: [start:end:step]
    std::array<std::string_view, 3> groups;
    if (!MatchSlice(text, &groups)) return SyntaxErr("invalid array index " + text);
    Node n = MakeNode(Node::Kind::kArray);
    for (std::size_t i = 0; i < 3; ++i) {
      std::string_view v = groups[i];
      SliceParam& p = n.params[i];
      if (!v.empty()) {
        if (i > 0) v.remove_prefix(1);
        if (i > 0 && v.empty()) {
          p.known = false;
        } else {
          p.known = true;
          if (!GoAtoi(v, &p.value)) {
            return SyntaxErr(fmt::format("array index {} is not a number", v));
          }
        }
      } else if (i == 1) {
        p.known = true;
        p.value = WrapAdd(n.params[0].value, 1);
        p.derived = true;
      } else {
        p.known = false;
        p.value = 0;
      }
    }
    cur.children.push_back(std::move(n));
    return Status::Ok();
  }

  Status ParseFilter(Node& cur) {
    pos_ += 3;  // "[?("
    ConsumeText();
    bool begin = false;
    bool end = false;
    char32_t pair = 0;
    while (true) {
      char32_t r = Next();
      if (r == kEof || r == '\n') return SyntaxErr("unterminated filter");
      if (r == '"' || r == '\'') {
        if (!begin) {  // remember the opening quote
          begin = true;
          pair = r;
          continue;
        }
        if (in_[pos_ - 2] != '\\' && r == pair) end = true;
      } else if (r == ')') {
        if (begin == end) break;  // quotes are balanced (or absent)
      }
    }
    if (Next() != ']') return SyntaxErr("unclosed array expect ]");
    std::string text = ConsumeText();
    text.resize(text.size() - 2);  // ")]"
    std::string_view left;
    std::string_view op;
    std::string_view right;
    Node filter = MakeNode(Node::Kind::kFilter);
    if (!MatchComparison(text, &left, &op, &right)) {
      SNAPSIM_ASSIGN_OR_RETURN(Node l, ParseAction(text));
      filter.name = "exists";
      filter.children.push_back(std::move(l));
      filter.children.push_back(MakeNode(Node::Kind::kList));
    } else {
      SNAPSIM_ASSIGN_OR_RETURN(Node l, ParseAction(std::string(left)));
      SNAPSIM_ASSIGN_OR_RETURN(Node r, ParseAction(std::string(right)));
      filter.name = std::string(op);
      filter.children.push_back(std::move(l));
      filter.children.push_back(std::move(r));
    }
    cur.children.push_back(std::move(filter));
    return Status::Ok();
  }

  Status ParseQuote(Node& cur, char32_t end) {
    while (true) {
      char32_t r = Next();
      if (r == kEof || r == '\n') return SyntaxErr("unterminated quoted string");
      if (r == end && in_[pos_ - 2] != '\\') break;
    }
    std::string value = ConsumeText();
    std::string s;
    if (!UnquoteExtend(value, &s)) {
      return SyntaxErr(fmt::format("unquote string {} error invalid syntax", value));
    }
    cur.children.push_back(MakeText(std::move(s)));
    return Status::Ok();
  }

  Status ParseField(Node& cur) {
    ConsumeText();  // the '.'
    while (Advance()) {
    }
    std::string value = ConsumeText();
    if (value == "*") {
      cur.children.push_back(MakeNode(Node::Kind::kWildcard));
      return Status::Ok();
    }
    Node n = MakeNode(Node::Kind::kField);
    for (char c : value) {
      if (c != '\\') n.name += c;
    }
    cur.children.push_back(std::move(n));
    return Status::Ok();
  }

  // Scans one rune of a field name; false at an unescaped terminator.
  bool Advance() {
    char32_t r = Next();
    if (r == '\\') {
      Next();
    } else if (IsTerminator(r)) {
      Backup();
      return false;
    }
    return true;
  }

  // Parses `text` as the inside of one action and returns that action's list.
  static Result<Node> ParseAction(const std::string& text) {
    Parser p("{" + text + "}");
    std::vector<Node> root;
    SNAPSIM_RETURN_IF_ERROR(p.Parse(root));
    if (root.empty() || root.front().kind != Node::Kind::kList) {
      return Status::Internal("jsonpath: sub-action did not parse to a list");
    }
    return std::move(root.front());
  }

  std::string in_;
  std::size_t pos_ = 0;
  std::size_t start_ = 0;
  std::size_t width_ = 0;
};

}  // namespace

Result<std::vector<Node>> ParseTemplate(std::string_view text) {
  Parser p{std::string(text)};
  std::vector<Node> root;
  SNAPSIM_RETURN_IF_ERROR(p.Parse(root));
  return root;
}

}  // namespace snapsim::kubectl::jsonpath_internal
