#include "src/api/yaml_node.h"

#include <fmt/format.h>

namespace snapsim::yaml {
namespace {

void Print(const Node& node, int indent, std::string& out) {
  std::string pad(static_cast<std::size_t>(indent) * 2, ' ');
  auto mark = fmt::format("@{}:{}+{}", node.Mark().line, node.Mark().column, node.Mark().pos);
  switch (node.Type()) {
    case NodeType::Null:
      out += fmt::format("{}null tag={:?} {}\n", pad, node.Tag(), mark);
      return;
    case NodeType::Scalar:
      out += fmt::format("{}scalar {:?} tag={:?} {}\n", pad, node.Scalar(), node.Tag(), mark);
      return;
    case NodeType::Sequence:
      out += fmt::format("{}sequence tag={:?} {}\n", pad, node.Tag(), mark);
      for (const Node& item : node.items()) Print(item, indent + 1, out);
      return;
    case NodeType::Map:
      out += fmt::format("{}map tag={:?} {}\n", pad, node.Tag(), mark);
      for (const auto& [key, value] : node.members()) {
        Print(key, indent + 1, out);
        Print(value, indent + 2, out);
      }
      return;
  }
}

}  // namespace

std::string DebugString(const Node& node) {
  std::string out;
  Print(node, 0, out);
  return out;
}

}  // namespace snapsim::yaml
