// Small commands: echo, pwd, true, false, sleep, sync, hostname, wc, test / [.
#include <cctype>
#include <map>

#include "src/csi/exec_shell/command.h"
#include "src/csi/exec_shell/ls_format.h"

namespace snapsim::csi::shell {
namespace {

bool IsNumber(std::string_view s, long long* v) {
  std::size_t i = 0;
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  bool neg = false;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) neg = s[i++] == '-';
  if (i == s.size()) return false;
  long long n = 0;
  for (; i < s.size(); ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    n = n * 10 + (s[i] - '0');
  }
  *v = neg ? -n : n;
  return true;
}


// Evaluates a test expression; 0 true, 1 false, 2 error (err set).
int Eval(CommandEnv& env, const std::vector<std::string>& a, std::string* err) {
  const std::string& impl = env.implementation;
  auto bad_number = [&](const std::string& s) {
    if (impl == "dash") *err = "Illegal number: " + s;
    else if (impl == "bash") *err = s + ": integer expression expected";
    else *err = "invalid integer " + QuoteArg(s);
    return 2;
  };
  auto bad_op = [&](const std::string& s) {
    if (impl == "dash") *err = s + ": unexpected operator";
    else if (impl == "bash") *err = s + ": unary operator expected";
    else *err = QuoteArg(s) + ": unary operator expected";
    return 2;
  };
  auto unary = [&](const std::string& op, const std::string& x) -> int {
    if (op == "-z") return x.empty() ? 0 : 1;
    if (op == "-n") return x.empty() ? 1 : 0;
    auto st = env.fs.Stat(env.Abs(x));
    if (op == "-e" || op == "-r" || op == "-w") return st.ok() ? 0 : 1;
    if (op == "-f") return st.ok() && !st->is_dir ? 0 : 1;
    if (op == "-d") return st.ok() && st->is_dir ? 0 : 1;
    if (op == "-s") return st.ok() && st->size > 0 ? 0 : 1;
    if (op == "-x") return st.ok() && (st->is_dir || x.find("bin/") != std::string::npos) ? 0 : 1;
    if (op == "-L" || op == "-h") return 1;
    return bad_op(op);
  };
  auto binary = [&](const std::string& x, const std::string& op, const std::string& y) -> int {
    if (op == "=" || op == "==") return x == y ? 0 : 1;
    if (op == "!=") return x != y ? 0 : 1;
    long long l = 0, r = 0;
    if (!IsNumber(x, &l)) return bad_number(x);
    if (!IsNumber(y, &r)) return bad_number(y);
    if (op == "-eq") return l == r ? 0 : 1;
    if (op == "-ne") return l != r ? 0 : 1;
    if (op == "-lt") return l < r ? 0 : 1;
    if (op == "-le") return l <= r ? 0 : 1;
    if (op == "-gt") return l > r ? 0 : 1;
    return l >= r ? 0 : 1;  // -ge
  };
  auto is_binop = [](const std::string& op) {
    return op == "=" || op == "==" || op == "!=" || op == "-eq" || op == "-ne" || op == "-lt" ||
           op == "-le" || op == "-gt" || op == "-ge";
  };
  auto negate = [](int r) { return r == 2 ? 2 : 1 - r; };
  switch (a.size()) {
    case 0: return 1;
    case 1: return a[0].empty() ? 1 : 0;
    case 2:
      if (a[0] == "!") return a[1].empty() ? 0 : 1;
      return unary(a[0], a[1]);
    case 3:
      if (is_binop(a[1])) return binary(a[0], a[1], a[2]);
      if (a[0] == "!") return negate(unary(a[1], a[2]));
      return bad_op(a[1]);
    case 4:
      if (a[0] == "!" && is_binop(a[2])) return negate(binary(a[1], a[2], a[3]));
      return bad_op(a[0]);
    default:
      *err = impl == "dash" ? a[3] + ": unexpected operator" : "too many arguments";
      return 2;
  }
}

}  // namespace

std::string EchoUnescape(std::string_view s, bool* stop) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\' || i + 1 == s.size()) {
      out += s[i];
      continue;
    }
    char c = s[++i];
    switch (c) {
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      case 'a': out += '\a'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'v': out += '\v'; break;
      case '\\': out += '\\'; break;
      case 'c': *stop = true; return out;
      case '0': {
        int v = 0;
        for (int k = 0; k < 3 && i + 1 < s.size() && s[i + 1] >= '0' && s[i + 1] <= '7'; ++k) {
          v = v * 8 + (s[++i] - '0');
        }
        out += static_cast<char>(v);
        break;
      }
      default: out += '\\'; out += c; break;
    }
  }
  return out;
}

int CmdEcho(CommandEnv& env, const std::vector<std::string>& argv) {
  bool newline = true;
  bool escapes = env.implementation == "dash";
  const bool dash = env.implementation == "dash";
  std::size_t i = 1;
  for (; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a.size() < 2 || a[0] != '-') break;
    const std::string_view letters = dash ? "n" : "neE";
    if (a.find_first_not_of(letters, 1) != std::string::npos) break;
    for (char c : a.substr(1)) {
      if (c == 'n') newline = false;
      if (c == 'e') escapes = true;
      if (c == 'E') escapes = false;
    }
  }
  std::string out;
  bool stop = false;
  for (std::size_t k = i; k < argv.size() && !stop; ++k) {
    if (k > i) out += ' ';
    out += escapes ? EchoUnescape(argv[k], &stop) : argv[k];
  }
  if (newline && !stop) out += '\n';
  *env.out += out;
  return 0;
}

