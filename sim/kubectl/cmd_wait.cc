// kubectl wait (k8s.io/kubectl/pkg/cmd/wait): --for=delete, --for=condition=NAME[=VALUE],
// --for=jsonpath=EXPR[=VALUE]; virtual time advances while it waits.
#include <fmt/format.h>

#include "sim/kubectl/command_support.h"
#include "sim/kubectl/commands.h"
#include "sim/kubectl/jsonpath.h"
#include "sim/kubectl/jsonpath_format.h"
#include "sim/kubectl/waiting.h"

namespace snapsim::kubectl {
namespace {

std::vector<FlagSpec> WaitFlags() {
  using T = FlagSpec::Type;
  auto flags = GlobalFlags();
  flags.insert(flags.end(), {
                                {"filename", 'f', T::kStringArray, ""},
                                {"selector", 'l', T::kString, ""},
                                {"field-selector", 0, T::kString, ""},
                                {"all", 0, T::kBool, "false"},
                                {"all-namespaces", 'A', T::kBool, "false"},
                                {"for", 0, T::kString, ""},
                                {"timeout", 0, T::kString, "30s"},
                                {"output", 'o', T::kString, ""},
                                {"recursive", 'R', T::kBool, "false"},
                                {"local", 0, T::kBool, "false"},
                                {"allow-missing-template-keys", 0, T::kBool, "true"},
                                {"show-managed-fields", 0, T::kBool, "false"},
                                {"template", 0, T::kString, ""},
                            });
  return flags;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool EqualFold(std::string_view a, std::string_view b) { return Lower(a) == Lower(b); }

std::string TrimSpace(std::string_view s) {
  std::size_t b = s.find_first_not_of(" \t\n\r\v\f");
  if (b == std::string_view::npos) return "";
  std::size_t e = s.find_last_not_of(" \t\n\r\v\f");
  return std::string(s.substr(b, e - b + 1));
}

std::string TrimQuotes(std::string_view s) {
  std::size_t b = s.find_first_not_of("'\"");
  if (b == std::string_view::npos) return "";
  std::size_t e = s.find_last_not_of("'\"");
  return std::string(s.substr(b, e - b + 1));
}

// The parsed --for flag.
struct Condition {
  enum class Kind { kDelete, kCondition, kJsonPath };
  Kind kind = Kind::kDelete;
  std::string name;   // condition type
  std::string value;  // condition status / jsonpath value ("" with match_any)
  bool match_any = false;
  JsonPath path;
};

// splitJSONPathInput: splits on single '='; "==" stays inside an element.
std::vector<std::string> SplitJsonPathInput(std::string_view input) {
  std::vector<std::string> out;
  std::string cur;
  for (std::size_t i = 0; i < input.size(); ++i) {
    if (input[i] == '=') {
      if (i + 1 < input.size() && input[i + 1] == '=') {
        cur += "==";
        ++i;
        continue;
      }
      out.push_back(cur);
      cur.clear();
      continue;
    }
    cur += input[i];
  }
  out.push_back(cur);
  return out;
}

std::vector<std::string> SplitAll(std::string_view s) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (true) {
    std::size_t eq = s.find('=', pos);
    out.emplace_back(
        s.substr(pos, eq == std::string_view::npos ? std::string_view::npos : eq - pos));
    if (eq == std::string_view::npos) break;
    pos = eq + 1;
  }
  return out;
}

Status ParseJsonPathCondition(std::string_view input, int minor, Condition* c) {
  std::string expr, value;
  if (minor <= 27) {
    std::vector<std::string> parts = SplitAll(input);
    if (parts.size() != 2) {
      return Status::InvalidArgument(
          "jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3");
    }
    SNAPSIM_ASSIGN_OR_RETURN(expr, RelaxedJsonPathExpression(parts[0]));
    if (parts[1].empty()) return Status::InvalidArgument("jsonpath wait condition cannot be empty");
    value = TrimQuotes(parts[1]);
  } else {
    std::vector<std::string> parts = minor == 28 ? SplitAll(input) : SplitJsonPathInput(input);
    if (parts.empty() || parts.size() > 2) {
      return Status::InvalidArgument(
          "jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3 or "
          "--for=jsonpath='{.status.readyReplicas}'");
    }
    SNAPSIM_ASSIGN_OR_RETURN(expr, RelaxedJsonPathExpression(parts[0]));
    if (parts.size() == 2) {
      value = TrimQuotes(parts[1]);
      if (value.empty()) {
        return Status::InvalidArgument(
            "jsonpath wait has to have a value after equal sign, like "
            "--for=jsonpath='{.status.readyReplicas}'=3");
      }
    }
  }
  if (expr.empty()) return Status::InvalidArgument("jsonpath expression cannot be empty");
  SNAPSIM_ASSIGN_OR_RETURN(c->path, JsonPath::Parse(expr));
  c->kind = Condition::Kind::kJsonPath;
  c->value = value;
  c->match_any = value.empty();
  return Status::Ok();
}

Result<Condition> ParseCondition(std::string_view flag, int minor) {
  Condition c;
  if (Lower(flag) == "delete") return c;
  if (flag.rfind("condition=", 0) == 0) {
    c.kind = Condition::Kind::kCondition;
    std::string_view rest = flag.substr(10);
    std::size_t eq = rest.find('=');
    c.name = std::string(rest.substr(0, eq));
    c.value = eq == std::string_view::npos ? "true" : std::string(rest.substr(eq + 1));
    return c;
  }
  if (minor >= 23 && flag.rfind("jsonpath=", 0) == 0) {
    SNAPSIM_RETURN_IF_ERROR(ParseJsonPathCondition(flag.substr(9), minor, &c));
    return c;
  }
  return Status::InvalidArgument(fmt::format("unrecognized condition: {}", GoQuote(flag)));
}

// ConditionalWait.checkCondition over the object's JSON.
bool ConditionMet(const Condition& c, const api::Value& obj) {
  const api::Value* status = obj.Find("status");
  const api::Value* conditions = status == nullptr ? nullptr : status->Find("conditions");
  if (conditions == nullptr || !conditions->is_array()) return false;
  for (const api::Value& cond : conditions->as_array()) {
    const api::Value* type = cond.Find("type");
    if (type == nullptr || !type->is_string() || !EqualFold(type->as_string(), c.name)) continue;
    const api::Value* st = cond.Find("status");
    if (st == nullptr || !st->is_string()) continue;
    const api::Value* meta = obj.Find("metadata");
    const api::Value* generation = meta == nullptr ? nullptr : meta->Find("generation");
    if (generation != nullptr && generation->is_int()) {
      const api::Value* observed = cond.Find("observedGeneration");
      if (observed == nullptr || !observed->is_int()) observed = status->Find("observedGeneration");
      if (observed != nullptr && observed->is_int() && observed->as_int() < generation->as_int())
        return false;
    }
    return EqualFold(st->as_string(), c.value);
  }
  return false;
}

// JSONPathWait.checkCondition.
Result<bool> JsonPathMet(const Condition& c, const api::Value& obj) {
  SNAPSIM_ASSIGN_OR_RETURN(auto results, c.path.FindResults(obj, /*allow_missing_keys=*/true));
  if (results.empty() || results[0].empty()) return false;
  if (results.size() > 1)
    return Status::InvalidArgument("given jsonpath expression matches more than one list");
  if (results[0].size() > 1)
    return Status::InvalidArgument("given jsonpath expression matches more than one value");
  if (c.match_any) return true;
  const api::Value& v = results[0][0];
  if (v.is_object() || v.is_array()) {
    return Status::InvalidArgument(
        "jsonpath leads to a nested object or list which is not supported");
  }
  return TrimSpace(GoValue(v)) == TrimSpace(c.value);
}

Result<bool> Met(Invocation& inv, const Condition& c, const api::Object& obj) {
  api::Value v = inv.Present(obj);
  if (c.kind == Condition::Kind::kCondition) return ConditionMet(c, v);
  return JsonPathMet(c, v);
}

}  // namespace

int RunWait(Invocation& inv, const std::vector<std::string>& args) {
  static const std::vector<FlagSpec> kSpecs = WaitFlags();
  auto parsed = ParseFlags(args, kSpecs);
  if (!parsed.ok()) return inv.FlagError(parsed.status());
  const ParsedFlags& flags = *parsed;
  auto timeout_or = ParseGoDuration(flags.Get("timeout"), "--timeout");
  if (!timeout_or.ok()) return inv.FlagError(timeout_or.status());
  auto format = ParseMutationOutput(flags.Get("output"));
  if (!format.ok()) return inv.Fail(format.status().message());
  engine::Nanos timeout = *timeout_or < 0 ? 168 * engine::kHour : *timeout_or;
  auto cond_or = ParseCondition(flags.Get("for"), inv.minor());
  if (!cond_or.ok()) return inv.Fail(cond_or.status().message());
  const Condition& cond = *cond_or;
  bool for_delete = cond.kind == Condition::Kind::kDelete;
  if (flags.GetBool("local"))
    return inv.Fail("unsupported: snapsim does not implement kubectl wait --local");

  TargetQuery q;
  q.args = flags.positional;
  q.files = flags.GetAll("filename");
  q.selector = flags.Get("selector");
  q.field_selector = flags.Get("field-selector");
  q.select_all = flags.GetBool("all");
  q.all_namespaces = flags.GetBool("all-namespaces");
  q.namespace_ = inv.Namespace(flags);
  q.namespace_explicit = flags.Has("namespace");
  auto set = ResolveTargets(inv, q);
  if (!set.ok()) return ReportErrors(inv, {set.error()});

  engine::EventLoop& loop = *inv.env().loop;
  const engine::Nanos deadline = loop.Now() + timeout;
  ObjectPrinter printer(*format);
  std::vector<CommandError> errors;
  int visits = 0;
  for (const TargetItem& item : set->items) {
    if (item.error) {
      if (for_delete && item.error->message.rfind("Error from server (NotFound)", 0) == 0) continue;
      errors.push_back(*item.error);
      continue;
    }
    ++visits;
    const Target& t = item.target;
    std::string where = Invocation::ResourceName(*t.kind, t.name);
    auto timed_out = [&] {
      errors.push_back(
          CommandError::Plain(fmt::format("timed out waiting for the condition on {}", where)));
    };
    auto print = [&](const api::Object& obj) {
      Status s = printer.Print(inv, *t.kind, inv.Present(obj), "condition met");
      if (!s.ok()) errors.push_back(CommandError::Plain(s.message()));
    };
    engine::Nanos remaining = deadline - loop.Now();

    if (for_delete) {
      auto got = inv.server().Get(*t.kind, t.namespace_, t.name);
      if (!got.ok()) {
        if (got.error().Is(apiserver::ApiError::Reason::kNotFound)) {
          print(*t.object);
        } else {
          errors.push_back(CommandError::Api(inv, got.error()));
        }
        continue;
      }
      api::ObjectPtr before = *got;
      if (timeout == 0) {
        errors.push_back(CommandError::Plain(fmt::format("condition not met for {}", where)));
        continue;
      }
      auto gone = [&] {
        api::ObjectPtr now = inv.server().Peek(*t.kind, t.namespace_, t.name);
        return now == nullptr || now->metadata.uid != before->metadata.uid;
      };
      if (remaining > 0 ? AdvanceUntil(loop, gone, remaining) : gone()) {
        print(*before);
      } else {
        timed_out();
      }
      continue;
    }

    if (timeout == 0) {
      auto got = inv.server().Get(*t.kind, t.namespace_, t.name);
      if (!got.ok()) {
        errors.push_back(CommandError::Api(inv, got.error()));
        continue;
      }
      auto met = Met(inv, cond, **got);
      if (!met.ok()) {
        errors.push_back(CommandError::Plain(met.status().message()));
      } else if (!*met) {
        errors.push_back(CommandError::Plain(fmt::format("condition not met for {}", where)));
      } else {
        print(**got);
      }
      continue;
    }
    // Re-checked against the store after every event, as the watch would see it.
    api::ObjectPtr final_object;
    std::optional<Status> failure;
    auto done = [&] {
      api::ObjectPtr now = inv.server().Peek(*t.kind, t.namespace_, t.name);
      if (now == nullptr) return false;
      auto met = Met(inv, cond, *now);
      if (!met.ok()) {
        failure = met.status();
        return true;
      }
      if (*met) final_object = now;
      return *met;
    };
    bool ok = remaining > 0 ? AdvanceUntil(loop, done, remaining) : done();
    if (failure) {
      errors.push_back(CommandError::Plain(failure->message()));
    } else if (ok && final_object != nullptr) {
      print(*final_object);
    } else {
      timed_out();
    }
  }
  if (errors.empty() && visits == 0 && !for_delete) {
    errors.push_back(CommandError::Plain("no matching resources found"));
  }
  return ReportErrors(inv, errors);
}

}  // namespace snapsim::kubectl
