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
  CommandResult r = inv.env().exec(req);
  inv.Out(r.out);
  inv.Err(r.err);
  if (r.exit_code != 0 && r.err.find("command terminated with exit code") == std::string::npos) {
    inv.Err(fmt::format("command terminated with exit code {}\n", r.exit_code));
  }
  return r.exit_code;
}

int RunVersion(Invocation& inv, const std::vector<std::string>& args) {
  auto specs = GlobalFlags();
  specs.push_back({"output", 'o', FlagSpec::Type::kString, ""});
  specs.push_back({"client", 0, FlagSpec::Type::kBool, "false"});
  auto parsed = ParseFlags(args, specs);
  if (!parsed.ok()) return inv.FlagError(parsed.status());
  // kubectl of the same minor as the cluster; the long version.Info form was the default before 1.28.
  int minor = inv.minor();
  std::string server = fmt::format("v1.{}.0-aliyun.1", minor);
  if (minor >= 28 || parsed->Get("output") == "short") {
    inv.Out(fmt::format("Client Version: v1.{}.0\nKustomize Version: v5.0.4-0.20230601165947-6ce0bf390ce3\n", minor));
    if (!parsed->GetBool("client")) inv.Out(fmt::format("Server Version: {}\n", server));
    return 0;
  }
  auto info = [&](std::string_view git_version) {
    return fmt::format(
        "version.Info{{Major:\"1\", Minor:\"{}\", GitVersion:\"{}\", GitCommit:\"0000000000000000000000000000000000000000\", "
        "GitTreeState:\"clean\", BuildDate:\"2026-01-01T00:00:00Z\", GoVersion:\"go1.20\", Compiler:\"gc\", "
        "Platform:\"linux/amd64\"}}",
        minor, git_version);
  };
  inv.Out("Client Version: " + info(fmt::format("v1.{}.0", minor)) + "\n");
  if (minor >= 24) inv.Out("Kustomize Version: v4.5.4\n");
  if (!parsed->GetBool("client")) inv.Out("Server Version: " + info(server) + "\n");
  return 0;
}

}  // namespace snapsim::kubectl
