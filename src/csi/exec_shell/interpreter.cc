#include "src/csi/exec_shell/interpreter.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <memory>

#include "src/csi/exec_shell/command.h"
#include "src/csi/exec_shell/program.h"
#include "src/csi/exec_shell/script.h"

namespace snapsim::csi::shell {
namespace {

// One output stream: the terminal's, a file's buffer, or nowhere.
struct Sink {
  std::string* buffer = nullptr;  // nullptr = discard
  std::string file;               // absolute path when writing to a file
};

// fnmatch() without flags beyond a leading-dot rule applied by the caller.
bool Match(std::string_view p, std::string_view s) {
  if (p.empty()) return s.empty();
  if (p[0] == '*') {
    for (std::size_t i = 0; i <= s.size(); ++i) {
      if (Match(p.substr(1), s.substr(i))) return true;
    }
    return false;
  }
  if (s.empty()) return false;
  if (p[0] == '?') return Match(p.substr(1), s.substr(1));
  if (p[0] == '[') {
    auto close = p.find(']', 2);
    if (close != std::string_view::npos) {
      std::string_view set = p.substr(1, close - 1);
      bool neg = !set.empty() && (set[0] == '!' || set[0] == '^');
      if (neg) set.remove_prefix(1);
      bool hit = false;
      for (std::size_t i = 0; i < set.size(); ++i) {
        if (i + 2 < set.size() && set[i + 1] == '-') {
          hit |= s[0] >= set[i] && s[0] <= set[i + 2];
          i += 2;
        } else {
          hit |= s[0] == set[i];
        }
      }
      return hit != neg && Match(p.substr(close + 1), s.substr(1));
    }
  }
  return p[0] == s[0] && Match(p.substr(1), s.substr(1));
}

struct Field {
  std::string text;
  std::string glob;  // the text with quoted glob characters escaped by '\\', for matching
  bool has_glob = false;
  bool started = false;  // "" makes an (empty) field
};

class Shell {
 public:
  Shell(ShellKind kind, std::string arg0, std::vector<std::string> params, ContainerFs& fs,
        const ShellOptions& options, std::string cwd)
      : kind_(kind), arg0_(std::move(arg0)), params_(std::move(params)), fs_(fs),
        options_(options), cwd_(std::move(cwd)) {
    vars_["PATH"] = kContainerPath;
    vars_["HOME"] = "/root";
    vars_["HOSTNAME"] = options.hostname;
    vars_["PWD"] = cwd_;
    if (options.tty) vars_["TERM"] = "xterm";
  }

  int RunSource(std::string_view source, std::string_view in, std::string* out, std::string* err) {
    auto parsed = ParseScript(source);
    if (auto* e = std::get_if<ParseError>(&parsed)) {
      *err += SyntaxError(*e);
      return 2;
    }
    in_ = in;
    RunList(std::get<Script>(parsed), out, err);
    return status_;
  }

 private:
  std::string Prefix(int line) const {
    switch (kind_) {
      case ShellKind::kDash:
        return arg0_ + ": " + std::to_string(line) + ": ";
      case ShellKind::kBash:
        return arg0_ == "bash" ? "bash: " : arg0_ + ": line " + std::to_string(line) + ": ";
      case ShellKind::kAsh:
        return arg0_ + ": ";
    }
    return arg0_ + ": ";
  }

  std::string SyntaxError(const ParseError& e) const {
    const std::string line = std::to_string(e.line);
    switch (kind_) {
      case ShellKind::kDash:
        if (e.kind == ParseError::kUnterminatedQuote) {
          return arg0_ + ": " + line + ": Syntax error: Unterminated quoted string\n";
        }
        if (e.kind == ParseError::kEndOfFile) {
          return arg0_ + ": " + line + ": Syntax error: end of file unexpected\n";
        }
        return arg0_ + ": " + line + ": Syntax error: \"" + e.token + "\" unexpected\n";
      case ShellKind::kBash:
        if (e.kind == ParseError::kUnterminatedQuote) {
          return arg0_ + ": -c: line " + line + ": unexpected EOF while looking for matching `" +
                 e.token + "'\n";
        }
        if (e.kind == ParseError::kEndOfFile) {
          return arg0_ + ": -c: line " + line + ": syntax error: unexpected end of file\n";
        }
        return arg0_ + ": -c: line " + line + ": syntax error near unexpected token `" + e.token +
               "'\n";
      case ShellKind::kAsh:
        if (e.kind == ParseError::kUnterminatedQuote) {
          return arg0_ + ": syntax error: unterminated quoted string\n";
        }
        if (e.kind == ParseError::kEndOfFile) return arg0_ + ": syntax error: unexpected end of file\n";
        return arg0_ + ": syntax error: unexpected \"" + e.token + "\"\n";
    }
    return "";
  }

