// kubectl exec and kubectl version.
#include <fmt/format.h>

#include "sim/kubectl/commands.h"
#include "src/api/registry.h"

namespace snapsim::kubectl {

int RunExec(Invocation& inv, const std::vector<std::string>& args) {
  using T = FlagSpec::Type;
  auto specs = GlobalFlags();
  specs.insert(specs.end(), {{"container", 'c', T::kString, ""},
                             {"stdin", 'i', T::kBool, "false"},
                             {"tty", 't', T::kBool, "false"},
                             {"quiet", 'q', T::kBool, "false"},
                             {"pod-running-timeout", 0, T::kString, "1m0s"}});
  auto parsed = ParseFlags(args, specs);
  if (!parsed.ok()) return inv.FlagError(parsed.status());
  const ParsedFlags& flags = *parsed;
  if (flags.positional.empty()) {
    return inv.Fail("exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee "
                    "'kubectl exec -h' for help and examples");
  }
  ExecRequest req;
  req.namespace_ = inv.Namespace(flags);
  req.pod = flags.positional[0];
  if (req.pod.rfind("pod/", 0) == 0) req.pod = req.pod.substr(4);
  req.container = flags.Get("container");
  req.tty = flags.GetBool("tty");
  req.stdin_ = flags.GetBool("stdin");
  if (flags.saw_dash) {
    if (flags.positional.size() > 1) {
      return inv.Fail("exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead");
    }
    req.command = flags.after_dash;
  } else {
    // The deprecated form the ACK document uses: `kubectl exec -it web-0 ls /data`.
    req.command.assign(flags.positional.begin() + 1, flags.positional.end());
    inv.Err("kubectl exec [POD] [COMMAND] is DEPRECATED and will be removed in a future version. Use kubectl exec "
            "[POD] -- [COMMAND] instead.\n");
  }
  if (req.command.empty()) return inv.Fail("you must specify at least one command for the container");
  const api::KindInfo* pods = api::FindKind("", "Pod");
  if (pods != nullptr) {
    auto pod = inv.server().Get(*pods, req.namespace_, req.pod);
    if (!pod.ok()) return inv.FailApi(pod.error());
  }
  if (!inv.env().exec) {
    return inv.Fail("unsupported: kubectl exec needs a kubelet, and this cluster runs none");
  }
  ExecResult r = inv.env().exec(req);
  inv.Out(r.out);
  inv.Err(r.err);
  if (r.started && r.exit_code != 0) {
    inv.Err(fmt::format("command terminated with exit code {}\n", r.exit_code));
  }
  return r.exit_code;
}

namespace {

// The Go release each kubectl/Kubernetes minor was built with (its last patch release's).
std::string_view GoVersionFor(int minor) {
  static constexpr std::pair<int, std::string_view> kGo[] = {
      {17, "go1.13.15"}, {18, "go1.13.15"}, {19, "go1.15.15"}, {20, "go1.15.15"}, {21, "go1.16.15"},
      {22, "go1.16.15"}, {23, "go1.17.13"}, {24, "go1.19.8"},  {25, "go1.19.13"}, {26, "go1.20.10"},
      {27, "go1.20.13"}, {28, "go1.20.13"}, {29, "go1.21.13"}, {30, "go1.22.12"}, {31, "go1.22.12"},
      {32, "go1.23.6"},  {33, "go1.24.0"},
  };
  for (const auto& [m, go] : kGo) {
    if (m == minor) return go;
  }
  return "go1.22.12";
}

struct VersionInfo {
  int minor;
  std::string git_version;
  std::string_view go;
};

// version.Info in Go's field order, for the long, json and yaml forms.
std::string LongForm(const VersionInfo& v) {
  return fmt::format(
      "version.Info{{Major:\"1\", Minor:\"{}\", GitVersion:\"{}\", GitCommit:\"{}\", GitTreeState:\"clean\", "
      "BuildDate:\"2026-01-01T00:00:00Z\", GoVersion:\"{}\", Compiler:\"gc\", Platform:\"linux/amd64\"}}",
      v.minor, v.git_version, std::string(40, '0'), v.go);
}

std::string JsonForm(const VersionInfo& v, std::string_view indent) {
  return fmt::format(
      "{{\n{0}  \"major\": \"1\",\n{0}  \"minor\": \"{1}\",\n{0}  \"gitVersion\": \"{2}\",\n{0}  \"gitCommit\": "
      "\"{3}\",\n{0}  \"gitTreeState\": \"clean\",\n{0}  \"buildDate\": \"2026-01-01T00:00:00Z\",\n{0}  "
      "\"goVersion\": \"{4}\",\n{0}  \"compiler\": \"gc\",\n{0}  \"platform\": \"linux/amd64\"\n{0}}}",
      indent, v.minor, v.git_version, std::string(40, '0'), v.go);
}

std::string YamlForm(const VersionInfo& v) {
  return fmt::format(
      "  buildDate: \"2026-01-01T00:00:00Z\"\n  compiler: gc\n  gitCommit: {}\n  gitTreeState: clean\n  gitVersion: {}\n"
      "  goVersion: {}\n  major: \"1\"\n  minor: \"{}\"\n  platform: linux/amd64\n",
      std::string(40, '0'), v.git_version, v.go, v.minor);
}

}  // namespace

int RunVersion(Invocation& inv, const std::vector<std::string>& args) {
  int minor = inv.minor();
  auto specs = GlobalFlags();
  specs.push_back({"output", 'o', FlagSpec::Type::kString, ""});
  specs.push_back({"client", 0, FlagSpec::Type::kBool, "false"});
  if (minor < 28) specs.push_back({"short", 0, FlagSpec::Type::kBool, "false"});  // removed in 1.28
  auto parsed = ParseFlags(args, specs);
  if (!parsed.ok()) return inv.FlagError(parsed.status());
  bool client_only = parsed->GetBool("client");
  // The client is a kubectl of the cluster's minor; the server is ACK's build.
  VersionInfo client{minor, fmt::format("v1.{}.0", minor), GoVersionFor(minor)};
  VersionInfo server{minor, fmt::format("v1.{}.0-aliyun.1", minor), GoVersionFor(minor)};
  constexpr std::string_view kKustomize = "v5.0.4-0.20230601165947-6ce0bf390ce3";
  std::string kustomize = minor >= 27 ? std::string(kKustomize) : "v4.5.7";
  std::string o = parsed->Get("output");
  if (o == "json") {
    std::string out = "{\n  \"clientVersion\": " + JsonForm(client, "  ");
    if (minor >= 24) out += ",\n  \"kustomizeVersion\": \"" + kustomize + "\"";
    if (!client_only) out += ",\n  \"serverVersion\": " + JsonForm(server, "  ");
    inv.Out(out + "\n}\n");
    return 0;
  }
  if (o == "yaml") {
    std::string out = "clientVersion:\n" + YamlForm(client);
    if (minor >= 24) out += "kustomizeVersion: " + kustomize + "\n";
    if (!client_only) out += "serverVersion:\n" + YamlForm(server);
    inv.Out(out);
    return 0;
  }
  if (!o.empty()) return inv.Fail(fmt::format("--output must be 'yaml' or 'json'"));
  bool short_form = minor >= 28 || (minor < 28 && parsed->GetBool("short"));
  if (short_form) {
    inv.Out("Client Version: " + client.git_version + "\n");
    if (minor >= 24 && minor >= 28) inv.Out("Kustomize Version: " + kustomize + "\n");
    if (!client_only) inv.Out("Server Version: " + server.git_version + "\n");
    return 0;
  }
  inv.Out("Client Version: " + LongForm(client) + "\n");
  if (minor >= 24) inv.Out("Kustomize Version: " + kustomize + "\n");
  if (!client_only) inv.Out("Server Version: " + LongForm(server) + "\n");
  return 0;
}

}  // namespace snapsim::kubectl
