#include "sim/scenario/yaml_decoder.h"

#include <set>

#include <fmt/format.h>

#include "src/api/yaml.h"

namespace snapsim::scenario {

SourcePos YamlDecoder::PosOf(const YAML::Node& node) {
  YAML::Mark mark = node.Mark();
  if (mark.is_null()) return SourcePos{};
  return SourcePos{mark.line + 1, mark.column + 1};
}

SourcePos YamlDecoder::PosInScalar(const YAML::Node& node, std::size_t offset) const {
  SourcePos pos = PosOf(node);
  YAML::Mark mark = node.Mark();
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

Result<std::vector<std::pair<YAML::Node, YAML::Node>>> YamlDecoder::Members(
    const YAML::Node& map, std::string_view what) const {
  std::vector<std::pair<YAML::Node, YAML::Node>> members;
  std::set<std::string, std::less<>> seen;
  for (const auto& kv : map) {
    if (!kv.first.IsScalar()) {
      return Error(kv.first, fmt::format("{}: expected a key name, got {}", what,
                                         Describe(kv.first)));
    }
    if (!seen.insert(kv.first.Scalar()).second) {
      return Error(kv.first, fmt::format("{}: duplicate key \"{}\"", what, kv.first.Scalar()));
    }
    members.emplace_back(kv.first, kv.second);
  }
  return members;
}

Result<std::string> YamlDecoder::Scalar(const YAML::Node& node, std::string_view what,
                                        std::string_view expected) const {
  if (!node.IsScalar()) {
    return Error(node, fmt::format("{}: expected {}, got {}", what, expected, Describe(node)));
  }
  return node.Scalar();
}

std::string_view YamlDecoder::Describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: return "a map";
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Scalar: return "a string";
    default: return "nothing (null)";
  }
}

Result<api::Value> YamlDecoder::ToValue(const YAML::Node& node) const { return ToValue(node, 0); }

Result<api::Value> YamlDecoder::ToValue(const YAML::Node& node, int depth) const {
  if (depth > 64) return Error(node, "nesting too deep (more than 64 levels)");
  switch (node.Type()) {
    case YAML::NodeType::Scalar:
      // yaml-cpp tags plain scalars "?" and quoted ones "!".
      if (node.Tag() == "?") return api::ResolvePlainScalar(node.Scalar());
      return api::Value(node.Scalar());
    case YAML::NodeType::Sequence: {
      api::Value::Array items;
      for (const auto& item : node) {
        SNAPSIM_ASSIGN_OR_RETURN(api::Value v, ToValue(item, depth + 1));
        items.push_back(std::move(v));
      }
      return api::Value(std::move(items));
    }
    case YAML::NodeType::Map: {
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