  void RunList(const Script& script, std::string* out, std::string* err) {
    for (const auto& item : script.items) {
      if (exited_) return;
      for (std::size_t i = 0; i < item.pipelines.size() && !exited_; ++i) {
        if (i > 0) {
          bool want_success = item.and_ops[i - 1];
          if ((status_ == 0) != want_success) continue;
        }
        RunPipeline(item.pipelines[i], out, err);
      }
    }
  }

  void RunPipeline(const Pipeline& p, std::string* out, std::string* err) {
    if (p.commands.size() == 1) {
      status_ = RunCommand(p.commands[0], in_, out, err);
    } else {
      std::string data(in_);
      for (std::size_t i = 0; i < p.commands.size(); ++i) {
        std::string next;
        Shell sub = *this;  // each part of a pipeline runs in a subshell
        sub.exited_ = false;
        std::string* sink = i + 1 == p.commands.size() ? out : &next;
        status_ = sub.RunCommand(p.commands[i], data, sink, err);
        data = std::move(next);
      }
    }
    if (p.negate) status_ = status_ == 0 ? 1 : 0;
  }

  // ---- expansion ----

  std::string Var(std::string_view name) const {
    if (name == "?") return std::to_string(status_);
    if (name == "#") return std::to_string(params_.size());
    if (name == "$") return "1";
    if (name == "0") return arg0_;
    if (name.size() == 1 && std::isdigit(static_cast<unsigned char>(name[0]))) {
      std::size_t i = static_cast<std::size_t>(name[0] - '0');
      return i <= params_.size() ? params_[i - 1] : "";
    }
    auto it = vars_.find(std::string(name));
    return it == vars_.end() ? "" : it->second;
  }

