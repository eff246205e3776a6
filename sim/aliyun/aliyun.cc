#include "sim/aliyun/aliyun.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <optional>
#include <set>

#include "sim/aliyun/cli_args.h"
#include "sim/aliyun/render.h"
#include "sim/aliyun/suggest.h"
#include "src/api/json.h"
#include "src/fake_ecs/actions.h"

namespace snapsim::aliyun {
namespace {

// The CLI's own flags (aliyun-cli config/flags.go, openapi/flags.go, cli/flag*.go).
const std::vector<std::string>& CliFlags() {
  static const std::vector<std::string> kFlags = {"profile",
                                                  "mode",
                                                  "access-key-id",
                                                  "access-key-secret",
                                                  "sts-token",
                                                  "sts-region",
                                                  "sts-endpoint",
                                                  "ram-role-name",
                                                  "ram-role-arn",
                                                  "role-session-name",
                                                  "external-id",
                                                  "source-profile",
                                                  "private-key",
                                                  "key-pair-name",
                                                  "region",
                                                  "RegionId",
                                                  "language",
                                                  "read-timeout",
                                                  "connect-timeout",
                                                  "retry-count",
                                                  "skip-secure-verify",
                                                  "config-path",
                                                  "expired-seconds",
                                                  "process-command",
                                                  "oidc-provider-arn",
                                                  "oidc-token-file",
                                                  "cloud-sso-sign-in-url",
                                                  "cloud-sso-access-config",
                                                  "cloud-sso-account-id",
                                                  "oauth-site-type",
                                                  "endpoint-type",
                                                  "endpoint",
                                                  "external-account-type",
                                                  "auto-plugin-install",
                                                  "auto-plugin-install-enable-pre",
                                                  "bearer-token",
                                                  "bearer-token-header-key",
                                                  "secure",
                                                  "insecure",
                                                  "force",
                                                  "version",
                                                  "header",
                                                  "body",
                                                  "body-file",
                                                  "accept",
                                                  "roa",
                                                  "dryrun",
                                                  "cli-dry-run",
                                                  "cli-dry-run-json",
                                                  "estimate-cost",
                                                  "estimate-cost-context",
                                                  "quiet",
                                                  "log-level",
                                                  "yes",
                                                  "cli-query",
                                                  "output",
                                                  "method",
                                                  "user-agent",
                                                  "cli-ai-mode",
                                                  "no-cli-ai-mode",
                                                  "pager",
                                                  "waiter",
                                                  "help"};
  return kFlags;
}

const std::set<std::string>& NoValueFlags() {
  static const std::set<std::string> kNoValue = {"quiet",
                                                 "secure",
                                                 "insecure",
                                                 "force",
                                                 "dryrun",
                                                 "cli-dry-run",
                                                 "cli-dry-run-json",
                                                 "estimate-cost",
                                                 "skip-secure-verify",
                                                 "yes",
                                                 "help",
                                                 "roa",
                                                 "cli-ai-mode",
                                                 "no-cli-ai-mode",
                                                 "auto-plugin-install",
                                                 "auto-plugin-install-enable-pre"};
  return kNoValue;
}

// Products of the real CLI that snapsim knows exist but does not model.
const std::vector<std::string>& OtherProducts() {
  static const std::vector<std::string> kProducts = {
      "actiontrail", "alb",       "alidns", "arms", "bssopenapi",
      "cas",         "cdn",       "cms",    "cr",   "cs",
      "dds",         "dts",       "eci",    "ess",  "fc",
      "hbr",         "kms",       "nas",    "nlb",  "oss",
      "polardb",     "r-kvstore", "ram",    "rds",  "resourcemanager",
      "ros",         "slb",       "sls",    "sts",  "tag",
      "vpc"};
  return kProducts;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

CommandResult Fail(std::string message, int exit_code, std::string out = "") {
  return {std::move(out), "ERROR: " + message + "\n", exit_code};
}

// A SuggestibleError: the message on stderr, "Did you mean" on stdout, exit 2.
CommandResult FailWithSuggestions(std::string message,
                                  const std::vector<std::string>& suggestions) {
  std::string out;
  if (!suggestions.empty()) {
    out = "\nDid you mean:\n";
    for (const auto& s : suggestions) out += "  " + s + "\n";
  }
  return Fail(std::move(message), 2, std::move(out));
}

// An ErrorWithTip: the message, then the tip after a blank line, exit 3.
CommandResult FailWithTip(std::string message, std::string tip) {
  CommandResult r = Fail(std::move(message), 3);
  r.err += "\n" + tip + "\n";
  return r;
}

CommandResult ServerError(const ecs::EcsError& e) {
  if (e.code == ecs::kUnsupportedCode) return Fail(e.message, 1);
  std::string err = fmt::format(
      "ERROR: SDK.ServerError\nErrorCode: {0}\nRecommend: "
      "https://api.aliyun.com/troubleshoot?q={0}&product=Ecs&requestId={1}\nRequestId: {1}\n"
      "Message: {2}\n",
      e.code, e.request_id, e.message);
  return {"", std::move(err), 1};
}

// Top-level parameter names of an action, as the CLI's metadata lists them ("Tag").
std::vector<std::string> ParamNames(const ecs::ActionSpec& spec) {
  std::vector<std::string> names = {"RegionId"};
  for (const auto& p : spec.params) {
    std::string n(p.name.substr(0, p.name.find('.')));
    if (std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
  }
  return names;
}

}  // namespace

CommandResult RunAliyun(ecs::Ecs& ecs, engine::EventLoop& loop,
                        const std::vector<std::string>& args) {
  auto parsed = ParseCommandLine(args, NoValueFlags());
  if (auto* err = std::get_if<std::string>(&parsed)) return Fail(*err, 1);
  const CommandLine& cmd = std::get<CommandLine>(parsed);

  // Root flags; everything else is an API parameter.
  std::string region = ecs.config().region;
  bool quiet = false;
  ecs::Params params;
  std::vector<std::string> param_order;
  const auto& cli_flags = CliFlags();
  for (const auto& [name, value] : cmd.flags) {
    if (name == "RegionId" || name == "region") {
      region = value;
    } else if (name == "quiet") {
      quiet = true;
    } else if (std::find(cli_flags.begin(), cli_flags.end(), name) != cli_flags.end()) {
      return Fail(fmt::format("unsupported: snapsim's aliyun does not model the --{} flag", name),
                  1);
    } else {
      params[name] = value;
      param_order.push_back(name);
    }
  }

  if (cmd.positional.empty()) {
    return Fail(
        "unsupported: snapsim's aliyun runs API calls only: aliyun ecs ACTION --Param value ...",
        1);
  }
  std::string product = Lower(cmd.positional[0]);
  if (product != "ecs") {
    const auto& others = OtherProducts();
    if (std::find(others.begin(), others.end(), product) != others.end()) {
      return Fail(
          fmt::format("unsupported: snapsim models only the ecs product of the aliyun CLI, not {}",
                      product),
          1);
    }
    std::vector<std::string> products = others;
    products.push_back("ecs");
    std::sort(products.begin(), products.end());
    return FailWithSuggestions(
        fmt::format("'{}' is not a valid command or product. See `aliyun help`.", product),
        Suggest(product, products));
  }
  if (cmd.positional.size() == 1) {
    return Fail(
        "unsupported: snapsim's aliyun does not print product help; run aliyun ecs ACTION ...", 1);
  }
  if (cmd.positional.size() > 2) {
    return FailWithTip(fmt::format("invalid argument {}", cmd.positional[2]),
                       "Use `aliyun help ecs` see more information.");
  }
  const std::string& action = cmd.positional[1];
  if (!ecs::IsEcsAction(action)) {
    std::vector<std::string> apis(ecs::AllEcsActions().begin(), ecs::AllEcsActions().end());
    return FailWithSuggestions(
        fmt::format("'{}' is not a valid api. See `aliyun help ecs`.", action),
        Suggest(action, apis));
  }
  const ecs::ActionSpec* spec = ecs::FindModelledAction(action);
  if (spec == nullptr) {
    return Fail(fmt::format("unsupported: snapsim does not model the ECS action {}", action), 1);
  }
  for (const auto& name : param_order) {
    const ecs::ParamSpec* p = ecs::FindParam(*spec, name);
    if (p == nullptr) {
      std::vector<std::string> candidates = ParamNames(*spec);
      candidates.insert(candidates.end(), cli_flags.begin(), cli_flags.end());
      return FailWithSuggestions(
          fmt::format("'--{}' is not a valid parameter or flag. See `aliyun help ecs {}`.", name,
                      action),
          Suggest(name, candidates));
    }
    if (!p->modelled) {
      return Fail(fmt::format("unsupported: snapsim does not model the parameter \"{}\" of ECS {}",
                              name, action),
                  1);
    }
  }
  std::string missing;
  for (const auto& p : spec->params) {
    if (p.required && params.count(std::string(p.name)) == 0)
      missing += fmt::format("\n  --{}", p.name);
  }
  if (!missing.empty()) {
    return FailWithTip("required parameters not assigned: " + missing,
                       fmt::format("use `aliyun ecs {} --help` to get more information", action));
  }

  params["RegionId"] = region;  // the SDK always sends the profile's (or --RegionId) region
  std::optional<Result<ecs::AnyResponse, ecs::EcsError>> reply;
  ecs.Invoke(action, params,
             [&reply](Result<ecs::AnyResponse, ecs::EcsError> r) { reply.emplace(std::move(r)); },
             {.caller = std::string(kCaller)});
  while (!reply && loop.Step()) {
  }
  if (!reply) return Fail("unsupported: the ECS reply never arrived", 1);
  if (!reply->ok()) return ServerError(reply->error());
  if (quiet) return {};
  return {api::ToJson(RenderResponse(**reply), {.indent = "\t"}) + "\n", "", 0};
}

}  // namespace snapsim::aliyun
