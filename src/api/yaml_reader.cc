#include "src/api/yaml_reader.h"

#include <algorithm>
#include <string>
#include <vector>

namespace snapsim::yaml {
namespace {

constexpr int kMaxReadDepth = 64;            // deeper documents go to yaml-cpp
constexpr std::size_t kMaxKeyLength = 1000;  // yaml-cpp's simple keys end at 1,024

bool IsNullText(std::string_view s) {
  return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
}

// A plain scalar's text: null when it spells null (yaml-cpp's rule), else tagged "?".
Node Plain(Mark mark, std::string_view text) {
  if (IsNullText(text)) return Node::Null(mark);
  return Node::Scalar(mark, "?", std::string(text));
}

class Reader {
 public:
  explicit Reader(std::string_view text) : s_(text) {}

  std::optional<std::vector<Node>> Read() {
    std::vector<std::size_t> separators;  // the starts of "---" lines
    if (!Prescan(separators)) return std::nullopt;
    const std::string_view all = s_;
    std::vector<Node> documents;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= separators.size(); ++i) {
      std::size_t end = i < separators.size() ? separators[i] : all.size();
      s_ = all.substr(0, end);
      pos_ = NextContent(start);
      if (failed_) return std::nullopt;
      if (AtEnd(pos_)) {
        // Only what precedes a first "---" may be empty; yaml-cpp makes other empty
        // documents nulls, or none at all.
        if (i != 0 || separators.empty()) return std::nullopt;
      } else {
        Node& root = documents.emplace_back();
        if (!BlockNode(-1, root) || failed_ || !AtEnd(pos_)) return std::nullopt;
      }
      if (i < separators.size()) {
        std::size_t eol = all.find('\n', end);
        start = eol == std::string_view::npos ? all.size() : eol + 1;
      }
    }
    return documents;
  }

 private:
  // ---- the text -------------------------------------------------------------------

  // Rejects what the subset never reads, records where lines start, and finds the
  // document separators: "---" lines with nothing else on them.
  bool Prescan(std::vector<std::size_t>& separators) {
    if (!s_.empty() && static_cast<unsigned char>(s_[0]) >= 0x80) return false;  // BOM, UTF-16
    line_starts_.push_back(0);
    for (std::size_t i = 0; i < s_.size(); ++i) {
      auto c = static_cast<unsigned char>(s_[i]);
      if (c == '\n') {
        line_starts_.push_back(i + 1);
      } else if ((c < 0x20 && c != '\t') || c == 0x7f) {
        return false;  // CR, NUL, other controls
      } else if (c == 0xc2 && i + 1 < s_.size() && static_cast<unsigned char>(s_[i + 1]) == 0x85) {
        return false;  // NEL, a YAML 1.1 line break
      } else if (c == 0xe2 && s_.substr(i).starts_with("\xe2\x80") && i + 2 < s_.size() &&
                 (s_[i + 2] == '\xa8' || s_[i + 2] == '\xa9')) {
        return false;  // LS, PS
      }
    }
    for (std::size_t start : line_starts_) {
      std::string_view line = s_.substr(start, s_.find('\n', start) - start);
      if (line.starts_with('%') || line.starts_with("...")) return false;
      if (!line.starts_with("---")) continue;
      if (line.find_first_not_of(' ', 3) != std::string_view::npos) return false;  // "--- x", "----"
      separators.push_back(start);
    }
    return true;
  }

  bool AtEnd(std::size_t p) const { return p >= s_.size(); }
  bool BreakOrEnd(std::size_t p) const { return p >= s_.size() || s_[p] == '\n'; }
  bool BlankOrEnd(std::size_t p) const { return p >= s_.size() || s_[p] == ' ' || s_[p] == '\n'; }
  bool Is(std::size_t p, char c) const { return p < s_.size() && s_[p] == c; }

  std::size_t LineOf(std::size_t p) const {
    return static_cast<std::size_t>(std::upper_bound(line_starts_.begin(), line_starts_.end(), p) -
                                    line_starts_.begin()) -
           1;
  }
  int ColumnOf(std::size_t p) const { return static_cast<int>(p - line_starts_[LineOf(p)]); }
  Mark MarkAt(std::size_t p) const {
    std::size_t line = LineOf(p);
    return Mark{static_cast<int>(p), static_cast<int>(line), static_cast<int>(p - line_starts_[line])};
  }

