// Pure rules: disk categories and size ranges, name/description/tag validation.
#include <cctype>
#include <set>

#include "src/fake_ecs/backend.h"

namespace snapsim::ecs::internal {
namespace {

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

bool HasUrlPrefix(std::string_view s) {
  return StartsWith(s, "http://") || StartsWith(s, "https://");
}

}  // namespace

bool IsKnownCategory(std::string_view c) {
  return c == "cloud" || c == "cloud_efficiency" || c == "cloud_ssd" || c == "cloud_essd" ||
         c == "cloud_auto" || c == "cloud_essd_entry";
}

bool IsEssdSeries(std::string_view c) {
  return c == "cloud_essd" || c == "cloud_auto" || c == "cloud_essd_entry" ||
         c == "cloud_regional_disk_auto";
}

bool SizeRange(std::string_view c, std::string_view pl, std::int64_t& lo, std::int64_t& hi) {
  if (c == "cloud") {
    lo = 5, hi = 2000;
  } else if (c == "cloud_efficiency" || c == "cloud_ssd") {
    lo = 20, hi = 32768;
  } else if (c == "cloud_essd") {
    hi = 65536;
    lo = pl == "PL0" ? 1 : pl == "PL2" ? 461 : pl == "PL3" ? 1261 : 20;
  } else if (c == "cloud_auto") {
    lo = 1, hi = 65536;
  } else if (c == "cloud_essd_entry") {
    lo = 10, hi = 32768;
  } else {
    return false;
  }
  return true;
}

bool ValidName(std::string_view name) {
  if (name.size() < 2 || name.size() > 128) return false;
  if (!std::isalpha(static_cast<unsigned char>(name[0]))) return false;
  if (HasUrlPrefix(name)) return false;
  for (char ch : name) {
    auto c = static_cast<unsigned char>(ch);
    if (!std::isalnum(c) && ch != ':' && ch != '_' && ch != '.' && ch != '-') return false;
  }
  return true;
}

bool ValidDescription(std::string_view d) {
  return d.size() >= 2 && d.size() <= 256 && !HasUrlPrefix(d);
}

std::optional<EcsError> ValidateTags(const std::vector<Tag>& tags) {
  if (tags.size() > 20) return errors::InvalidTagCount();
  std::set<std::string> keys;
  for (const auto& t : tags) {
    if (t.key.empty() || t.key.size() > 64 || StartsWith(t.key, "aliyun") ||
        StartsWith(t.key, "acs:") || t.key.find("http://") != std::string::npos ||
        t.key.find("https://") != std::string::npos) {
      return errors::InvalidTagKeyMalformed();
    }
    if (t.value.size() > 128 || StartsWith(t.value, "aliyun") || StartsWith(t.value, "acs:") ||
        t.value.find("http://") != std::string::npos ||
        t.value.find("https://") != std::string::npos) {
      return errors::InvalidTagValueMalformed();
    }
    if (!keys.insert(t.key).second) return errors::DuplicateTagKey();
  }
  return std::nullopt;
}

std::vector<ResponseTag> ResponseTags(const std::vector<Tag>& tags) {
  std::vector<ResponseTag> out;
  out.reserve(tags.size());
  for (const auto& t : tags) out.push_back({t.key, t.value, t.key, t.value});
  return out;
}

}  // namespace snapsim::ecs::internal
