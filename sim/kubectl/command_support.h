// Support shared by the commands that act on existing objects (describe, wait,
// patch, label, annotate, scale): resolving their resource arguments the way
// kubectl's resource builder does, reporting errors the way cmdutil.CheckErr
// does, parsing Go durations, and printing the objects they touched.
//
// Resolution follows cli-runtime's Builder with ContinueOnError and
// RequireObject: builder errors (an unknown type, "resource(s) were provided,
// but no name was specified", ...) fail the whole command before anything
// runs; per-object errors (a named object that does not exist, a failed list)
// come back as items in order and the command goes on with the others.
//
// Called only by the cmd_*.cc files of this folder.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/engine/time.h"
#include "sim/kubectl/invocation.h"
#include "sim/kubectl/output.h"

namespace snapsim::kubectl {

// One error as CheckErr will print it.
struct CommandError {
  std::string message;
  // Already in kubectl's standard form ("Error from server (NotFound): ..."): printed
  // without the "error: " prefix that plain errors get.
  bool standard = false;

  static CommandError Plain(std::string m) { return {std::move(m), false}; }
  static CommandError Api(const Invocation& inv, const apiserver::ApiError& e) {
    return {inv.Render(e), true};
  }
};

// Prints errors as CheckErr prints an aggregate: a single error alone ("error: " + message
// unless standard), several one per line without prefixes. Returns 1 if there were any, else 0.
int ReportErrors(Invocation& inv, const std::vector<CommandError>& errors);

// What a command asked the resource builder for.
struct TargetQuery {
  std::vector<std::string> args;   // TYPE[,TYPE] [NAME...] | TYPE/NAME...
  std::vector<std::string> files;  // -f
  std::string selector;            // -l ("" = none)
  std::string field_selector;      // --field-selector ("" = none)
  bool select_all = false;         // --all, or describe's "a bare TYPE means all"
  bool all_namespaces = false;     // -A
  std::string namespace_;          // -n or "default"
  bool namespace_explicit = false;
  bool latest = true;  // re-fetch objects named by -f from the server (Latest)
};

// One object the builder yields.
struct Target {
  const api::KindInfo* kind = nullptr;
  std::string namespace_;  // "" for cluster-scoped kinds
  std::string name;
  api::ObjectPtr object;   // as fetched or listed; null for a -f object without `latest`
  bool from_file = false;  // named by -f
  api::Value file_body;    // the manifest, for a -f object
};

// A target, or the error the builder met for one item.
struct TargetItem {
  Target target;
  std::optional<CommandError> error;
};

struct TargetSet {
  std::vector<TargetItem> items;
  // kubectl's "single item implied": exactly one name, one TYPE/NAME or one file.
  bool single_item_implied = false;
  // The selector path was taken (bulk: TYPE with -l, --field-selector or --all).
  bool bulk = false;
};

// Resolves the query. A builder error is returned as the error (plain or standard).
Result<TargetSet, CommandError> ResolveTargets(Invocation& inv, const TargetQuery& query);

// Go's time.ParseDuration as pflag's DurationVar uses it; errors are pflag's:
// `invalid argument "x" for "--timeout" flag: time: invalid duration "x"`.
Result<engine::Nanos> ParseGoDuration(std::string_view text, std::string_view flag);

// -o for commands that print the objects they changed (PrintFlags with a name printer):
// "" (name + operation), name, yaml, json, jsonpath=...; other real formats fail as
// unsupported, unknown ones with kubectl's list of allowed formats.
Result<OutputFormat> ParseMutationOutput(std::string_view o);

// Prints objects one after another as kubectl's printers do (YAML documents separated
// by "---").
class ObjectPrinter {
 public:
  explicit ObjectPrinter(OutputFormat format) : format_(std::move(format)) {}
  // Prints `object` (as presented by Invocation::Present); `operation` is the name
  // printer's verb ("labeled"). Returns a message on a jsonpath execution error.
  Status Print(Invocation& inv, const api::KindInfo& kind, const api::Value& object,
               std::string_view operation);
  bool short_output() const { return format_.kind == OutputFormat::Kind::kName; }

 private:
  OutputFormat format_;
  int printed_ = 0;
};

}  // namespace snapsim::kubectl