  bool Fail() {
    failed_ = true;
    return false;
  }

  // From the start of a line: past blank lines and comment lines to the next content
  // character, or the end. A tab there is indentation yaml-cpp reads its own way.
  std::size_t NextContent(std::size_t p) {
    while (p < s_.size()) {
      char c = s_[p];
      if (c == ' ' || c == '\n') {
        ++p;
      } else if (c == '#') {
        while (p < s_.size() && s_[p] != '\n') ++p;
      } else if (c == '\t') {
        Fail();
        return s_.size();
      } else {
        return p;
      }
    }
    return s_.size();
  }

  // After a value: spaces, an optional comment (after a space), the line break.
  // Returns the start of the next line.
  bool EndLine(std::size_t& p) {
    while (Is(p, ' ')) ++p;
    if (Is(p, '#')) {
      if (p > 0 && s_[p - 1] != ' ' && s_[p - 1] != '\n') return Fail();  // "x"#y: not a comment
      while (p < s_.size() && s_[p] != '\n') ++p;
    }
    if (!BreakOrEnd(p)) return Fail();
    if (p < s_.size()) ++p;
    return true;
  }

  // After a one-line value whose block parent is indented `parent`: the line's end,
  // then the next content, which must not be indented further (that would continue
  // a plain scalar, or be an error).
  bool FinishLine(int parent) {
    if (!EndLine(pos_)) return false;
    pos_ = NextContent(pos_);
    if (failed_) return false;
    if (!AtEnd(pos_) && ColumnOf(pos_) > parent) return Fail();
    return true;
  }

  // ---- scalars ----------------------------------------------------------------------

  // Whether a plain scalar may start at p (yaml-cpp's rule, block or flow).
  bool PlainStarts(std::size_t p) const {
    if (AtEnd(p)) return false;
    char c = s_[p];
    if (std::string_view(" \t\n,[]{}#&*!|>'\"%@`").find(c) != std::string_view::npos) return false;
    if ((c == '-' || c == '?' || c == ':') && BlankOrEnd(p + 1)) return false;
    return true;
  }

  // The end of a one-line plain scalar in block context starting at p: at a line
  // break, at " #", or at ':' before a blank. `key` says whether it ended at ':'.
  bool ScanBlockPlain(std::size_t p, std::size_t& end, bool& key) {
    key = false;
    for (end = p; !BreakOrEnd(end); ++end) {
      char c = s_[end];
      if (c == '\t') return Fail();
      if (c == ':' && BlankOrEnd(end + 1)) {
        key = true;
        break;
      }
      if (c == '#' && end > p && s_[end - 1] == ' ') break;
    }
    return true;
  }

  static std::string_view TrimRight(std::string_view s) {
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
  }

  // A one-line quoted scalar at pos_; leaves pos_ after the closing quote.
  bool Quoted(Node& out) {
    Mark mark = MarkAt(pos_);
    char quote = s_[pos_];
    std::string text;
    std::size_t p = pos_ + 1;
    while (true) {
      if (BreakOrEnd(p)) return Fail();  // multi-line or unterminated
      char c = s_[p];
      if (quote == '\'') {
        if (c == '\'') {
          if (!Is(p + 1, '\'')) break;
          text += '\'';
          p += 2;
          continue;
        }
        text += c;
        ++p;
        continue;
      }
      if (c == '"') break;
      if (c != '\\') {
        text += c;
        ++p;
        continue;
      }
      if (BreakOrEnd(p + 1)) return Fail();  // an escaped line break
      char e = s_[p + 1];
      switch (e) {
        case '0': text += '\0'; break;
        case 'a': text += '\a'; break;
        case 'b': text += '\b'; break;
        case 't': text += '\t'; break;
        case 'n': text += '\n'; break;
        case 'v': text += '\v'; break;
        case 'f': text += '\f'; break;
        case 'r': text += '\r'; break;
        case 'e': text += '\x1b'; break;
        case ' ': case '"': case '\'': case '/': case '\\': text += e; break;
        default: return Fail();  // \x \u \U \N \_ \L \P, or an error
      }
      p += 2;
    }
    out = Node::Scalar(mark, "!", std::move(text));
    pos_ = p + 1;
    return true;
  }

