#include "sim/scenario/yaml_decoder.h"

#include <set>

#include <fmt/format.h>

#include "src/api/yaml.h"

namespace snapsim::scenario {

SourcePos YamlDecoder::PosOf(const yaml::Node& node) {
  yaml::Mark mark = node.Mark();
  if (mark.is_null()) return SourcePos{};
  return SourcePos{mark.line + 1, mark.column + 1};
}

SourcePos YamlDecoder::PosInScalar(const yaml::Node& node, std::size_t offset) const {
  SourcePos pos = PosOf(node);
  yaml::Mark mark = node.Mark();
  if (mark.is_null() || !node.IsScalar()) return pos;
  const std::string& text = node.Scalar();
  if (text.find('\n') != std::string::npos) return pos;
  auto start = static_cast<std::size_t>(mark.pos);
  if (start >= source_.size()) return pos;
  char first = source_[start];
  std::size_t skip = (first == '\'' || first == '"') ? 1 : 0;
  if (source_.substr(start + skip, text.size()) != text) return pos;  // escapes: no exact map
  pos.column += static_cast<int>(skip + offset);
  return pos;
}

Status YamlDecoder::ErrorAt(SourcePos pos, std::string_view what) const {
  if (pos.line == 0) return Status::InvalidArgument(fmt::format("{}: {}", path_, what));
  return Status::InvalidArgument(fmt::format("{}:{}:{}: {}", path_, pos.line, pos.column, what));
}

Result<std::span<const yaml::Node::Member>> YamlDecoder::Members(const yaml::Node& map,
                                                                std::string_view what) const {
  std::set<std::string_view> seen;
  for (const auto& [key, value] : map.members()) {
    if (!key.IsScalar()) {
      return Error(key, fmt::format("{}: expected a key name, got {}", what, Describe(key)));
    }
    if (!seen.insert(key.Scalar()).second) {
      return Error(key, fmt::format("{}: duplicate key \"{}\"", what, key.Scalar()));
    }
  }
  return std::span<const yaml::Node::Member>(map.members());
}

Result<std::string> YamlDecoder::Scalar(const yaml::Node& node, std::string_view what,
                                        std::string_view expected) const {
  if (!node.IsScalar()) {
    return Error(node, fmt::format("{}: expected {}, got {}", what, expected, Describe(node)));
  }
  return node.Scalar();
}

std::string_view YamlDecoder::Describe(const yaml::Node& node) {
  switch (node.Type()) {
    case yaml::NodeType::Map: return "a map";
    case yaml::NodeType::Sequence: return "a list";
    case yaml::NodeType::Scalar: return "a string";
    default: return "nothing (null)";
  }
}

Result<api::Value> YamlDecoder::ToValue(const yaml::Node& node) const { return ToValue(node, 0); }

Result<api::Value> YamlDecoder::ToValue(const yaml::Node& node, int depth) const {
  if (depth > 64) return Error(node, "nesting too deep (more than 64 levels)");
  switch (node.Type()) {
    case yaml::NodeType::Scalar:
      // yaml-cpp tags plain scalars "?" and quoted ones "!".
      if (node.Tag() == "?") return api::ResolvePlainScalar(node.Scalar());
      return api::Value(node.Scalar());
    case yaml::NodeType::Sequence: {
      api::Value::Array items;
      for (const auto& item : node.items()) {
        SNAPSIM_ASSIGN_OR_RETURN(api::Value v, ToValue(item, depth + 1));
        items.push_back(std::move(v));
      }
      return api::Value(std::move(items));
    }
    case yaml::NodeType::Map: {
      SNAPSIM_ASSIGN_OR_RETURN(auto members, Members(node, "map"));
      api::Value::Object object;
      for (const auto& [key, value] : members) {
        SNAPSIM_ASSIGN_OR_RETURN(api::Value v, ToValue(value, depth + 1));
        object.emplace(key.Scalar(), std::move(v));
      }
      return api::Value(std::move(object));
    }
    default:
      return api::Value();
  }
}

std::string JoinNames(std::initializer_list<std::string_view> names) {
  std::string out;
  for (auto n : names) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

}  // namespace snapsim::scenario
