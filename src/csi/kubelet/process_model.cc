#include "src/csi/kubelet/process_model.h"

#include <cctype>
#include <cstdlib>
#include <optional>
#include <string_view>

#include "src/csi/kubelet/image_ref.h"

namespace snapsim::csi::kubelet {
namespace {

using Kind = ProcessStep::Kind;

std::string Basename(std::string_view path) {
  std::size_t slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

std::string Trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

std::vector<std::string> Words(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  char quote = 0;
  bool have = false;
  for (char c : s) {
    if (quote != 0) {
      if (c == quote) {
        quote = 0;
      } else {
        cur += c;
      }
    } else if (c == '\'' || c == '"') {
      quote = c;
      have = true;
    } else if (std::isspace(static_cast<unsigned char>(c))) {
      if (have || !cur.empty()) out.push_back(cur);
      cur.clear();
      have = false;
    } else {
      cur += c;
    }
  }
  if (have || !cur.empty()) out.push_back(cur);
  return out;
}

// Splits a script at top-level ';', '&&' and newlines (quotes respected).
std::vector<std::string> SplitScript(std::string_view script) {
  std::vector<std::string> out;
  std::string cur;
  char quote = 0;
  for (std::size_t i = 0; i < script.size(); ++i) {
    char c = script[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
      cur += c;
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
      cur += c;
    } else if (c == ';' || c == '\n') {
      out.push_back(Trim(cur));
      cur.clear();
    } else if (c == '&' && i + 1 < script.size() && script[i + 1] == '&') {
      out.push_back(Trim(cur));
      cur.clear();
      ++i;
    } else {
      cur += c;
    }
  }
  out.push_back(Trim(cur));
  return out;
}

// GNU sleep's operand: a number with an optional s/m/h/d suffix; nullopt = infinity.
std::optional<engine::Nanos> SleepDuration(const std::vector<std::string>& args) {
  engine::Nanos total = 0;
  for (const auto& a : args) {
    if (a == "infinity" || a == "inf") return std::nullopt;
    char* end = nullptr;
    double v = std::strtod(a.c_str(), &end);
    double unit = 1;
    if (end != nullptr && *end != '\0') {
      switch (*end) {
        case 's': unit = 1; break;
        case 'm': unit = 60; break;
        case 'h': unit = 3600; break;
        case 'd': unit = 86400; break;
        default: unit = 1;
      }
    }
    total += static_cast<engine::Nanos>(v * unit * static_cast<double>(engine::kSecond));
  }
  return total;
}

bool IsServer(const std::string& base) {
  static const char* kServers[] = {"nginx",  "httpd",   "httpd-foreground", "apache2", "redis-server",
                                   "mysqld", "postgres", "java",            "node",    "python",
                                   "python3", "pause",  "etcd",             "mongod",  "caddy"};
  for (const char* s : kServers) {
    if (base == s) return true;
  }
  return false;
}

bool IsShell(const std::string& base) {
  return base == "sh" || base == "bash" || base == "ash" || base == "dash";
}

bool HasFollow(const std::vector<std::string>& words) {
  for (const auto& w : words) {
    if (w == "-f" || w == "-F" || w == "--follow") return true;
  }
  return false;
}

void Forever(ProcessPlan& plan, bool handler) {
  plan.steps.push_back({Kind::kForever, {}, 0, 0});
  plan.handles_sigterm = handler;
  plan.stop_latency = handler ? 100 * engine::kMillisecond : 0;
}

// Appends the steps of one simple command; returns false once the plan has ended.
bool AddCommand(ProcessPlan& plan, std::vector<std::string> words, bool in_script,
                const std::string& raw = "") {
  while (!words.empty() && (words[0] == "exec" || Basename(words[0]) == "docker-entrypoint.sh" ||
                            words[0] == "/docker-entrypoint.sh")) {
    if (words.size() == 1) break;
    words.erase(words.begin());
  }
  if (words.empty()) return true;
  std::string base = Basename(words[0]);
  std::vector<std::string> rest(words.begin() + 1, words.end());
  if (base == "sleep") {
    auto d = SleepDuration(rest);
    if (!d) {
      Forever(plan, false);
      return false;
    }
    plan.steps.push_back({Kind::kSleep, {}, *d, 0});
    return true;
  }
  if (base == "true" || base == ":") {
    plan.steps.push_back({Kind::kExit, {}, 0, 0});
    return in_script;
  }
  if (base == "false") {
    plan.steps.push_back({Kind::kExit, {}, 0, 1});
    return in_script;
  }
  if (base == "exit") {
    int code = rest.empty() ? 0 : std::atoi(rest[0].c_str());
    plan.steps.push_back({Kind::kExit, {}, 0, code & 0xff});
    return false;
  }
  if (base == "while" || base == "until" || base == "for") {
    Forever(plan, false);
    return false;
  }
  if (base == "tail" && HasFollow(rest)) {
    Forever(plan, false);
    return false;
  }
  if (IsServer(base) || base == "docker-entrypoint.sh" || base == "/docker-entrypoint.sh") {
    Forever(plan, true);
    return false;
  }
  if (IsShell(base)) {
    for (std::size_t i = 0; i < rest.size(); ++i) {
      if (rest[i] == "-c" && i + 1 < rest.size()) {
        for (const auto& piece : SplitScript(rest[i + 1])) {
          if (piece.empty()) continue;
          if (!AddCommand(plan, Words(piece), true, piece)) return false;
        }
        return false;
      }
    }
    plan.steps.push_back({Kind::kExit, {}, 0, 0});  // no script and no stdin: EOF, exit 0
    return false;
  }
  // A script's command runs through the shell (redirections, pipes, variables).
  plan.steps.push_back({Kind::kRun, in_script ? std::vector<std::string>{"sh", "-c", raw} : words, 0, 0});
  return in_script;
}

}  // namespace

std::vector<std::string> ImageDefaultCommand(const std::string& image, bool entrypoint) {
  std::string repo = ImageRepository(NormalizeImage(image));
  std::string name = Basename(repo);
  if (name == "nginx") {
    if (entrypoint) return {"/docker-entrypoint.sh"};
    return {"nginx", "-g", "daemon off;"};
  }
  if (entrypoint) {
    if (name == "redis" || name == "mysql" || name == "postgres" || name == "mongo")
      return {"docker-entrypoint.sh"};
    return {};
  }
  if (name == "busybox") return {"sh"};
  if (name == "alpine") return {"/bin/sh"};
  if (name == "ubuntu" || name == "debian" || name == "centos" || name == "alinux" ||
      name == "alibaba-cloud-linux-3-registry")
    return {"/bin/bash"};
  if (name == "httpd") return {"httpd-foreground"};
  if (name == "redis") return {"redis-server"};
  if (name == "mysql") return {"mysqld"};
  if (name == "postgres") return {"postgres"};
  if (name == "mongo") return {"mongod"};
  if (name == "pause") return {"/pause"};
  return {};
}

ProcessPlan PlanFor(const api::Container& container) {
  ProcessPlan plan;
  if (!container.command.empty()) {
    plan.argv = container.command;
    plan.argv.insert(plan.argv.end(), container.args.begin(), container.args.end());
  } else {
    plan.argv = ImageDefaultCommand(container.image, true);
    auto cmd = container.args.empty() ? ImageDefaultCommand(container.image, false) : container.args;
    plan.argv.insert(plan.argv.end(), cmd.begin(), cmd.end());
  }
  if (plan.argv.empty()) {  // an image we do not know, with its own default: a server
    Forever(plan, true);
    return plan;
  }
  AddCommand(plan, plan.argv, false);
  return plan;
}

}  // namespace snapsim::csi::kubelet
