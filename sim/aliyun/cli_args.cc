#include "sim/aliyun/cli_args.h"

#include <fmt/format.h>

namespace snapsim::aliyun {

std::variant<CommandLine, std::string> ParseCommandLine(const std::vector<std::string>& args,
                                                        const std::set<std::string>& no_value) {
  CommandLine out;
  std::set<std::string> seen;
  int pending = -1;  // index in out.flags of a flag waiting for its value
  for (const std::string& s : args) {
    std::size_t cut = s.find_first_of("=:");
    std::string prefix = cut == std::string::npos ? s : s.substr(0, cut);
    bool inline_value = cut != std::string::npos;
    std::string value = inline_value ? s.substr(cut + 1) : "";
    std::string flag;
    if (prefix.rfind("---", 0) == 0 || prefix.empty() || prefix[0] != '-') {
      value = s;  // a value or a positional argument
    } else if (prefix.rfind("--", 0) == 0) {
      if (prefix.size() == 2) return std::string("not support '--' in command line");
      flag = prefix.substr(2);
    } else if (prefix.size() == 2) {
      return fmt::format("unsupported: snapsim's aliyun does not model the shorthand flag {}",
                         prefix);
    } else {
      return fmt::format("not support flag form {}", prefix);
    }

    if (flag.empty()) {
      if (pending >= 0) {
        out.flags[static_cast<std::size_t>(pending)].second = value;
        pending = -1;
      } else {
        out.positional.push_back(value);
      }
      continue;
    }
    if (!seen.insert(flag).second) return fmt::format("--{} duplicated", flag);
    if (pending >= 0) {
      return fmt::format("--{} must be assigned with value",
                         out.flags[static_cast<std::size_t>(pending)].first);
    }
    out.flags.emplace_back(flag, value);
    if (!inline_value && no_value.count(flag) == 0)
      pending = static_cast<int>(out.flags.size() - 1);
  }
  return out;
}

}  // namespace snapsim::aliyun
