#include "sim/kubectl/command_support.h"

#include <fmt/format.h>

#include "sim/kubectl/manifests.h"
#include "sim/kubectl/selectors.h"
#include "src/api/json.h"
#include "src/api/yaml.h"
#include "src/fake_apiserver/served_versions.h"

namespace snapsim::kubectl {
namespace {

constexpr std::string_view kMissingResource =
    "You must provide one or more resources by argument or filename.\n"
    "Example resource specifications include:\n"
    "   '-f rsrc.yaml'\n"
    "   '--filename=rsrc.json'\n"
    "   '<resource> <name>'\n"
    "   '<resource>'";

std::vector<std::string> SplitComma(std::string_view s) {
  std::vector<std::string> out;
  while (true) {
    std::size_t comma = s.find(',');
    std::string_view part = s.substr(0, comma);
    if (!part.empty()) out.emplace_back(part);
    if (comma == std::string_view::npos) break;
    s = s.substr(comma + 1);
  }
  return out;
}

CommandError Plain(std::string m) { return CommandError::Plain(std::move(m)); }

// The GroupVersionResource as client-go prints it: "snapshot.storage.k8s.io/v1,
// Resource=volumesnapshots".
std::string GvrString(const Invocation& inv, const api::KindInfo& kind) {
  return fmt::format("{}/{}, Resource={}", kind.group,
                     apiserver::PreferredVersion(kind, inv.minor()), kind.plural);
}

struct ParsedArgs {
  std::vector<const api::KindInfo*> types;  // bulk types ("pods" alone, or "pods x y")
  std::vector<std::string> names;
  std::vector<std::pair<const api::KindInfo*, std::string>> tuples;  // TYPE/NAME
};

Result<ParsedArgs, CommandError> ParseArgs(Invocation& inv, std::vector<std::string> args) {
  ParsedArgs out;
  // "a,b x y" means a/x a/y b/x b/y.
  if (args.size() >= 2) {
    std::vector<std::string> types = SplitComma(args[0]);
    if (types.size() > 1) {
      std::vector<std::string> expanded;
      for (const auto& t : types) {
        for (std::size_t i = 1; i < args.size(); ++i) expanded.push_back(t + "/" + args[i]);
      }
      args = std::move(expanded);
    }
  }
  std::size_t slashes = 0;
  for (const auto& a : args) slashes += a.find('/') != std::string::npos ? 1 : 0;
  if (slashes > 0) {
    if (slashes != args.size()) {
      return Plain(
          "there is no need to specify a resource type as a separate argument when passing "
          "arguments in "
          "resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get "
          "resource "
          "resource/<resource_name>'");
    }
    for (const auto& a : args) {
      std::size_t slash = a.find('/');
      if (a.find('/', slash + 1) != std::string::npos) {
        return Plain("arguments in resource/name form may not have more than one slash");
      }
      std::string type = a.substr(0, slash);
      std::string name = a.substr(slash + 1);
      if (type.empty() || name.empty() || SplitComma(type).size() != 1) {
        return Plain("arguments in resource/name form must have a single resource and name");
      }
      auto kind = inv.ResolveType(type);
      if (!kind.ok()) return Plain(kind.status().message());
      out.tuples.emplace_back(*kind, name);
    }
    return out;
  }
  if (args.empty()) return out;
  for (const auto& t : SplitComma(args[0])) {
    auto kind = inv.ResolveType(t);
    if (!kind.ok()) return Plain(kind.status().message());
    out.types.push_back(*kind);
  }
  out.names.assign(args.begin() + 1, args.end());
  return out;
}

// The error the API server returns for a selector it cannot parse, as kubectl's
// EnhanceListError words it.
CommandError SelectorError(const Invocation& inv, const api::KindInfo& kind, const TargetQuery& q,
                           const Status& why) {
  return CommandError::Api(
      inv, apiserver::ApiError::BadRequest(fmt::format(
               "Unable to find \"{}\" that match label selector \"{}\", field selector \"{}\": {}",
               GvrString(inv, kind), q.selector, q.field_selector, why.message())));
}

void AddNamed(Invocation& inv, TargetSet& set, const api::KindInfo* kind, const std::string& ns,
              const std::string& name) {
  TargetItem item;
  item.target.kind = kind;
  item.target.namespace_ = kind->namespaced ? ns : "";
  item.target.name = name;
  auto got = inv.server().Get(*kind, item.target.namespace_, name);
  if (!got.ok()) {
    item.error = CommandError::Api(inv, got.error());
  } else {
    item.target.object = *got;
  }
  set.items.push_back(std::move(item));
}

Result<TargetSet, CommandError> ResolveFiles(Invocation& inv, const TargetQuery& q,
                                             const ParsedArgs& parsed) {
  if (!parsed.types.empty()) {
    return Plain(
        "when paths, URLs, or stdin is provided as input, you may not specify resource arguments "
        "as well");
  }
  if (!parsed.tuples.empty())
    return Plain("resource/name arguments cannot be provided when a path is specified");
  auto manifests = LoadManifests(inv, q.files, q.namespace_, q.namespace_explicit);
  if (!manifests.ok()) return Plain(manifests.status().message());
  ObjectPredicate filter;
  if (!q.selector.empty()) {
    auto sel = ParseLabelSelector(q.selector);
    if (!sel.ok()) {
      return Plain(fmt::format("the provided selector \"{}\" is not valid: {}", q.selector,
                               sel.status().message()));
    }
    filter = *sel;
  }
  TargetSet set;
  set.single_item_implied = q.files.size() == 1;
  for (const Manifest& m : *manifests) {
    TargetItem item;
    item.target.kind = m.kind;
    item.target.namespace_ = m.namespace_;
    item.target.name = m.name;
    item.target.from_file = true;
    item.target.file_body = m.body;
    if (q.latest) {
      auto got = inv.server().Get(*m.kind, m.namespace_, m.name);
      if (!got.ok()) {
        item.error = CommandError::Api(inv, got.error());
      } else {
        item.target.object = *got;
      }
    }
    if (filter && item.target.object != nullptr && !filter(*item.target.object)) continue;
    set.items.push_back(std::move(item));
  }
  return set;
}

}  // namespace

int ReportErrors(Invocation& inv, const std::vector<CommandError>& errors) {
  if (errors.empty()) return 0;
  if (errors.size() == 1) {
    const CommandError& e = errors[0];
    if (e.standard || e.message.rfind("error: ", 0) == 0) {
      inv.Err(e.message);
    } else {
      inv.Err("error: " + e.message);
    }
    if (e.message.empty() || e.message.back() != '\n') inv.Err("\n");
    return 1;
  }
  for (const CommandError& e : errors) inv.Err(e.message + "\n");
  return 1;
}

Result<TargetSet, CommandError> ResolveTargets(Invocation& inv, const TargetQuery& q) {
  auto parsed_or = ParseArgs(inv, q.args);
  if (!parsed_or.ok()) return parsed_or.error();
  const ParsedArgs& parsed = *parsed_or;
  if (!q.files.empty()) return ResolveFiles(inv, q, parsed);
  bool selecting =
      !q.selector.empty() || !q.field_selector.empty() ||
      (q.select_all && parsed.tuples.empty() && parsed.names.empty() && !parsed.types.empty());
  TargetSet set;
  if (selecting) {
    if (!parsed.names.empty()) return Plain("name cannot be provided when a selector is specified");
    if (!parsed.tuples.empty()) {
      return Plain(
          "selectors and the all flag cannot be used when passing resource/name arguments");
    }
    if (parsed.types.empty())
      return Plain("at least one resource must be specified to use a selector");
    set.bulk = true;
    for (const api::KindInfo* kind : parsed.types) {
      ObjectPredicate labels, fields;
      if (!q.selector.empty()) {
        auto sel = ParseLabelSelector(q.selector);
        if (!sel.ok()) {
          set.items.push_back({{}, SelectorError(inv, *kind, q, sel.status())});
          continue;
        }
        labels = *sel;
      }
      if (!q.field_selector.empty()) {
        auto sel = ParseFieldSelector(q.field_selector, *kind);
        if (!sel.ok()) {
          set.items.push_back({{}, SelectorError(inv, *kind, q, sel.status())});
          continue;
        }
        fields = *sel;
      }
      apiserver::ListOptions opts;
      opts.namespace_ = (q.all_namespaces || !kind->namespaced) ? "" : q.namespace_;
      opts.filter = [&](const api::Object& o) {
        return (!labels || labels(o)) && (!fields || fields(o));
      };
      auto listed = inv.server().List(*kind, opts);
      if (!listed.ok()) {
        set.items.push_back({{}, CommandError::Api(inv, listed.error())});
        continue;
      }
      for (const api::ObjectPtr& o : *listed) {
        TargetItem item;
        item.target.kind = kind;
        item.target.namespace_ = o->metadata.namespace_;
        item.target.name = o->metadata.name;
        item.target.object = o;
        set.items.push_back(std::move(item));
      }
    }
    return set;
  }
  if (!parsed.tuples.empty()) {
    set.single_item_implied = parsed.tuples.size() == 1;
    for (const auto& [kind, name] : parsed.tuples) {
      if (kind->namespaced && q.all_namespaces) {
        return Plain("a resource cannot be retrieved by name across all namespaces");
      }
    }
    for (const auto& [kind, name] : parsed.tuples) AddNamed(inv, set, kind, q.namespace_, name);
    return set;
  }
  if (!parsed.names.empty()) {
    if (parsed.types.size() > 1) return Plain("you must specify only one resource");
    const api::KindInfo* kind = parsed.types[0];
    if (kind->namespaced && q.all_namespaces) {
      return Plain("a resource cannot be retrieved by name across all namespaces");
    }
    set.single_item_implied = parsed.names.size() == 1;
    for (const auto& name : parsed.names) AddNamed(inv, set, kind, q.namespace_, name);
    return set;
  }
  if (!parsed.types.empty()) return Plain("resource(s) were provided, but no name was specified");
  return Plain(std::string(kMissingResource));
}

Result<engine::Nanos> ParseGoDuration(std::string_view text, std::string_view flag) {
  auto fail = [&](const std::string& why) {
    return Status::InvalidArgument(
        fmt::format("invalid argument \"{}\" for \"{}\" flag: time: {}", text, flag, why));
  };
  auto invalid = [&] { return fail(fmt::format("invalid duration \"{}\"", text)); };
  std::string_view s = text;
  bool neg = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s == "0") return engine::Nanos{0};
  if (s.empty()) return invalid();
  double total = 0;
  while (!s.empty()) {
    if (!(s[0] == '.' || (s[0] >= '0' && s[0] <= '9'))) return invalid();
    std::size_t i = 0;
    double v = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') v = v * 10 + (s[i++] - '0');
    bool pre = i > 0;
    bool post = false;
    if (i < s.size() && s[i] == '.') {
      ++i;
      double scale = 0.1;
      while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
        v += (s[i++] - '0') * scale;
        scale /= 10;
        post = true;
      }
    }
    if (!pre && !post) return invalid();
    s.remove_prefix(i);
    std::size_t u = 0;
    while (u < s.size() && s[u] != '.' && !(s[u] >= '0' && s[u] <= '9')) ++u;
    if (u == 0) return fail(fmt::format("missing unit in duration \"{}\"", text));
    std::string_view unit = s.substr(0, u);
    s.remove_prefix(u);
    double mult;
    if (unit == "ns")
      mult = 1;
    else if (unit == "us" || unit == "\xC2\xB5s" || unit == "\xCE\xBCs")
      mult = 1e3;
    else if (unit == "ms")
      mult = 1e6;
    else if (unit == "s")
      mult = 1e9;
    else if (unit == "m")
      mult = 60e9;
    else if (unit == "h")
      mult = 3600e9;
    else
      return fail(fmt::format("unknown unit \"{}\" in duration \"{}\"", unit, text));
    total += v * mult;
    if (total > 9.2e18) return invalid();
  }
  auto n = static_cast<engine::Nanos>(total);
  return neg ? -n : n;
}

