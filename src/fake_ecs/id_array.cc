// ParseIdArray / FormatIdArray (params.h): the JSON id lists of DiskIds, SnapshotIds, InstanceIds.
#include <cctype>

#include "src/fake_ecs/params.h"

namespace snapsim::ecs {

std::optional<std::vector<std::string>> ParseIdArray(std::string_view s) {
  std::size_t i = 0;
  auto ws = [&] {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  };
  ws();
  if (i >= s.size() || s[i] != '[') return std::nullopt;
  ++i;
  std::vector<std::string> out;
  ws();
  if (i < s.size() && s[i] == ']') {
    ++i;
    ws();
    return i == s.size() ? std::optional(out) : std::nullopt;
  }
  while (true) {
    ws();
    if (i >= s.size() || s[i] != '"') return std::nullopt;
    ++i;
    std::string item;
    while (i < s.size() && s[i] != '"') {
      if (s[i] == '\\') {
        if (i + 1 >= s.size()) return std::nullopt;
        char e = s[i + 1];
        if (e != '"' && e != '\\' && e != '/') return std::nullopt;  // ids need no other escapes
        item += e;
        i += 2;
        continue;
      }
      item += s[i++];
    }
    if (i >= s.size()) return std::nullopt;
    ++i;  // closing quote
    out.push_back(std::move(item));
    ws();
    if (i < s.size() && s[i] == ',') {
      ++i;
      continue;
    }
    if (i < s.size() && s[i] == ']') {
      ++i;
      ws();
      return i == s.size() ? std::optional(out) : std::nullopt;
    }
    return std::nullopt;
  }
}

std::string FormatIdArray(const std::vector<std::string>& ids) {
  std::string out = "[";
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i) out += ',';
    out += '"';
    for (char c : ids[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "]";
}

}  // namespace snapsim::ecs
