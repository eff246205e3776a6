#include "sim/scenario/flat_pattern.h"

#include <algorithm>
#include <unordered_set>

namespace snapsim::scenario {
namespace {

using ByteSet = std::bitset<256>;

constexpr std::uint32_t kMaxCount = 1000;   // larger {n,m}: left to std::regex
constexpr std::size_t kMaxItems = 256;      // bounds the search's recursion

// Characters an identity escape may name: ECMAScript's syntax characters and the
// punctuation libstdc++ reads as itself after a backslash.
constexpr std::string_view kIdentityEscapes = "\\^$.*+?()[]{}|/-\"',:;=!<>#%&@~`_ ";
// Characters that are never a literal outside a bracket expression (libstdc++ reads a
// `]` or `}` there as itself).
constexpr std::string_view kSpecial = "^$\\.*+?()[{|";

bool IsQuantifierStart(char c) { return c == '*' || c == '+' || c == '?' || c == '{'; }

ByteSet Byte(unsigned char c) {
  ByteSet s;
  s.set(c);
  return s;
}

// \d \s \w as the classic "C" locale's ctype answers them, and their complements.
std::optional<ByteSet> ClassEscape(char e) {
  ByteSet s;
  switch (e) {
    case 'd':
    case 'D':
      for (int c = '0'; c <= '9'; ++c) s.set(c);
      break;
    case 's':
    case 'S':
      for (char c : std::string_view(" \t\n\v\f\r")) s.set(static_cast<unsigned char>(c));
      break;
    case 'w':
    case 'W':
      for (int c = 0; c < 128; ++c) {
        if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') s.set(c);
      }
      break;
    default:
      return std::nullopt;
  }
  if (e >= 'A' && e <= 'Z') s.flip();
  return s;
}

// \n \t \r \f \v, and identity escapes of punctuation.
std::optional<char> CharEscape(char e) {
  switch (e) {
    case 'n':
      return '\n';
    case 't':
      return '\t';
    case 'r':
      return '\r';
    case 'f':
      return '\f';
    case 'v':
      return '\v';
    default:
      if (kIdentityEscapes.find(e) != std::string_view::npos) return e;
      return std::nullopt;
  }
}

bool IsAscii(char c) { return static_cast<unsigned char>(c) < 0x80; }

// The bracket expression opening at source[i] ('['): its set, with i left after its ']'.
std::optional<ByteSet> ParseBracket(std::string_view s, std::size_t& i) {
  std::size_t j = i + 1;
  bool negate = j < s.size() && s[j] == '^';
  if (negate) ++j;
  ByteSet set;
  enum class Last { kNone, kChar, kClass } last = Last::kNone;
  while (true) {
    if (j >= s.size()) return std::nullopt;
    char c = s[j];
    if (c == ']') break;
    if (c == '[') return std::nullopt;  // [:class:], [.coll.], [=equiv=], or a stray '['
    if (c == '-') {
      bool closes = j + 1 < s.size() && s[j + 1] == ']';
      if (last == Last::kNone || (closes && last == Last::kChar)) {
        set.set('-');
        last = Last::kChar;
        ++j;
        continue;
      }
      return std::nullopt;
    }
    if (c == '\\') {
      if (j + 1 >= s.size()) return std::nullopt;
      char e = s[j + 1];
      if (auto cls = ClassEscape(e)) {
        set |= *cls;
        last = Last::kClass;
      } else if (auto ch = CharEscape(e)) {
        set.set(static_cast<unsigned char>(*ch));
        last = Last::kChar;
      } else {
        return std::nullopt;
      }
      j += 2;
      if (j < s.size() && s[j] == '-' && !(j + 1 < s.size() && s[j + 1] == ']')) return std::nullopt;
      continue;
    }
    if (!IsAscii(c)) return std::nullopt;
    // A range a-z: both ends plain characters, in order.
    if (j + 2 < s.size() && s[j + 1] == '-' && s[j + 2] != ']') {
      char hi = s[j + 2];
      if (!IsAscii(hi) || hi == '\\' || hi == '[' || hi == '-' || hi < c) return std::nullopt;
      for (int b = static_cast<unsigned char>(c); b <= static_cast<unsigned char>(hi); ++b) set.set(b);
      j += 3;
      last = Last::kChar;
      continue;
    }
    set.set(static_cast<unsigned char>(c));
    last = Last::kChar;
    ++j;
  }
  i = j + 1;
  if (negate) set.flip();
  return set;
}

// A quantifier at source[i], if any: {min, max}, with i left after it (and after a lazy
// `?`). nullopt if what is there is not a quantifier this parser reads.
struct Count {
  std::uint32_t min = 1, max = 1;
};
std::optional<Count> ParseQuantifier(std::string_view s, std::size_t& i, std::uint32_t unbounded) {
  if (i >= s.size() || !IsQuantifierStart(s[i])) return Count{};
  Count q;
  char c = s[i];
  if (c == '*') {
    q = {0, unbounded};
    ++i;
  } else if (c == '+') {
    q = {1, unbounded};
    ++i;
  } else if (c == '?') {
    q = {0, 1};
    ++i;
  } else {
    auto number = [&](std::uint32_t& out) {
      std::size_t start = i;
      std::uint32_t v = 0;
      while (i < s.size() && s[i] >= '0' && s[i] <= '9' && i - start < 5) v = v * 10 + (s[i++] - '0');
      out = v;
      return i > start && v <= kMaxCount && !(i < s.size() && s[i] >= '0' && s[i] <= '9');
    };
    ++i;
    if (!number(q.min)) return std::nullopt;
    q.max = q.min;
    if (i < s.size() && s[i] == ',') {
      ++i;
      if (i < s.size() && s[i] == '}') {
        q.max = unbounded;
      } else if (!number(q.max) || q.max < q.min) {
        return std::nullopt;
      }
    }
    if (i >= s.size() || s[i] != '}') return std::nullopt;
    ++i;
  }
  if (i < s.size() && s[i] == '?') ++i;  // lazy: whether a match exists does not depend on it
  if (i < s.size() && IsQuantifierStart(s[i])) return std::nullopt;
  return q;
}

}  // namespace

std::optional<FlatPattern> FlatPattern::Parse(std::string_view s) {
  FlatPattern p;
  std::size_t i = 0;
  bool anchored_start = false;
  if (!s.empty() && s[0] == '^') {
    anchored_start = true;
    i = 1;
  }
  while (i < s.size()) {
    char c = s[i];
    if (c == '$') {
      if (i + 1 != s.size()) return std::nullopt;
      p.anchored_end_ = true;
      break;
    }
    ByteSet set;
    std::optional<char> literal;  // the atom is this one character
    if (c == '\\') {
      if (i + 1 >= s.size()) return std::nullopt;
      char e = s[i + 1];
      if (auto cls = ClassEscape(e)) {
        set = *cls;
      } else if (auto ch = CharEscape(e)) {
        literal = *ch;
      } else {
        return std::nullopt;
      }
      i += 2;
    } else if (c == '.') {
      set.set();
      set.reset('\n');
      set.reset('\r');
      ++i;
    } else if (c == '[') {
      auto bracket = ParseBracket(s, i);
      if (!bracket) return std::nullopt;
      set = *bracket;
    } else if (kSpecial.find(c) != std::string_view::npos) {
      return std::nullopt;  // ( ) | a quantifier with nothing to repeat, a ^ inside
    } else {
      literal = c;
      ++i;
    }
    bool quantified = i < s.size() && IsQuantifierStart(s[i]);
    auto count = ParseQuantifier(s, i, kUnbounded);
    if (!count) return std::nullopt;
    if (literal && !quantified) {
      if (p.items_.empty() || p.items_.back().literal.empty()) p.items_.emplace_back();
      p.items_.back().literal += *literal;
      continue;
    }
    if (literal) set = Byte(static_cast<unsigned char>(*literal));
    Item item;
    item.set = set;
    item.min = count->min;
    item.max = count->max;
    item.universal = set.all() && item.max == kUnbounded;
    p.items_.push_back(std::move(item));
  }
  if (!anchored_start) {
    Item any;
    any.set.set();
    any.min = 0;
    any.max = kUnbounded;
    any.universal = true;
    p.items_.insert(p.items_.begin(), std::move(any));
  }
  if (p.items_.size() > kMaxItems) return std::nullopt;
  return p;
}

// One search, depth first: Match(j, pos) answers whether items j.. match text from pos
// (to its end if the pattern ends with `$`), remembering failures. It takes a bounded
// number of steps; past them it gives up (exhausted()) and Search asks Table instead.
class FlatPattern::Walk {
 public:
  Walk(const FlatPattern& p, std::string_view text)
      : items_(p.items_), anchored_end_(p.anchored_end_), text_(text),
        steps_left_(16 * (text.size() + 1) + 1024),
        universal_fails_from_(p.items_.size(), std::string_view::npos) {}