  // Reads a $-expansion at s[i] (s[i] == '$'); advances i; nullopt-like: returns false
  // if the '$' is literal.
  bool ReadVar(std::string_view s, std::size_t& i, std::string* value) const {
    if (i + 1 >= s.size()) return false;
    char c = s[i + 1];
    if (c == '{') {
      auto close = s.find('}', i + 2);
      if (close == std::string_view::npos) return false;
      *value = Var(s.substr(i + 2, close - i - 2));
      i = close + 1;
      return true;
    }
    if (c == '?' || c == '#' || c == '$' || std::isdigit(static_cast<unsigned char>(c))) {
      *value = Var(s.substr(i + 1, 1));
      i += 2;
      return true;
    }
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      std::size_t j = i + 1;
      while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '_')) ++j;
      *value = Var(s.substr(i + 1, j - i - 1));
      i = j;
      return true;
    }
    return false;
  }

  static void AddQuoted(Field& f, std::string_view text) {
    f.started = true;
    f.text += text;
    for (char c : text) {
      if (c == '*' || c == '?' || c == '[' || c == '\\') f.glob += '\\';
      f.glob += c;
    }
  }
  static void AddUnquoted(Field& f, char c) {
    f.started = true;
    f.text += c;
    f.glob += c;
    if (c == '*' || c == '?' || c == '[') f.has_glob = true;
  }

  std::vector<std::string> Expand(std::string_view w) const {
    std::vector<Field> fields(1);
    auto split_add = [&](const std::string& v) {  // unquoted expansion: field splitting
      for (char c : v) {
        if (c == ' ' || c == '\t' || c == '\n') {
          if (fields.back().started) fields.emplace_back();
        } else {
          AddUnquoted(fields.back(), c);
        }
      }
    };
    std::size_t i = 0;
    if (!w.empty() && w[0] == '~' && (w.size() == 1 || w[1] == '/')) {
      AddQuoted(fields.back(), Var("HOME"));
      i = 1;
    }
    while (i < w.size()) {
      char c = w[i];
      if (c == '\\') {
        if (i + 1 < w.size()) AddQuoted(fields.back(), w.substr(i + 1, 1));
        i += 2;
      } else if (c == '\'') {
        auto close = w.find('\'', i + 1);
        AddQuoted(fields.back(), w.substr(i + 1, close - i - 1));
        i = close + 1;
      } else if (c == '"') {
        Field& f = fields.back();
        f.started = true;
        ++i;
        while (i < w.size() && w[i] != '"') {
          std::string v;
          if (w[i] == '\\' && i + 1 < w.size() &&
              std::string_view("$`\"\\\n").find(w[i + 1]) != std::string_view::npos) {
            if (w[i + 1] != '\n') AddQuoted(f, w.substr(i + 1, 1));
            i += 2;
          } else if (w[i] == '$' && ReadVar(w, i, &v)) {
            AddQuoted(f, v);
          } else {
            AddQuoted(f, w.substr(i, 1));
            ++i;
          }
        }
        ++i;
      } else if (c == '$') {
        std::string v;
        if (ReadVar(w, i, &v)) {
          split_add(v);
        } else {
          AddUnquoted(fields.back(), c);
          ++i;
        }
      } else {
        AddUnquoted(fields.back(), c);
        ++i;
      }
    }
    std::vector<std::string> out;
    for (auto& f : fields) {
      if (!f.started) continue;
      if (f.has_glob) {
        auto matches = Glob(f.glob);
        if (!matches.empty()) {
          out.insert(out.end(), matches.begin(), matches.end());
          continue;
        }
      }
      out.push_back(std::move(f.text));
    }
    return out;
  }

  static std::string Unescape(std::string_view p) {
    std::string s;
    for (std::size_t i = 0; i < p.size(); ++i) {
      if (p[i] == '\\' && i + 1 < p.size()) ++i;
      s += p[i];
    }
    return s;
  }

  // Pathname expansion of a pattern (quoted glob chars escaped), sorted; empty if none.
  std::vector<std::string> Glob(const std::string& pattern) const {
    std::vector<std::string> parts;
    std::size_t i = 0;
    while (i <= pattern.size()) {
      auto j = pattern.find('/', i);
      if (j == std::string::npos) j = pattern.size();
      parts.push_back(pattern.substr(i, j - i));
      i = j + 1;
    }
    // Each candidate: (shown, absolute).
    std::vector<std::pair<std::string, std::string>> cur;
    if (!pattern.empty() && pattern[0] == '/') {
      cur.push_back({"", "/"});
    } else {
      cur.push_back({"", cwd_});
    }
    for (std::size_t k = 0; k < parts.size(); ++k) {
      const std::string& part = parts[k];
      if (k == 0 && part.empty()) {  // leading '/'
        cur[0].first = "/";
        continue;
      }
      std::vector<std::pair<std::string, std::string>> next;
      bool magic = false;
      for (std::size_t c = 0; c < part.size(); ++c) {
        if (part[c] == '\\') {
          ++c;
        } else if (part[c] == '*' || part[c] == '?' || part[c] == '[') {
          magic = true;
        }
      }
      for (const auto& [shown, abs] : cur) {
        std::string sep = shown.empty() || shown.back() == '/' ? "" : "/";
        if (!magic) {
          std::string name = Unescape(part);
          if (part.empty()) {
            next.push_back({shown + sep, abs});
            continue;
          }
          std::string a = AbsPath(abs, name);
          if (fs_.Stat(a).ok()) next.push_back({shown + sep + name, a});
          continue;
        }
        auto listing = fs_.List(abs);
        if (!listing.ok()) continue;
        for (const auto& e : *listing) {
          if (e.name[0] == '.' && part[0] != '.') continue;
          if (GlobMatch(part, e.name)) next.push_back({shown + sep + e.name, AbsPath(abs, e.name)});
        }
      }
      cur = std::move(next);
    }
    std::vector<std::string> out;
    for (auto& [shown, abs] : cur) out.push_back(shown);
    std::sort(out.begin(), out.end());
    return out;
  }

  static bool GlobMatch(std::string_view p, std::string_view s) {
    // Escaped characters match literally: turn "\\x" into a one-char set "[x]".
    std::string q;
    for (std::size_t i = 0; i < p.size(); ++i) {
      if (p[i] == '\\' && i + 1 < p.size()) {
        q += '[';
        q += p[++i];
        q += ']';
      } else {
        q += p[i];
      }
    }
    return Match(q, s);
  }

  // ---- commands ----

  static bool IsAssignment(std::string_view w) {
    auto eq = w.find('=');
    if (eq == std::string_view::npos || eq == 0) return false;
    if (!std::isalpha(static_cast<unsigned char>(w[0])) && w[0] != '_') return false;
    for (std::size_t i = 0; i < eq; ++i) {
      if (!std::isalnum(static_cast<unsigned char>(w[i])) && w[i] != '_') return false;
    }
    return true;
  }

  std::string Errno(const Status& s, bool input) const {
    if (kind_ == ShellKind::kDash && s.message() == "No such file or directory") {
      return input ? "No such file" : "Directory nonexistent";
    }
    return s.message();
  }

  int RunCommand(const SimpleCommand& c, std::string_view in, std::string* out, std::string* err) {
    std::size_t first_word = 0;
    std::vector<std::pair<std::string, std::string>> assignments;
    while (first_word < c.words.size() && IsAssignment(c.words[first_word])) {
      const std::string& w = c.words[first_word];
      auto eq = w.find('=');
      auto value = Expand(w.substr(eq + 1));
      std::string joined;
      for (std::size_t i = 0; i < value.size(); ++i) joined += (i ? " " : "") + value[i];
      assignments.push_back({w.substr(0, eq), joined});
      ++first_word;
    }
    std::vector<std::string> argv;
    for (std::size_t i = first_word; i < c.words.size(); ++i) {
      auto f = Expand(c.words[i]);
      argv.insert(argv.end(), f.begin(), f.end());
    }

    // Redirections, left to right.
    std::string input(in);
    std::vector<std::unique_ptr<std::string>> buffers;
    Sink fd1{out, ""}, fd2{err, ""};
    std::vector<Sink> files;
    for (const auto& r : c.redirects) {
      auto words = Expand(r.target);
      std::string target = words.empty() ? "" : words[0];
      if (r.kind == Redirect::kDup) {
        Sink src = target == "2" ? fd2 : target == "1" ? fd1 : Sink{};
        (r.fd == 2 ? fd2 : fd1) = src;
        continue;
      }
      const std::string abs = AbsPath(cwd_, target);
      if (r.kind == Redirect::kIn) {
        auto data = fs_.Read(abs);
        if (!data.ok()) {
          *err += Prefix(c.line) + (kind_ == ShellKind::kDash ? "cannot open " + target
                                                              : kind_ == ShellKind::kAsh ? "can't open '" + target + "'" : target) +
                  ": " + Errno(data.status(), true) + "\n";
          return kind_ == ShellKind::kDash ? 2 : 1;
        }
        if (r.fd == 0) input = *data;
        continue;
      }
      Status opened = r.kind == Redirect::kAppend ? fs_.Append(abs, "") : fs_.Write(abs, "");
      if (!opened.ok()) {
        *err += Prefix(c.line) + (kind_ == ShellKind::kDash ? "cannot create " + target
                                                            : kind_ == ShellKind::kAsh ? "can't create " + target : target) +
                ": " + Errno(opened, false) + "\n";
        return kind_ == ShellKind::kDash ? 2 : 1;
      }
      Sink s;
      if (abs != "/dev/null") {
        buffers.push_back(std::make_unique<std::string>());
        s = Sink{buffers.back().get(), abs};
      }
      (r.fd == 2 ? fd2 : fd1) = s;
    }

    std::string discard1, discard2;
    std::string* o = fd1.buffer ? fd1.buffer : &discard1;
    std::string* e = fd2.buffer ? fd2.buffer : &discard2;
    int status = 0;
    if (argv.empty()) {
      for (auto& [k, v] : assignments) vars_[k] = v;
    } else {
      status = Execute(argv, c.line, input, o, e);
    }
    // Flush file buffers, in order.
    for (std::size_t i = 0; i < buffers.size(); ++i) {
      const std::string& data = *buffers[i];
      if (data.empty()) continue;
      std::string path;
      for (const Sink* s : {&fd1, &fd2}) {
        if (s->buffer == buffers[i].get()) path = s->file;
      }
      Status st = path.empty() ? Status::Ok() : fs_.Append(path, data);
      if (!st.ok()) {
        *err += (argv.empty() ? arg0_ : argv[0]) + ": write error: " + st.message() + "\n";
        status = 1;
      }
    }
    return status;
  }

  int Execute(const std::vector<std::string>& argv, int line, std::string_view in,
              std::string* out, std::string* err) {
    const std::string& name = argv[0];
    if (name == "cd") return Cd(argv, line, err);
    if (name == "exit") return Exit(argv, line, err);
    if (name == "exec") {
      if (argv.size() == 1) return 0;
      std::vector<std::string> rest(argv.begin() + 1, argv.end());
      int s = Execute(rest, line, in, out, err);
      exited_ = true;
      return s;
    }
    if (name == ":" || name == "set" || name == "export" || name == "unset") {
      for (std::size_t i = 1; i < argv.size(); ++i) {
        if (name == "unset") {
          vars_.erase(argv[i]);
        } else if (name == "export" && IsAssignment(argv[i])) {
          auto eq = argv[i].find('=');
          vars_[argv[i].substr(0, eq)] = argv[i].substr(eq + 1);
        }
      }
      return 0;
    }
    static const char* kBuiltins[] = {"echo", "pwd", "true", "false", "test", "["};
    for (const char* b : kBuiltins) {
      if (name != b) continue;
      std::string builtin_err;
      const char* impl = kind_ == ShellKind::kDash   ? "dash"
                         : kind_ == ShellKind::kBash ? "bash"
                                                     : "busybox";
      CommandEnv env{fs_, options_, cwd_, in, out, &builtin_err, impl};
      int s = FindCommand(name)(env, argv);
      std::size_t start = 0;
      while (start < builtin_err.size()) {
        auto nl = builtin_err.find('\n', start);
        *err += Prefix(line) + builtin_err.substr(start, nl - start + 1);
        start = nl == std::string::npos ? builtin_err.size() : nl + 1;
      }
      return s;
    }
    FoundProgram p = FindProgram(fs_, cwd_, name);
    const bool has_slash = name.find('/') != std::string::npos;
    switch (p.result) {
      case FoundProgram::kFound: {
        ProgramIo io{cwd_, in, out, err};
        return RunProgram(p, argv, fs_, options_, io);
      }
      case FoundProgram::kNotFound:
        if (kind_ == ShellKind::kBash) {
          *err += Prefix(line) + name +
                  (has_slash ? ": No such file or directory\n" : ": command not found\n");
        } else {
          *err += Prefix(line) + name + ": not found\n";
        }
        return 127;
      case FoundProgram::kIsDirectory:
        *err += Prefix(line) + name +
                (kind_ == ShellKind::kBash ? ": Is a directory\n" : ": Permission denied\n");
        return 126;
      case FoundProgram::kNotExecutable:
        *err += Prefix(line) + name + ": Permission denied\n";
        return 126;
    }
    return 127;
  }

  int Cd(const std::vector<std::string>& argv, int line, std::string* err) {
    std::string target = argv.size() > 1 ? argv[1] : Var("HOME");
    std::string abs = AbsPath(cwd_, target);
    auto st = fs_.Stat(abs);
    Status s = !st.ok()       ? st.status()
               : !st->is_dir ? Status::FailedPrecondition("Not a directory")
                             : Status::Ok();
    if (!s.ok()) {
      switch (kind_) {
        case ShellKind::kDash:
          *err += Prefix(line) + "cd: can't cd to " + target + "\n";
          return 2;
        case ShellKind::kBash:
          *err += Prefix(line) + "cd: " + target + ": " + s.message() + "\n";
          return 1;
        case ShellKind::kAsh:
          *err += Prefix(line) + "cd: can't cd to " + target + ": " + s.message() + "\n";
          return 1;
      }
    }
    cwd_ = abs;
    vars_["PWD"] = cwd_;
    return 0;
  }

  int Exit(const std::vector<std::string>& argv, int line, std::string* err) {
    exited_ = true;
    if (argv.size() < 2) return status_;
    const std::string& a = argv[1];
    bool numeric = !a.empty() && a.find_first_not_of("0123456789") == std::string::npos;
    if (kind_ == ShellKind::kBash && a.size() > 1 && a[0] == '-') {
      numeric = a.find_first_not_of("0123456789", 1) == std::string::npos;
    }
    if (!numeric) {
      if (kind_ == ShellKind::kBash) {
        *err += Prefix(line) + "exit: " + a + ": numeric argument required\n";
      } else {
        *err += Prefix(line) + "exit: Illegal number: " + a + "\n";
      }
      return 2;
    }
    long long v = 0;
    for (char ch : a) {
      if (ch != '-') v = (v * 10 + (ch - '0')) % 256;
    }
    if (a[0] == '-') v = (256 - v) % 256;
    return static_cast<int>(v);
  }

  ShellKind kind_;
  std::string arg0_;
  std::vector<std::string> params_;
  ContainerFs& fs_;
  const ShellOptions& options_;
  std::string cwd_;
  std::map<std::string, std::string> vars_;
  std::string_view in_;
  int status_ = 0;
  bool exited_ = false;
};

}  // namespace