Result<OutputFormat> ParseMutationOutput(std::string_view o) {
  if (o == "wide" || o.rfind("custom-columns", 0) == 0) {
    return Status::InvalidArgument(fmt::format(
        "unable to match a printer suitable for the output format \"{}\", allowed formats are: "
        "go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,"
        "templatefile,yaml",
        o));
  }
  auto f = ParseOutputFormat(o);
  if (!f.ok()) {
    if (f.status().code() == Status::Code::kInvalidArgument &&
        f.status().message().rfind("unable to match", 0) == 0) {
      return Status::InvalidArgument(fmt::format(
          "unable to match a printer suitable for the output format \"{}\", allowed formats are: "
          "go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,"
          "templatefile,"
          "yaml",
          o));
    }
    return f.status();
  }
  return *f;
}

Status ObjectPrinter::Print(Invocation& inv, const api::KindInfo& kind, const api::Value& object,
                            std::string_view operation) {
  const api::Value* meta = object.Find("metadata");
  const api::Value* name = meta == nullptr ? nullptr : meta->Find("name");
  std::string qualified = Invocation::QualifiedName(
      kind, name != nullptr && name->is_string() ? name->as_string() : "");
  switch (format_.kind) {
    case OutputFormat::Kind::kName:
      inv.Out(qualified + "\n");
      break;
    case OutputFormat::Kind::kYaml:
      if (printed_ > 0) inv.Out("---\n");
      inv.Out(api::ToYaml(object));
      break;
    case OutputFormat::Kind::kJson:
      inv.Out(api::ToJson(object, {.indent = "    "}) + "\n");
      break;
    case OutputFormat::Kind::kJsonPath: {
      auto text = RenderData(format_, object);
      if (!text.ok()) return text.status();
      inv.Out(*text);
      break;
    }
    default:
      inv.Out(fmt::format("{} {}\n", qualified, operation));
      break;
  }
  ++printed_;
  return Status::Ok();
}

}  // namespace snapsim::kubectl