  bool exhausted() const { return steps_left_ == 0; }

  bool Match(std::size_t j, std::size_t pos) {
    const std::size_t n = text_.size();
    while (true) {
      if (!Step()) return false;
      if (j == items_.size()) return !anchored_end_ || pos == n;
      const Item& item = items_[j];
      if (!item.literal.empty()) {
        if (text_.substr(pos, item.literal.size()) != item.literal) return false;
        pos += item.literal.size();
        ++j;
        continue;
      }
      if (item.universal) return MatchAfterUniversal(j, pos);
      if (n - pos < item.min) return false;
      for (std::size_t k = 0; k < item.min; ++k) {
        if (!item.set[static_cast<unsigned char>(text_[pos + k])]) return false;
      }
      if (item.min == item.max) {
        pos += item.min;
        ++j;
        continue;
      }
      std::uint64_t key = static_cast<std::uint64_t>(j) * (n + 1) + pos;
      if (failed_.contains(key)) return false;
      for (std::size_t k = item.min;; ++k) {
        if (Match(j + 1, pos + k)) return true;
        if (exhausted()) return false;
        if (k == item.max || pos + k == n || !item.set[static_cast<unsigned char>(text_[pos + k])]) break;
        if (!Step()) return false;
      }
      failed_.insert(key);
      return false;
    }
  }