  // A literal or folded block scalar at pos_ (its indicator). Its lines must be
  // indented further than `parent`. Leaves pos_ at the next content.
  bool BlockScalar(int parent, Node& out) {
    Mark mark = MarkAt(pos_);
    bool folded = s_[pos_] == '>';
    std::size_t p = pos_ + 1;
    enum { kClip, kStrip, kKeep } chomp = kClip;
    if (Is(p, '-')) {
      chomp = kStrip;
      ++p;
    } else if (Is(p, '+')) {
      chomp = kKeep;
      ++p;
    }
    if (!AtEnd(p) && s_[p] != ' ' && s_[p] != '\n') return Fail();  // an indentation digit ...
    if (!EndLine(p) || AtEnd(p)) return Fail();
    int base = -1;
    int blanks = 0;  // blank lines since the last content line
    bool any = false;
    std::string text;
    while (p < s_.size()) {
      std::size_t q = p;
      while (Is(q, ' ')) ++q;
      int spaces = static_cast<int>(q - p);
      if (BreakOrEnd(q)) {
        if (base == -1 || spaces > base) return Fail();  // leading or over-indented blank lines
        if (AtEnd(q) && q > p) return Fail();  // spaces without a break: yaml-cpp drops them
        ++blanks;
        p = AtEnd(q) ? q : q + 1;
        continue;
      }
      if (base == -1) {
        base = spaces;
        if (base <= parent || base == 0) return Fail();  // empty, or a document-level scalar
      }
      if (spaces < base) {
        if (s_[q] == '\t') return Fail();
        break;
      }
      std::size_t eol = s_.find('\n', q);
      if (eol == std::string_view::npos) return Fail();  // the last line has no break
      std::string_view line = s_.substr(p + static_cast<std::size_t>(base), eol - p - static_cast<std::size_t>(base));
      if (folded && (spaces > base || line.front() == '\t')) return Fail();  // more-indented
      if (any) {
        if (!folded) {
          text.append(static_cast<std::size_t>(blanks) + 1, '\n');
        } else if (blanks == 0) {
          text += ' ';
        } else {
          text.append(static_cast<std::size_t>(blanks), '\n');
        }
      }
      text += line;
      any = true;
      blanks = 0;
      p = eol + 1;
    }
    if (!any) return Fail();
    if (folded && chomp == kKeep && blanks > 0) return Fail();  // yaml-cpp keeps one fewer
    if (chomp == kClip) text += '\n';
    if (chomp == kKeep) text.append(static_cast<std::size_t>(blanks) + 1, '\n');
    out = Node::Scalar(mark, "!", std::move(text));
    pos_ = NextContent(p);
    if (failed_) return false;
    if (!AtEnd(pos_) && ColumnOf(pos_) > parent) return Fail();
    return true;
  }

  // ---- flow collections ------------------------------------------------------------

  // Spaces, line breaks and comments inside a flow collection. Lines it continues on
  // must be indented further than the block around it.
  bool FlowSpace(int parent) {
    while (true) {
      if (AtEnd(pos_)) return Fail();  // unterminated
      char c = s_[pos_];
      if (c == ' ') {
        ++pos_;
      } else if (c == '\n') {
        ++pos_;
        std::size_t q = pos_;
        while (Is(q, ' ')) ++q;
        if (!BreakOrEnd(q) && s_[q] != '#' && static_cast<int>(q - pos_) <= parent) return Fail();
      } else if (c == '#') {
        if (pos_ == 0 || (s_[pos_ - 1] != ' ' && s_[pos_ - 1] != '\n')) return Fail();
        while (!BreakOrEnd(pos_)) ++pos_;
      } else if (c == '\t') {
        return Fail();
      } else {
        return true;
      }
    }
  }

