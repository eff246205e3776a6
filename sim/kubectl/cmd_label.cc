// kubectl label and kubectl annotate (k8s.io/kubectl/pkg/cmd/{label,annotate}): both
// compute a JSON merge patch of metadata.labels / metadata.annotations and send it.
#include <fmt/format.h>

#include <algorithm>
#include <regex>

#include "sim/kubectl/command_support.h"
#include "sim/kubectl/commands.h"
#include "sim/kubectl/jsonpath_format.h"
#include "src/api/json.h"
#include "src/fake_apiserver/patch_merge.h"
#include "src/fake_apiserver/validation.h"

namespace snapsim::kubectl {
namespace {

std::vector<FlagSpec> PairFlags() {
  using T = FlagSpec::Type;
  auto flags = GlobalFlags();
  flags.insert(flags.end(), {
                                {"overwrite", 0, T::kBool, "false"},
                                {"list", 0, T::kBool, "false"},
                                {"local", 0, T::kBool, "false"},
                                {"field-selector", 0, T::kString, ""},
                                {"all", 0, T::kBool, "false"},
                                {"all-namespaces", 'A', T::kBool, "false"},
                                {"resource-version", 0, T::kString, ""},
                                {"filename", 'f', T::kStringArray, ""},
                                {"recursive", 'R', T::kBool, "false"},
                                {"kustomize", 'k', T::kString, ""},
                                {"dry-run", 0, T::kString, "none"},
                                {"field-manager", 0, T::kString, ""},
                                {"selector", 'l', T::kString, ""},
                                {"output", 'o', T::kString, ""},
                                {"record", 0, T::kBool, "false"},
                                {"allow-missing-template-keys", 0, T::kBool, "true"},
                                {"show-managed-fields", 0, T::kBool, "false"},
                                {"template", 0, T::kString, ""},
                            });
  return flags;
}

// cmdutil.GetResourcesAndPairs.
Status SplitResourcesAndPairs(const std::vector<std::string>& args, std::string_view pair_type,
                              std::vector<std::string>* resources,
                              std::vector<std::string>* pairs) {
  bool found_pair = false;
  for (const auto& s : args) {
    bool non_resource = (s.find('=') != std::string::npos && s[0] != '=') ||
                        (s.size() > 0 && s.back() == '-' && s != "-");
    if (non_resource) {
      found_pair = true;
      pairs->push_back(s);
    } else if (!found_pair) {
      resources->push_back(s);
    } else {
      return Status::InvalidArgument(
          fmt::format("all resources must be specified before {} changes: {}", pair_type, s));
    }
  }
  return Status::Ok();
}

struct Changes {
  std::map<std::string, std::string> set;  // sorted: Go ranges over a map, snapsim in key order
  std::vector<std::string> remove;
};

Result<Changes> ParseLabelSpecs(const std::vector<std::string>& specs) {
  Changes c;
  for (const auto& spec : specs) {
    if (spec.find('=') != std::string::npos) {
      std::size_t eq = spec.find('=');
      if (spec.find('=', eq + 1) != std::string::npos) {
        return Status::InvalidArgument(fmt::format("invalid label spec: {}", spec));
      }
      std::string value = spec.substr(eq + 1);
      std::vector<std::string> errs = apiserver::LabelValueErrors(value);
      if (!errs.empty()) {
        return Status::InvalidArgument(
            fmt::format("invalid label value: {}: {}", GoQuote(spec), fmt::join(errs, ";")));
      }
      c.set[spec.substr(0, eq)] = value;
    } else if (!spec.empty() && spec.back() == '-') {
      c.remove.push_back(spec.substr(0, spec.size() - 1));
    } else {
      return Status::InvalidArgument(fmt::format("unknown label spec: {}", spec));
    }
  }
  for (const auto& r : c.remove) {
    if (c.set.count(r) != 0) {
      return Status::InvalidArgument("can not both modify and remove a label in the same command");
    }
  }
  return c;
}

Result<Changes> ParseAnnotationSpecs(const std::vector<std::string>& specs) {
  Changes c;
  std::vector<std::string> invalid;
  for (const auto& spec : specs) {
    if (spec.find('=') != std::string::npos && spec[0] != '=') {
      std::size_t eq = spec.find('=');
      c.set[spec.substr(0, eq)] = spec.substr(eq + 1);
    } else if (!spec.empty() && spec.back() == '-' && spec != "-") {
      c.remove.push_back(spec.substr(0, spec.size() - 1));
    } else {
      invalid.push_back(spec);
    }
  }
  if (!invalid.empty()) {
    return Status::InvalidArgument(
        fmt::format("invalid annotation format: {}", fmt::join(invalid, ", ")));
  }
  std::vector<std::string> both;
  for (const auto& r : c.remove) {
    if (c.set.count(r) != 0) both.push_back(r);
  }
  if (!both.empty()) {
    return Status::InvalidArgument(fmt::format(
        "can not both modify and remove the following annotation(s) in the same command: {}",
        fmt::join(both, ", ")));
  }
  return c;
}

std::map<std::string, std::string> StringMap(const api::Value& obj, std::string_view field) {
  std::map<std::string, std::string> out;
  const api::Value* meta = obj.Find("metadata");
  const api::Value* m = meta == nullptr ? nullptr : meta->Find(field);
  if (m == nullptr || !m->is_object()) return out;
  for (const auto& [k, v] : m->as_object()) out[k] = v.is_string() ? v.as_string() : "";
  return out;
}

void SetStringMap(api::Value& obj, std::string_view field,
                  const std::map<std::string, std::string>& m) {
  api::Value v = api::Value::EmptyObject();
  for (const auto& [k, x] : m) v[k] = api::Value(x);
  obj["metadata"][field] = std::move(v);
}

// The API server's metadata validation of the keys a command adds. snapsim's server does
// not check label and annotation keys yet; this reproduces its answer until it does.
int RunPairs(Invocation& inv, const std::vector<std::string>& args, bool labels) {
  std::string_view noun = labels ? "label" : "annotation";
  std::string_view field = labels ? "labels" : "annotations";
  static const std::vector<FlagSpec> kSpecs = PairFlags();
  auto parsed = ParseFlags(args, kSpecs);
  if (!parsed.ok()) return inv.FlagError(parsed.status());
  const ParsedFlags& flags = *parsed;
  if (!flags.Get("kustomize").empty()) {
    return inv.Fail(
        fmt::format("unsupported: snapsim does not implement kubectl {} -k", inv.command()));
  }
  std::string dry_run = flags.Get("dry-run");
  if (dry_run != "none" && dry_run != "false") {
    return inv.Fail(
        fmt::format("unsupported: snapsim does not implement kubectl {} --dry-run", inv.command()));
  }
  bool overwrite = flags.GetBool("overwrite");
  bool list = flags.GetBool("list");
  bool local = flags.GetBool("local");
  bool all = flags.GetBool("all");
  std::string selector = flags.Get("selector");
  std::string field_selector = flags.Get("field-selector");
  std::string resource_version = flags.Get("resource-version");
  std::vector<std::string> files = flags.GetAll("filename");

  std::vector<std::string> resources, pair_args;
  Status split = SplitResourcesAndPairs(flags.positional, noun, &resources, &pair_args);
  if (!split.ok()) return inv.Fail(split.message());
  auto changes_or = labels ? ParseLabelSpecs(pair_args) : ParseAnnotationSpecs(pair_args);
  if (!changes_or.ok()) return inv.Fail(changes_or.status().message());
  const Changes& changes = *changes_or;
  if (list && !flags.Get("output").empty())
    return inv.Fail("--list and --output may not be specified together");
  if (all && !selector.empty()) return inv.Fail("cannot set --all and --selector at the same time");
  if (all && !field_selector.empty())
    return inv.Fail("cannot set --all and --field-selector at the same time");
  std::string_view example = labels ? "pod.yaml" : "rsrc.yaml";
  std::string_view example_json = labels ? "pod.json" : "rsrc.json";
  if (local) {
    if (!resources.empty()) {
      return inv.Fail(
          fmt::format("can only use local files by -f {} or --filename={} when --local=true is set",
                      example, example_json));
    }
    if (files.empty()) {
      return inv.Fail(fmt::format("one or more files must be specified as -f {} or --filename={}",
                                  example, example_json));
    }
  } else if (resources.empty() && files.empty()) {
    return inv.Fail(
        "one or more resources must be specified as <resource> <name> or <resource>/<name>");
  }
  if (changes.set.empty() && changes.remove.empty() && !list) {
    return inv.Fail(fmt::format("at least one {} update is required", noun));
  }
  auto format = ParseMutationOutput(flags.Get("output"));
  if (!format.ok()) return inv.Fail(format.status().message());

  TargetQuery q;
  q.args = resources;
  q.files = files;
  q.namespace_ = inv.Namespace(flags);
  q.namespace_explicit = flags.Has("namespace");
  q.latest = !local;
  if (!local) {
    q.selector = selector;
    q.field_selector = field_selector;
    q.all_namespaces = flags.GetBool("all-namespaces");
    q.select_all = all;
  }
  auto set = ResolveTargets(inv, q);
  if (!set.ok()) return ReportErrors(inv, {set.error()});
  bool one = set->single_item_implied;
  if (!one && !resource_version.empty()) {
    return inv.Fail("--resource-version may only be used with a single resource");
  }

  ObjectPrinter printer(*format);
  std::vector<CommandError> errors;
  for (const TargetItem& item : set->items) {
    if (item.error) {
      errors.push_back(*item.error);
      continue;
    }
    const Target& t = item.target;
    api::Value obj = t.object != nullptr ? inv.Present(*t.object) : t.file_body;
    if (!resource_version.empty()) obj["metadata"].Erase("resourceVersion");
    api::Value old_obj = obj;
    std::map<std::string, std::string> current = StringMap(obj, field);

    if (!list && !local && labels) {
      for (const auto& r : changes.remove) {
        if (current.count(r) == 0) inv.Out(fmt::format("label {} not found.\n", GoQuote(r)));
      }
    }
    // labelFunc / updateAnnotations: refuse to overwrite without --overwrite.
    if (!overwrite) {
      if (labels) {
        std::vector<CommandError> conflicts;
        for (const auto& [k, v] : changes.set) {
          auto it = current.find(k);
          if (it != current.end() && it->second != v) {
            conflicts.push_back(CommandError::Plain(fmt::format(
                "'{}' already has a value ({}), and --overwrite is false", k, it->second)));
          }
        }
        if (!conflicts.empty()) {
          // One error reads "error: ...", several one per line (an aggregate).
          errors.insert(errors.end(), conflicts.begin(), conflicts.end());
          continue;
        }
      } else {
        std::vector<std::string> found;
        for (const auto& [k, v] : changes.set) {
          if (k == "kubernetes.io/change-cause") continue;
          auto it = current.find(k);
          if (it != current.end() && it->second != v)
            found.push_back(fmt::format("'{}' already has a value ({})", k, it->second));
        }
        if (!found.empty()) {
          errors.push_back(CommandError::Plain(
              fmt::format("--overwrite is false but found the following declared annotation(s): {}",
                          fmt::join(found, "; "))));
          continue;
        }
      }
    }
    std::map<std::string, std::string> next = current;
    for (const auto& [k, v] : changes.set) next[k] = v;
    for (const auto& r : changes.remove) next.erase(r);
    SetStringMap(obj, field, next);
    if (!resource_version.empty())
      obj["metadata"]["resourceVersion"] = api::Value(resource_version);

    api::Value output = obj;
    if (!list && !local) {
      auto patch = apiserver::CreateMergePatch(old_obj, obj);
      if (!patch.ok()) {
        errors.push_back(CommandError::Plain(patch.status().message()));
        continue;
      }
      auto r =
          inv.server().Patch(*t.kind, t.namespace_, t.name, apiserver::ApiServer::PatchType::kMerge,
                             *patch, false, {.client = "kubectl", .api_version = ""});
      if (!r.ok()) {
        errors.push_back(CommandError::Api(inv, r.error()));
        continue;
      }
      // label prints the object it sent; annotate the one the server returned.
      if (!labels) output = inv.Present(**r);
    }
    if (list) {
      std::string indent;
      if (!one) {
        indent = " ";
        inv.Out(
            fmt::format("Listing {} for {}.{}/{}:\n", field, t.kind->kind, t.kind->group, t.name));
      }
      for (const auto& [k, v] : StringMap(output, field))
        inv.Out(fmt::format("{}{}={}\n", indent, k, v));
      continue;
    }
    std::string operation = "annotated";
    if (labels) {
      std::string old_json = api::ToJson(old_obj, {.escape_html = true});
      std::string new_json = api::ToJson(obj, {.escape_html = true});
      operation = "not labeled";
      if (old_json != new_json)
        operation = !overwrite && new_json.size() < old_json.size() ? "unlabeled" : "labeled";
    }
    Status s = printer.Print(inv, *t.kind, output, operation);
    if (!s.ok()) errors.push_back(CommandError::Plain(s.message()));
  }
  return ReportErrors(inv, errors);
}

}  // namespace

int RunLabel(Invocation& inv, const std::vector<std::string>& args) {
  return RunPairs(inv, args, true);
}

int RunAnnotate(Invocation& inv, const std::vector<std::string>& args) {
  return RunPairs(inv, args, false);
}

}  // namespace snapsim::kubectl
