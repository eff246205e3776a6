#include "sim/kubectl/jsonpath_node.h"

#include <fmt/format.h>

namespace snapsim::kubectl::jsonpath_internal {
namespace {

void AppendDebug(std::string& out, const Node& n) {
  switch (n.kind) {
    case Node::Kind::kText:
      out += "NodeText: " + n.literal.as_string();
      break;
    case Node::Kind::kList:
      out += "NodeList";
      break;
    case Node::Kind::kField:
      out += "NodeField: " + n.name;
      break;
    case Node::Kind::kIdentifier:
      out += "NodeIdentifier: " + n.name;
      break;
    case Node::Kind::kArray:
      out += "NodeArray: [";
      for (std::size_t i = 0; i < 3; ++i) {
        const SliceParam& p = n.params[i];
        out += fmt::format("{}{{{} {} {}}}", i ? " " : "", p.value, p.known, p.derived);
      }
      out += ']';
      break;
    case Node::Kind::kFilter:
      out += "NodeFilter: NodeList " + n.name + " NodeList";
      break;
    case Node::Kind::kInt:
      out += fmt::format("NodeInt: {}", n.literal.as_int());
      break;
    case Node::Kind::kFloat:
      out += fmt::format("NodeFloat: {:f}", n.literal.as_double());
      break;
    case Node::Kind::kBool:
      out += fmt::format("NodeBool: {}", n.literal.as_bool());
      break;
    case Node::Kind::kWildcard:
      out += "NodeWildcard";
      break;
    case Node::Kind::kRecursive:
      out += "NodeRecursive";
      break;
    case Node::Kind::kUnion:
      out += "NodeUnion";
      break;
  }
  out += '\n';
  for (const Node& c : n.children) AppendDebug(out, c);
}

}  // namespace

std::string DebugString(const std::vector<Node>& nodes) {
  std::string out;
  for (const Node& n : nodes) AppendDebug(out, n);
  return out;
}

}  // namespace snapsim::kubectl::jsonpath_internal
