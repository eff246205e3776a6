#include "src/api/yaml_load.h"

#include <yaml-cpp/yaml.h>

#include "src/api/yaml_reader.h"

namespace snapsim::yaml {
namespace {

// yaml-cpp nests at most 500 levels, but an alias repeats its anchor's subtree: the
// copy is bounded so that a document of aliases to aliases cannot explode.
constexpr int kMaxCopyDepth = 600;
constexpr std::size_t kMaxCopiedNodes = 1'000'000;

Mark MarkOf(const YAML::Node& node) {
  YAML::Mark m = node.Mark();
  return Mark{m.pos, m.line, m.column};
}

bool Copy(const YAML::Node& from, int depth, std::size_t& budget, Node& out) {
  if (depth > kMaxCopyDepth || budget == 0) return false;
  --budget;
  switch (from.Type()) {
    case YAML::NodeType::Scalar:
      out = Node::Scalar(MarkOf(from), from.Tag(), from.Scalar());
      return true;
    case YAML::NodeType::Sequence:
      out = Node::Sequence(MarkOf(from), from.Tag());
      for (const auto& item : from) {
        if (!Copy(item, depth + 1, budget, out.Append(Node()))) return false;
      }
      return true;
    case YAML::NodeType::Map:
      out = Node::Map(MarkOf(from), from.Tag());
      for (const auto& kv : from) {
        Node::Member& member = out.AppendMember(Node(), Node());
        if (!Copy(kv.first, depth + 1, budget, member.first) ||
            !Copy(kv.second, depth + 1, budget, member.second)) {
          return false;
        }
      }
      return true;
    default:  // Null, Undefined
      out = Node::Null(MarkOf(from));
      return true;
  }
}

}  // namespace

Documents LoadYamlWithYamlCpp(std::string_view text) {
  Documents docs;
  std::vector<YAML::Node> loaded;
  try {
    loaded = YAML::LoadAll(std::string(text));
  } catch (const YAML::Exception& e) {
    docs.error = SyntaxError{Mark{e.mark.pos, e.mark.line, e.mark.column}, e.msg};
    return docs;
  }
  std::size_t budget = kMaxCopiedNodes;
  for (const YAML::Node& node : loaded) {
    if (!Copy(node, 0, budget, docs.nodes.emplace_back())) {
      docs.nodes.clear();
      docs.error = SyntaxError{MarkOf(node), "document too large: its aliases expand to over "
                                             "1,000,000 nodes or 600 levels"};
      return docs;
    }
  }
  return docs;
}

Documents LoadYaml(std::string_view text) {
  if (auto nodes = ReadYamlSubset(text)) return Documents{std::move(*nodes), std::nullopt};
  return LoadYamlWithYamlCpp(text);
}

}  // namespace snapsim::yaml