int CmdPwd(CommandEnv& env, const std::vector<std::string>&) {
  *env.out += env.cwd + "\n";
  return 0;
}

int CmdTrue(CommandEnv&, const std::vector<std::string>&) { return 0; }
int CmdFalse(CommandEnv&, const std::vector<std::string>&) { return 1; }
int CmdSync(CommandEnv&, const std::vector<std::string>&) { return 0; }

int CmdSleep(CommandEnv& env, const std::vector<std::string>& argv) {
  if (argv.size() < 2) {
    UsageError(env, argv[0], "missing operand");
    return 1;
  }
  bool ok = true;
  for (std::size_t i = 1; i < argv.size(); ++i) {
    std::string_view a = argv[i];
    if (!a.empty() && std::string_view("smhd").find(a.back()) != std::string_view::npos) {
      a.remove_suffix(1);
    }
    bool valid = !a.empty() && a.find_first_not_of("0123456789.") == std::string_view::npos &&
                 a.find('.') == a.rfind('.') && a != ".";
    if (!valid) {
      *env.err += argv[0] + ": invalid time interval " + QuoteArg(argv[i]) + "\n";
      ok = false;
    }
  }
  if (!ok) {
    *env.err += "Try '" + argv[0] + " --help' for more information.\n";
    return 1;
  }
  return 0;  // returns at once: the container's lifecycle is elsewhere
}

int CmdHostname(CommandEnv& env, const std::vector<std::string>& argv) {
  if (argv.size() > 1) {
    *env.err += argv[0] + ": you must be root to change the host name\n";
    return 1;
  }
  std::string name = env.options.hostname;
  if (name.empty()) {
    auto f = env.fs.Read("/etc/hostname");
    if (f.ok()) name = f->substr(0, f->find('\n'));
  }
  *env.out += name + "\n";
  return 0;
}

int CmdWc(CommandEnv& env, const std::vector<std::string>& argv) {
  ParsedArgs args;
  static const std::map<std::string, char, std::less<>> kLongs = {
      {"lines", 'l'}, {"words", 'w'}, {"bytes", 'c'}};
  if (!ParseArgs(env, argv, "lwc", kLongs, &args)) return 1;
  bool lines = args.Has('l'), words = args.Has('w'), bytes = args.Has('c');
  if (!lines && !words && !bytes) lines = words = bytes = true;
  const int counters = lines + words + bytes;
  std::vector<std::string> inputs = args.operands;
  if (inputs.empty()) inputs.push_back("-");
  struct Counts {
    std::uint64_t l = 0, w = 0, c = 0;
  };
  int status = 0;
  std::vector<std::pair<std::string, Counts>> results;
  Counts total;
  bool non_regular = false;
  std::uint64_t regular_bytes = 0;
  for (const auto& in : inputs) {
    std::string data;
    if (in == "-") {
      data = std::string(env.in);
      non_regular = true;
    } else {
      auto r = env.fs.Read(env.Abs(in));
      if (!r.ok()) {
        std::string shown = NeedsQuotes(in) ? TtyName(in) : in;
        *env.err += argv[0] + ": " + shown + ": " + r.status().message() + "\n";
        status = 1;
        continue;
      }
      data = std::move(*r);
      regular_bytes += data.size();
    }
    Counts c;
    bool in_word = false;
    for (char ch : data) {
      if (ch == '\n') ++c.l;
      bool space = std::isspace(static_cast<unsigned char>(ch)) != 0;
      if (!space && !in_word) ++c.w;
      in_word = !space;
    }
    c.c = data.size();
    total.l += c.l;
    total.w += c.w;
    total.c += c.c;
    results.emplace_back(in == "-" && args.operands.empty() ? "" : in, c);
  }
  std::size_t width = 1;
  if (!(inputs.size() == 1 && counters == 1)) {
    for (std::uint64_t t = regular_bytes; t >= 10; t /= 10) ++width;
    if (non_regular) width = std::max<std::size_t>(width, 7);
  }
  auto print = [&](const Counts& c, const std::string& name) {
    std::string line;
    auto add = [&](std::uint64_t v) {
      std::string s = std::to_string(v);
      if (!line.empty()) line += ' ';
      line += std::string(width > s.size() ? width - s.size() : 0, ' ') + s;
    };
    if (lines) add(c.l);
    if (words) add(c.w);
    if (bytes) add(c.c);
    *env.out += line + (name.empty() ? "" : " " + name) + "\n";
  };
  for (const auto& [name, c] : results) print(c, name);
  if (inputs.size() > 1) print(total, "total");
  return status;
}

int CmdTest(CommandEnv& env, const std::vector<std::string>& argv) {
  std::vector<std::string> a(argv.begin() + 1, argv.end());
  const bool bracket = argv[0] == "[" || (argv[0].size() > 2 && argv[0].substr(argv[0].size() - 2) == "/[");
  if (bracket) {
    if (a.empty() || a.back() != "]") {
      const std::string& impl = env.implementation;
      *env.err += argv[0] + ": " +
                  (impl == "dash" ? "missing ]" : impl == "bash" ? "missing `]'" : "missing ']'") +
                  "\n";
      return 2;
    }
    a.pop_back();
  }
  std::string err;
  int r = Eval(env, a, &err);
  if (r == 2) *env.err += argv[0] + ": " + err + "\n";
  return r;
}

}  // namespace snapsim::csi::shell