 private:
  bool Step() {
    if (steps_left_ == 0) return false;
    --steps_left_;
    return true;
  }

  // Item j matches every byte: the rest must match from some position at least `min`
  // further on. If it cannot from pos, it cannot from any later position either.
  bool MatchAfterUniversal(std::size_t j, std::size_t pos) {
    const std::size_t n = text_.size();
    std::size_t& fails_from = universal_fails_from_[j];
    std::size_t q = pos + items_[j].min;
    if (pos >= fails_from || q > n) return false;
    if (j + 1 == items_.size()) return true;  // it runs to the end
    const Item& next = items_[j + 1];
    if (!next.literal.empty()) {
      for (q = text_.find(next.literal, q); q != std::string_view::npos; q = text_.find(next.literal, q + 1)) {
        if (Match(j + 1, q)) return true;
        if (exhausted()) return false;
      }
    } else {
      for (; q <= n; ++q) {
        if (next.min > 0 && (q == n || !next.set[static_cast<unsigned char>(text_[q])])) continue;
        if (Match(j + 1, q)) return true;
        if (exhausted()) return false;
      }
    }
    fails_from = pos;
    return false;
  }

  const std::vector<Item>& items_;
  const bool anchored_end_;
  const std::string_view text_;
  std::size_t steps_left_;
  std::vector<std::size_t> universal_fails_from_;  // per item: npos, or a position it failed from
  std::unordered_set<std::uint64_t> failed_;        // item * (size + 1) + position: known to fail
};

// The same answer by dynamic programming, last item first: for each item, the positions
// from which the rest of the pattern matches. Items x positions, whatever the pattern.
bool FlatPattern::Table(std::string_view text) const {
  const std::size_t n = text.size();
  std::vector<char> ok(n + 1), next(n + 1);
  std::vector<std::size_t> next_ok(n + 2), run(n + 1);
  for (std::size_t pos = 0; pos <= n; ++pos) next[pos] = !anchored_end_ || pos == n;
  for (std::size_t j = items_.size(); j-- > 0;) {
    const Item& item = items_[j];
    if (!item.literal.empty()) {
      const std::size_t len = item.literal.size();
      for (std::size_t pos = 0; pos <= n; ++pos) {
        ok[pos] = pos + len <= n && next[pos + len] && text.compare(pos, len, item.literal) == 0;
      }
    } else {
      // next_ok[q]: the first position at or after q from which the rest matches.
      next_ok[n + 1] = n + 1;
      for (std::size_t q = n + 1; q-- > 0;) next_ok[q] = next[q] ? q : next_ok[q + 1];
      // run[pos]: how many bytes from pos are in the set.
      run[n] = 0;
      for (std::size_t pos = n; pos-- > 0;) run[pos] = item.set[static_cast<unsigned char>(text[pos])] ? run[pos + 1] + 1 : 0;
      for (std::size_t pos = 0; pos <= n; ++pos) {
        std::size_t most = std::min<std::size_t>(item.max, run[pos]);
        ok[pos] = item.min <= most && next_ok[pos + item.min] <= pos + most;
      }
    }
    std::swap(ok, next);
  }
  return next[0];
}

bool FlatPattern::Search(std::string_view text) const {
  Walk walk(*this, text);
  bool found = walk.Match(0, 0);
  if (walk.exhausted()) return Table(text);
  return found;
}

}  // namespace snapsim::scenario