  // A plain scalar inside a flow: ends before , [ ] { } (or ':' for a key); anything
  // subtler (':', '?', '#', quotes, a line break) is left to yaml-cpp.
  bool FlowPlain(bool key, Node& out) {
    if (!PlainStarts(pos_)) return Fail();
    std::size_t end = pos_;
    for (; !AtEnd(end); ++end) {
      char c = s_[end];
      if (c == ',' || c == '[' || c == ']' || c == '{' || c == '}') break;
      if (c == ':' && key) break;
      if (c == '\n' || c == ':' || c == '?' || c == '#' || c == '\'' || c == '"' || c == '\t') return Fail();
    }
    if (AtEnd(end)) return Fail();
    out = Plain(MarkAt(pos_), TrimRight(s_.substr(pos_, end - pos_)));
    pos_ = end;
    return true;
  }

  bool FlowItem(int parent, bool key, Node& out) {
    char c = s_[pos_];
    if (c == '[' || c == '{') {
      if (key) return Fail();
      return Flow(parent, out);
    }
    if (c == '"' || c == '\'') return Quoted(out);
    return FlowPlain(key, out);
  }

  // A flow sequence or map at pos_ ('[' or '{'); leaves pos_ after its closing bracket.
  bool Flow(int parent, Node& out) {
    if (++depth_ > kMaxReadDepth) return Fail();
    bool map = s_[pos_] == '{';
    char close = map ? '}' : ']';
    out = map ? Node::Map(MarkAt(pos_)) : Node::Sequence(MarkAt(pos_));
    ++pos_;
    if (!FlowSpace(parent)) return false;
    if (s_[pos_] == close) {
      ++pos_;
      --depth_;
      return true;
    }
    while (true) {
      if (map) {
        Node key, value;
        if (!FlowItem(parent, true, key)) return false;
        if (!Is(pos_, ':') || !BlankOrEnd(pos_ + 1)) return Fail();
        ++pos_;
        if (!FlowSpace(parent)) return false;
        if (s_[pos_] == ',' || s_[pos_] == '}') return Fail();  // an empty value
        if (!FlowItem(parent, false, value)) return false;
        out.AppendMember(std::move(key), std::move(value));
      } else {
        Node item;
        if (!FlowItem(parent, false, item)) return false;
        out.Append(std::move(item));
      }
      if (!FlowSpace(parent)) return false;
      if (s_[pos_] == close) break;
      if (s_[pos_] != ',') return Fail();
      ++pos_;
      if (!FlowSpace(parent)) return false;
      if (s_[pos_] == close || s_[pos_] == ',') return Fail();  // a trailing or empty entry
    }
    ++pos_;
    --depth_;
    return true;
  }

  // ---- block collections -----------------------------------------------------------

  // Whether the content at p is a map key: a one-line scalar followed by ':' and a blank.
  bool IsKey(std::size_t p) {
    std::size_t end = p;
    if (s_[p] == '"' || s_[p] == '\'') {
      std::size_t saved = pos_;
      pos_ = p;
      Node ignored;
      bool quoted = Quoted(ignored);
      end = pos_;
      pos_ = saved;
      if (!quoted) return false;
      while (Is(end, ' ')) ++end;
      return Is(end, ':') && BlankOrEnd(end + 1);
    }
    if (!PlainStarts(p)) return false;
    bool key = false;
    if (!ScanBlockPlain(p, end, key)) return false;
    return key && end - p <= kMaxKeyLength;
  }

  // A key at pos_ and its ':'; leaves pos_ after the ':'.
  bool Key(Node& key) {
    if (s_[pos_] == '"' || s_[pos_] == '\'') {
      if (!Quoted(key)) return false;
    } else {
      if (!PlainStarts(pos_)) return Fail();
      std::size_t end = 0;
      bool is_key = false;
      if (!ScanBlockPlain(pos_, end, is_key)) return false;
      if (!is_key || end - pos_ > kMaxKeyLength) return Fail();
      key = Plain(MarkAt(pos_), TrimRight(s_.substr(pos_, end - pos_)));
      pos_ = end;
    }
    while (Is(pos_, ' ')) ++pos_;
    if (!Is(pos_, ':') || !BlankOrEnd(pos_ + 1)) return Fail();
    ++pos_;
    return true;
  }

  bool IsEntry(std::size_t p) const { return Is(p, '-') && BlankOrEnd(p + 1); }

