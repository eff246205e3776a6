// Invocation: the state of one kubectl command while it runs (output buffers,
// warnings already printed, the namespace), and helpers every command shares:
// resource resolution, kubectl-style error rendering, object presentation.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "sim/kubectl/flags.h"
#include "sim/kubectl/kubectl.h"
#include "src/api/object.h"
#include "src/api/value.h"
#include "src/fake_apiserver/api_error.h"

namespace snapsim::kubectl {

class Invocation {
 public:
  Invocation(KubectlEnv& env, const FileReader& files, std::string command)
      : env_(env), files_(files), command_(std::move(command)) {}

  KubectlEnv& env() { return env_; }
  apiserver::ApiServer& server() { return *env_.server; }
  const FileReader& files() const { return files_; }
  int minor() const { return env_.server->config().kube_minor; }
  const std::string& command() const { return command_; }

  void Out(std::string_view s) { out_ += s; }
  void Err(std::string_view s) { err_ += s; }
  // "Warning: <msg>" on stderr, once per invocation (kubectl deduplicates).
  void Warn(const std::string& msg);
  // "error: <msg>" on stderr; returns 1.
  int Fail(std::string_view msg);
  // A flag error, with kubectl's usage hint; returns 1.
  int FlagError(const Status& s);
  // Renders an API error as kubectl's StandardErrorMessage does; `source` adds
  // `error when <verb> "<file>": ` for file-based commands.
  std::string Render(const apiserver::ApiError& e, std::string_view source_verb = "",
                     std::string_view source_file = "") const;
  int FailApi(const apiserver::ApiError& e, std::string_view source_verb = "", std::string_view source_file = "");

  // The namespace from -n, or "default".
  std::string Namespace(const ParsedFlags& flags) const;

  // The kind a resource argument names, if served; else an error message as kubectl prints it.
  Result<const api::KindInfo*> ResolveType(std::string_view type) const;
  // "volumesnapshot.snapshot.storage.k8s.io/x", "pod/web-0", "statefulset.apps/web".
  static std::string QualifiedName(const api::KindInfo& kind, std::string_view name);
  // "volumesnapshots/x" as kubectl names objects in wait/timeout errors.
  static std::string ResourceName(const api::KindInfo& kind, std::string_view name);
  // The object as kubectl shows it: apiVersion rewritten to the preferred served version.
  api::Value Present(const api::Object& obj) const;
  // The same, in `version` ("" = the preferred one).
  api::Value Present(const api::Object& obj, std::string_view version) const;

  CommandResult Finish(int exit_code) { return {std::move(out_), std::move(err_), exit_code}; }

 private:
  KubectlEnv& env_;
  const FileReader& files_;
  std::string command_;
  std::string out_;
  std::string err_;
  std::set<std::string> warned_;
};

// One "TYPE NAME", "TYPE/NAME" or bare "TYPE" (all objects) argument, resolved.
struct ResourceRef {
  const api::KindInfo* kind;
  std::string name;     // "" = every object of the kind
  std::string version;  // as named in "plural.version.group"; "" = the preferred version
};

// The version a fully qualified resource argument names ("vsc.v1beta1.snapshot.storage.k8s.io"), or "".
std::string RequestedVersion(std::string_view type, const api::KindInfo& kind);

// Parses kubectl's resource arguments: `TYPE[,TYPE...] [NAME...]` or `TYPE/NAME...`.
Result<std::vector<ResourceRef>> ParseResourceArgs(Invocation& inv, const std::vector<std::string>& args);

}  // namespace snapsim::kubectl
