#include "sim/kubectl/flags.h"

#include <fmt/format.h>

namespace snapsim::kubectl {
namespace {

const FlagSpec* FindLong(const std::vector<FlagSpec>& specs, std::string_view name) {
  for (const auto& s : specs) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

const FlagSpec* FindShort(const std::vector<FlagSpec>& specs, char c) {
  for (const auto& s : specs) {
    if (s.shorthand == c) return &s;
  }
  return nullptr;
}

Status CheckValue(const FlagSpec& spec, std::string_view value, std::string_view shown) {
  if (spec.type == FlagSpec::Type::kBool) {
    static constexpr std::string_view kTrue[] = {"1", "t", "T", "TRUE", "true", "True"};
    static constexpr std::string_view kFalse[] = {"0", "f", "F", "FALSE", "false", "False"};
    for (auto t : kTrue) {
      if (value == t) return Status::Ok();
    }
    for (auto f : kFalse) {
      if (value == f) return Status::Ok();
    }
    return Status::InvalidArgument(fmt::format(
        "invalid argument \"{}\" for \"{}\" flag: strconv.ParseBool: parsing \"{}\": invalid syntax", value, shown,
        value));
  }
  if (spec.type == FlagSpec::Type::kInt) {
    bool ok = !value.empty();
    for (std::size_t i = 0; i < value.size(); ++i) {
      char c = value[i];
      if (!(c >= '0' && c <= '9') && !(i == 0 && c == '-' && value.size() > 1)) ok = false;
    }
    if (!ok) {
      return Status::InvalidArgument(fmt::format(
          "invalid argument \"{}\" for \"{}\" flag: strconv.ParseInt: parsing \"{}\": invalid syntax", value, shown,
          value));
    }
  }
  return Status::Ok();
}

}  // namespace

std::string ParsedFlags::Get(std::string_view name) const {
  auto it = values_.find(name);
  if (it != values_.end() && !it->second.empty()) return it->second.back();
  // The last spec of a name wins, as a map assignment would.
  for (auto d = defaults_.rbegin(); d != defaults_.rend(); ++d) {
    if (d->first == name) return std::string(d->second);
  }
  return "";
}

bool ParsedFlags::GetBool(std::string_view name) const {
  std::string v = Get(name);
  return v == "1" || v == "t" || v == "T" || v == "TRUE" || v == "true" || v == "True";
}

std::vector<std::string> ParsedFlags::GetAll(std::string_view name) const {
  auto it = values_.find(name);
  return it == values_.end() ? std::vector<std::string>{} : it->second;
}

std::vector<FlagSpec> GlobalFlags() {
  using T = FlagSpec::Type;
  return {
      {"namespace", 'n', T::kString, ""},       {"v", 'v', T::kInt, "0"},
      {"kubeconfig", 0, T::kString, ""},        {"context", 0, T::kString, ""},
      {"cluster", 0, T::kString, ""},           {"user", 0, T::kString, ""},
      {"request-timeout", 0, T::kString, "0"},  {"server", 's', T::kString, ""},
      {"insecure-skip-tls-verify", 0, T::kBool, "false"},
      {"warnings-as-errors", 0, T::kBool, "false"},
  };
}

Result<ParsedFlags> ParseFlags(const std::vector<std::string>& args, const std::vector<FlagSpec>& specs) {
  ParsedFlags out;
  for (const auto& s : specs) {
    if (!s.default_value.empty()) out.defaults_.emplace_back(s.name, s.default_value);
  }
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (out.saw_dash) {
      out.after_dash.push_back(a);
      continue;
    }
    if (a == "--") {
      out.saw_dash = true;
      continue;
    }
    if (a.size() > 2 && a[0] == '-' && a[1] == '-') {
      std::string_view body = std::string_view(a).substr(2);
      std::size_t eq = body.find('=');
      std::string_view name = body.substr(0, eq);
      const FlagSpec* spec = FindLong(specs, name);
      if (spec == nullptr) return Status::InvalidArgument(fmt::format("unknown flag: --{}", name));
      std::string value;
      if (eq != std::string_view::npos) {
        value = std::string(body.substr(eq + 1));
      } else if (spec->type == FlagSpec::Type::kBool) {
        value = "true";
      } else if (i + 1 < args.size()) {
        value = args[++i];
      } else {
        return Status::InvalidArgument(fmt::format("flag needs an argument: --{}", name));
      }
      SNAPSIM_RETURN_IF_ERROR(CheckValue(*spec, value, fmt::format("--{}", name)));
      out.values_[std::string(name)].push_back(std::move(value));
      continue;
    }
    if (a.size() > 1 && a[0] == '-') {
      // Shorthands, possibly grouped: -it, -nfoo, -n=foo.
      for (std::size_t j = 1; j < a.size(); ++j) {
        char c = a[j];
        const FlagSpec* spec = FindShort(specs, c);
        if (spec == nullptr) return Status::InvalidArgument(fmt::format("unknown shorthand flag: '{}' in {}", c, a));
        std::string shown = fmt::format("-{}, --{}", c, spec->name);
        std::string value;
        if (j + 1 < a.size() && a[j + 1] == '=') {
          value = a.substr(j + 2);
          j = a.size();
        } else if (spec->type == FlagSpec::Type::kBool) {
          value = "true";
        } else if (j + 1 < a.size()) {
          value = a.substr(j + 1);
          j = a.size();
        } else if (i + 1 < args.size()) {
          value = args[++i];
        } else {
          return Status::InvalidArgument(fmt::format("flag needs an argument: '{}' in -{}", c, c));
        }
        SNAPSIM_RETURN_IF_ERROR(CheckValue(*spec, value, shown));
        out.values_[std::string(spec->name)].push_back(std::move(value));
      }
      continue;
    }
    out.positional.push_back(a);
  }
  return out;
}

}  // namespace snapsim::kubectl