  // A node at pos_, a content character in column > parent: a collection, or a value
  // that ends its line.
  bool BlockNode(int parent, Node& out) {
    int column = ColumnOf(pos_);
    if (IsEntry(pos_)) return BlockSequence(column, out);
    if (IsKey(pos_)) return BlockMap(column, out);
    if (failed_) return false;
    return InlineValue(parent, out);
  }

  // The value after "key:" or "- " on the same line.
  bool InlineValue(int parent, Node& out) {
    char c = s_[pos_];
    if (c == '"' || c == '\'') return Quoted(out) && FinishLine(parent);
    if (c == '|' || c == '>') return BlockScalar(parent, out);
    if (c == '[' || c == '{') return Flow(parent, out) && FinishLine(parent);
    if (!PlainStarts(pos_)) return Fail();
    std::size_t end = 0;
    bool key = false;
    if (!ScanBlockPlain(pos_, end, key)) return false;
    if (key) return Fail();  // "a: b: c"
    out = Plain(MarkAt(pos_), TrimRight(s_.substr(pos_, end - pos_)));
    pos_ = end;
    return FinishLine(parent);
  }

  // What follows "key:" or "-" when the rest of the line is empty: a node on the next
  // lines indented further than `indent` (or, after a key, a sequence at the key's
  // own indent), else null with the mark of whatever comes next (not the end).
  bool NodeBelow(int indent, bool after_key, Node& out) {
    if (!EndLine(pos_)) return false;
    pos_ = NextContent(pos_);
    if (failed_) return false;
    if (AtEnd(pos_)) return Fail();  // yaml-cpp's mark for the end varies; let it say
    int column = ColumnOf(pos_);
    if (column > indent) return BlockNode(indent, out);
    if (after_key && column == indent && IsEntry(pos_)) return BlockSequence(indent, out);
    out = Node::Null(MarkAt(pos_));
    return true;
  }

  // A block map whose keys are in column `indent`; pos_ is at its first key.
  bool BlockMap(int indent, Node& out) {
    if (++depth_ > kMaxReadDepth) return Fail();
    out = Node::Map(MarkAt(pos_));
    while (true) {
      Node key, value;
      if (!Key(key)) return false;
      while (Is(pos_, ' ')) ++pos_;
      if (BreakOrEnd(pos_) || Is(pos_, '#')) {
        if (!NodeBelow(indent, true, value)) return false;
      } else if (!InlineValue(indent, value)) {
        return false;
      }
      out.AppendMember(std::move(key), std::move(value));
      if (AtEnd(pos_)) break;
      int column = ColumnOf(pos_);
      if (column < indent) break;
      if (column > indent || IsEntry(pos_)) return Fail();
    }
    --depth_;
    return true;
  }

  // A block sequence whose dashes are in column `indent`; pos_ is at its first dash.
  bool BlockSequence(int indent, Node& out) {
    if (++depth_ > kMaxReadDepth) return Fail();
    out = Node::Sequence(MarkAt(pos_));
    while (true) {
      ++pos_;  // the dash
      while (Is(pos_, ' ')) ++pos_;
      Node item;
      if (BreakOrEnd(pos_) || Is(pos_, '#')) {
        if (!NodeBelow(indent, false, item)) return false;
      } else {
        int column = ColumnOf(pos_);
        bool ok = IsEntry(pos_)     ? BlockSequence(column, item)
                  : IsKey(pos_)     ? BlockMap(column, item)
                  : failed_         ? false
                                    : InlineValue(indent, item);
        if (!ok) return false;
      }
      out.Append(std::move(item));
      if (AtEnd(pos_)) break;
      int column = ColumnOf(pos_);
      if (column < indent) break;
      if (column > indent) return Fail();
      if (!IsEntry(pos_)) break;  // the key after an indentless sequence
    }
    --depth_;
    return true;
  }

  std::string_view s_;
  std::vector<std::size_t> line_starts_;
  std::size_t pos_ = 0;
  int depth_ = 0;
  bool failed_ = false;
};

}  // namespace

std::optional<std::vector<Node>> ReadYamlSubset(std::string_view text) { return Reader(text).Read(); }

}  // namespace snapsim::yaml
