#include "sim/scenario/pattern.h"

#include <mutex>

namespace snapsim::scenario {
namespace {

// The index of the `]` that closes the bracket expression opened at `open`, as
// libstdc++'s ECMAScript scanner reads it: a backslash escapes the next character, a `]`
// right after `[` or `[^` closes an empty class, and [:name:], [.name.] and [=name=] are
// read whole (their `]` closes nothing); npos if unterminated.
std::size_t BracketEnd(std::string_view s, std::size_t open) {
  std::size_t i = open + 1;
  if (i < s.size() && s[i] == '^') ++i;
  while (i < s.size()) {
    char c = s[i];
    if (c == ']') return i;
    if (c == '\\') {
      i += 2;
    } else if (c == '[' && i + 1 < s.size() && (s[i + 1] == ':' || s[i + 1] == '.' || s[i + 1] == '=')) {
      std::size_t close = s.find(std::string{s[i + 1], ']'}, i + 2);
      if (close == std::string_view::npos) return close;
      i = close + 2;
    } else {
      ++i;
    }
  }
  return std::string_view::npos;
}

// True if `source` has a `|` outside every group and bracket expression: then a leading
// `^` or literal belongs to the first alternative only. (Also true if it cannot tell: a
// bracket expression without its end.)
bool HasTopLevelAlternation(std::string_view source) {
  int depth = 0;
  for (std::size_t i = 0; i < source.size(); ++i) {
    char c = source[i];
    if (c == '\\') {
      ++i;  // the escaped character is never structure
      continue;
    }
    if (c == '[') {
      i = BracketEnd(source, i);
      if (i == std::string_view::npos) return true;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')') {
      if (depth > 0) --depth;
    } else if (c == '|' && depth == 0) {
      return true;
    }
  }
  return false;
}

bool IsQuantifier(char c) { return c == '*' || c == '+' || c == '?' || c == '{'; }

bool IsAsciiAlnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

}  // namespace

PatternHints AnalyzePattern(std::string_view source) {
  PatternHints hints;
  if (HasTopLevelAlternation(source)) return hints;
  if (!source.empty() && source[0] == '^') {
    hints.anchored = true;
    return hints;
  }
  // The literal prefix: plain characters and escaped punctuation up to the first
  // operator. A quantifier after a character makes that character optional or
  // repeated, so it is not part of the prefix.
  std::string prefix;
  std::size_t i = 0;
  while (i < source.size()) {
    char c = source[i];
    char literal;
    std::size_t width = 1;
    if (c == '\\') {
      if (i + 1 >= source.size()) break;
      char e = source[i + 1];
      if (e == 'n') {
        literal = '\n';
      } else if (e == 't') {
        literal = '\t';
      } else if (e == 'r') {
        literal = '\r';
      } else if (!IsAsciiAlnum(e) && static_cast<unsigned char>(e) < 0x80) {
        literal = e;  // an identity escape: \. \* \( \/ \- ...
      } else {
        break;  // a class (\d \s \w), an assertion (\b), a backreference, \x.. \u.. \c..
      }
      width = 2;
    } else if (c == '^' || c == '$' || c == '.' || c == '|' || c == '(' || c == ')' || c == '[' ||
               c == ']' || c == '{' || c == '}' || c == '*' || c == '+' || c == '?') {
      break;
    } else {
      literal = c;
    }
    if (i + width < source.size() && IsQuantifier(source[i + width])) break;
    prefix += literal;
    i += width;
  }
  hints.literal_prefix = std::move(prefix);
  return hints;
}

std::optional<std::string> LazyQuantifiers(std::string_view source) {
  std::string out;
  out.reserve(source.size() + 8);
  std::size_t i = 0;
  bool unbounded = false;
  // After a quantifier: make it lazy (if it already is, that `?` is the one written).
  auto lazy = [&] {
    out += '?';
    if (i < source.size() && source[i] == '?') ++i;
  };
  while (i < source.size()) {
    char c = source[i];
    if (c == '\\') {
      if (i + 1 < source.size() && source[i + 1] >= '1' && source[i + 1] <= '9') return std::nullopt;
      if (i + 1 < source.size() && source[i + 1] == 'k') return std::nullopt;  // \k<name>
      out.append(source.substr(i, 2));
      i += 2;
    } else if (c == '[') {
      std::size_t j = BracketEnd(source, i);
      if (j == std::string_view::npos) return std::nullopt;
      out.append(source.substr(i, j + 1 - i));
      i = j + 1;
    } else if (c == '(' && i + 1 < source.size() && source[i + 1] == '?') {
      out += "(?";  // (?: (?= (?! — that ? quantifies nothing
      i += 2;
    } else if (c == '*' || c == '+' || c == '?') {
      unbounded |= c != '?';
      out += c;
      ++i;
      lazy();
    } else if (c == '{') {
      std::size_t j = i + 1, digits = 0;
      while (j < source.size() && source[j] >= '0' && source[j] <= '9') ++j, ++digits;
      if (digits == 0) return std::nullopt;
      if (j < source.size() && source[j] == ',') {
        ++j;
        unbounded |= j < source.size() && source[j] == '}';
        while (j < source.size() && source[j] >= '0' && source[j] <= '9') ++j;
      }
      if (j >= source.size() || source[j] != '}') return std::nullopt;
      out.append(source.substr(i, j + 1 - i));
      i = j + 1;
      lazy();
    } else {
      out += c;
      ++i;
    }
  }
  if (!unbounded) return std::nullopt;  // bounded repetition backs off little: not worth a compile
  return out;
}

struct Pattern::Lazy {
  std::string source;
  std::once_flag once;
  std::optional<Regex> regex;  // unset if it does not compile
};

Pattern Pattern::Compile(std::string source) {
  Pattern p;
  if (auto flat = FlatPattern::Parse(source)) {
    p.flat_ = std::make_shared<const FlatPattern>(std::move(*flat));
    p.source = std::move(source);
    return p;
  }
  p.regex = Regex(source, std::regex::ECMAScript);
  if (auto lazy = LazyQuantifiers(source)) {
    p.lazy_ = std::make_shared<Lazy>();
    p.lazy_->source = std::move(*lazy);
  }
  PatternHints hints = AnalyzePattern(source);
  p.anchored = hints.anchored;
  p.literal_prefix = std::move(hints.literal_prefix);
  p.source = std::move(source);
  return p;
}

const Regex& Pattern::SearchRegex() const {
  if (lazy_ == nullptr) return regex;
  std::call_once(lazy_->once, [this] {
    try {
      lazy_->regex.emplace(lazy_->source, std::regex::ECMAScript);
    } catch (const std::regex_error&) {
      // Search with the pattern as written.
    }
  });
  return lazy_->regex ? *lazy_->regex : regex;
}

bool Pattern::Search(std::string_view text) const {
  if (flat_ != nullptr) return flat_->Search(text);
  const Regex& search_regex = SearchRegex();
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  if (anchored) return std::regex_search(begin, end, search_regex, std::regex_constants::match_continuous);
  if (literal_prefix.empty()) return std::regex_search(begin, end, search_regex);
  // Try a match starting exactly at each occurrence of the prefix; match_prev_avail lets
  // `\b` and `^` see the byte before it, as they would in a search of the whole text.
  for (std::size_t at = text.find(literal_prefix); at != std::string_view::npos;
       at = text.find(literal_prefix, at + 1)) {
    auto flags = std::regex_constants::match_continuous;
    if (at > 0) flags |= std::regex_constants::match_prev_avail;
    if (std::regex_search(begin + at, end, search_regex, flags)) return true;
  }
  return false;
}

}  // namespace snapsim::scenario
