#include "src/csi/exec_shell/script.h"

#include <cctype>
#include <optional>

namespace snapsim::csi::shell {
namespace {

struct Token {
  enum Kind { kWord, kOp, kNewline, kEnd } kind = kEnd;
  std::string text;  // word text or operator
  int line = 1;
};

class Lexer {
 public:
  explicit Lexer(std::string_view s) : s_(s) {}

  // The tokens, or the unterminated-quote error.
  std::variant<std::vector<Token>, ParseError> Lex() {
    std::vector<Token> out;
    while (true) {
      SkipBlanks();
      if (i_ >= s_.size()) break;
      char c = s_[i_];
      if (c == '\n') {
        out.push_back({Token::kNewline, "\n", line_});
        ++line_;
        ++i_;
        continue;
      }
      if (c == '#') {
        while (i_ < s_.size() && s_[i_] != '\n') ++i_;
        continue;
      }
      if (c == ';' || c == '&' || c == '|' || c == '<' || c == '>' || c == '(' || c == ')') {
        out.push_back({Token::kOp, Operator(), line_});
        continue;
      }
      const int start_line = line_;
      std::string word;
      while (i_ < s_.size()) {
        c = s_[i_];
        if (c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '&' || c == '|' ||
            c == '(' || c == ')') {
          break;
        }
        if (c == '<' || c == '>') {
          // An IO number: digits right before the operator.
          if (!word.empty() && word.find_first_not_of("0123456789") == std::string::npos) {
            out.push_back({Token::kOp, word + Operator(), start_line});
            word.clear();
          }
          break;
        }
        if (c == '\\') {
          if (i_ + 1 < s_.size() && s_[i_ + 1] == '\n') {  // line continuation
            i_ += 2;
            ++line_;
            continue;
          }
          word += c;
          if (++i_ < s_.size()) word += s_[i_++];
          continue;
        }
        if (c == '\'' || c == '"') {
          const char q = c;
          word += s_[i_++];
          bool closed = false;
          while (i_ < s_.size()) {
            char d = s_[i_];
            if (d == '\n') ++line_;
            if (q == '"' && d == '\\' && i_ + 1 < s_.size()) {
              word += d;
              word += s_[i_ + 1];
              if (s_[i_ + 1] == '\n') ++line_;
              i_ += 2;
              continue;
            }
            word += d;
            ++i_;
            if (d == q) {
              closed = true;
              break;
            }
          }
          if (!closed) return ParseError{ParseError::kUnterminatedQuote, std::string(1, q), line_};
          continue;
        }
        word += c;
        ++i_;
      }
      if (!word.empty()) out.push_back({Token::kWord, word, start_line});
    }
    out.push_back({Token::kEnd, "", line_});
    return out;
  }

 private:
  void SkipBlanks() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t')) ++i_;
  }
  std::string Operator() {
    static const char* kOps[] = {"&&", "||", ">>", ">&", "<&", ";;", ";", "&", "|",
                                 "<",  ">",  "(",  ")"};
    for (const char* op : kOps) {
      std::string_view o(op);
      if (s_.substr(i_, o.size()) == o) {
        i_ += o.size();
        return std::string(o);
      }
    }
    return std::string(1, s_[i_++]);
  }

  std::string_view s_;
  std::size_t i_ = 0;
  int line_ = 1;
};

class Parser {
 public:
  explicit Parser(std::vector<Token> t) : t_(std::move(t)) {}

  std::variant<Script, ParseError> Parse() {
    Script script;
    while (true) {
      while (Peek().kind == Token::kNewline) ++p_;
      if (Peek().kind == Token::kEnd) break;
      AndOr item;
      if (auto e = ParseAndOr(item)) return *e;
      script.items.push_back(std::move(item));
      const Token& sep = Peek();
      if (sep.kind == Token::kEnd) break;
      if (sep.kind == Token::kNewline || sep.text == ";" || sep.text == "&") {
        ++p_;
        continue;
      }
      return Unexpected(sep);
    }
    return script;
  }

 private:
  const Token& Peek() const { return t_[p_]; }

  static ParseError Unexpected(const Token& t) {
    if (t.kind == Token::kEnd) return ParseError{ParseError::kEndOfFile, "", t.line};
    if (t.kind == Token::kNewline) return ParseError{ParseError::kUnexpected, "newline", t.line};
    return ParseError{ParseError::kUnexpected, t.text, t.line};
  }

  void SkipNewlines() {
    while (Peek().kind == Token::kNewline) ++p_;
  }

  std::optional<ParseError> ParseAndOr(AndOr& item) {
    while (true) {
      Pipeline p;
      if (auto e = ParsePipeline(p)) return e;
      item.pipelines.push_back(std::move(p));
      const Token& t = Peek();
      if (t.kind == Token::kOp && (t.text == "&&" || t.text == "||")) {
        item.and_ops.push_back(t.text == "&&");
        ++p_;
        SkipNewlines();
        continue;
      }
      return std::nullopt;
    }
  }

  std::optional<ParseError> ParsePipeline(Pipeline& p) {
    if (Peek().kind == Token::kWord && Peek().text == "!") {
      p.negate = true;
      ++p_;
    }
    while (true) {
      SimpleCommand c;
      if (auto e = ParseCommand(c)) return e;
      p.commands.push_back(std::move(c));
      if (Peek().kind == Token::kOp && Peek().text == "|") {
        ++p_;
        SkipNewlines();
        continue;
      }
      return std::nullopt;
    }
  }

  std::optional<ParseError> ParseCommand(SimpleCommand& c) {
    c.line = Peek().line;
    while (true) {
      const Token& t = Peek();
      if (t.kind == Token::kWord) {
        c.words.push_back(t.text);
        ++p_;
        continue;
      }
      if (t.kind == Token::kOp && (t.text.back() == '>' || t.text.back() == '<' ||
                                   t.text.find(">>") != std::string::npos ||
                                   t.text.find(">&") != std::string::npos ||
                                   t.text.find("<&") != std::string::npos)) {
        Redirect r;
        std::string op = t.text;
        std::size_t digits = op.find_first_not_of("0123456789");
        std::string kind = op.substr(digits);
        if (digits > 0) r.fd = std::stoi(op.substr(0, digits));
        else r.fd = kind[0] == '<' ? 0 : 1;
        r.kind = kind == ">>" ? Redirect::kAppend
                 : kind == "<" ? Redirect::kIn
                 : (kind == ">&" || kind == "<&") ? Redirect::kDup
                                                  : Redirect::kOut;
        ++p_;
        if (Peek().kind != Token::kWord) return Unexpected(Peek());
        r.target = Peek().text;
        ++p_;
        c.redirects.push_back(std::move(r));
        continue;
      }
      break;
    }
    if (c.words.empty() && c.redirects.empty()) return Unexpected(Peek());
    return std::nullopt;
  }

  std::vector<Token> t_;
  std::size_t p_ = 0;
};

}  // namespace

std::variant<Script, ParseError> ParseScript(std::string_view source) {
  auto lexed = Lexer(source).Lex();
  if (auto* e = std::get_if<ParseError>(&lexed)) return *e;
  return Parser(std::move(std::get<std::vector<Token>>(lexed))).Parse();
}

}  // namespace snapsim::csi::shell