int RunShellProgram(ShellKind kind, const std::vector<std::string>& argv, ContainerFs& fs,
                    const ShellOptions& options, const std::string& cwd, std::string_view in,
                    std::string* out, std::string* err) {
  const std::string& arg0 = argv[0];
  std::size_t i = 1;
  bool command_mode = false;
  while (i < argv.size() && argv[i].size() > 1 && argv[i][0] == '-') {
    const std::string& a = argv[i];
    if (a == "--") {
      ++i;
      break;
    }
    if (a.find('c') != std::string::npos) command_mode = true;
    ++i;  // -c, -e, -x, -i, -l ...: only -c changes anything here
  }
  std::string source;
  std::string name = arg0;
  std::vector<std::string> params;
  if (command_mode) {
    if (i >= argv.size()) {
      if (kind == ShellKind::kBash) {
        *err += arg0 + ": -c: option requires an argument\n";
      } else if (kind == ShellKind::kDash) {
        *err += arg0 + ": 0: -c requires an argument\n";
      } else {
        *err += arg0 + ": -c requires an argument\n";
      }
      return 2;
    }
    source = argv[i++];
    if (i < argv.size()) name = argv[i++];
    params.assign(argv.begin() + static_cast<std::ptrdiff_t>(i), argv.end());
  } else if (i < argv.size()) {
    const std::string& file = argv[i];
    auto data = fs.Read(AbsPath(cwd, file));
    if (!data.ok()) {
      if (kind == ShellKind::kDash) {
        *err += arg0 + ": 0: cannot open " + file + ": " +
                (data.status().message() == "No such file or directory" ? "No such file"
                                                                         : data.status().message()) +
                "\n";
        return 2;
      }
      *err += arg0 + ": " + file + ": " + data.status().message() + "\n";
      return 127;
    }
    source = *data;
    name = file;
    params.assign(argv.begin() + static_cast<std::ptrdiff_t>(i) + 1, argv.end());
  } else {
    source = std::string(in);
    in = {};
  }
  Shell shell(kind, name, std::move(params), fs, options, cwd);
  return shell.RunSource(source, in, out, err);
}

}  // namespace snapsim::csi::shell
