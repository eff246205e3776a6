// yaml::Node: a loaded YAML document as a plain tree, the shape yaml-cpp's
// YAML::Node gives, without its shared memory holders.
//
// What is kept is exactly what the decoders read from yaml-cpp: the node type, a
// scalar's text, the tag (yaml-cpp's non-specific "?" for plain scalars and
// collections, "!" for quoted and block scalars, the resolved tag when one is
// written, "" for null), the source mark of the node's first token, and a map's
// members in file order, repeated keys included (the decoders report those).
//
// Marks follow yaml-cpp: 0-based line and column, byte offset; a null node that
// stands for a missing value carries the mark of the token after it.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace snapsim::yaml {

struct Mark {
  int pos = -1;
  int line = -1;
  int column = -1;

  bool is_null() const { return pos == -1 && line == -1 && column == -1; }
  friend bool operator==(const Mark&, const Mark&) = default;
};

enum class NodeType { Null, Scalar, Sequence, Map };

class Node {
 public:
  using Member = std::pair<Node, Node>;

  Node() = default;
  static Node Null(Mark mark) { return Node(NodeType::Null, mark, ""); }
  static Node Scalar(Mark mark, std::string tag, std::string text) {
    Node n(NodeType::Scalar, mark, std::move(tag));
    n.scalar_ = std::move(text);
    return n;
  }
  static Node Sequence(Mark mark, std::string tag = "?") {
    return Node(NodeType::Sequence, mark, std::move(tag));
  }
  static Node Map(Mark mark, std::string tag = "?") { return Node(NodeType::Map, mark, std::move(tag)); }

  NodeType Type() const { return type_; }
  bool IsNull() const { return type_ == NodeType::Null; }
  bool IsScalar() const { return type_ == NodeType::Scalar; }
  bool IsSequence() const { return type_ == NodeType::Sequence; }
  bool IsMap() const { return type_ == NodeType::Map; }

  // The scalar's text; "" for other nodes.
  const std::string& Scalar() const { return scalar_; }
  const std::string& Tag() const { return tag_; }
  yaml::Mark Mark() const { return mark_; }

  // A sequence's items; a map's members. Empty for the other types.
  const std::vector<Node>& items() const { return items_; }
  const std::vector<Member>& members() const { return members_; }
  std::size_t size() const { return type_ == NodeType::Map ? members_.size() : items_.size(); }

  Node& Append(Node item) { return items_.emplace_back(std::move(item)); }
  Member& AppendMember(Node key, Node value) {
    return members_.emplace_back(std::move(key), std::move(value));
  }

  friend bool operator==(const Node&, const Node&) = default;

 private:
  Node(NodeType type, yaml::Mark mark, std::string tag) : type_(type), mark_(mark), tag_(std::move(tag)) {}

  NodeType type_ = NodeType::Null;
  yaml::Mark mark_;
  std::string tag_;
  std::string scalar_;
  std::vector<Node> items_;
  std::vector<Member> members_;
};

// "null", "scalar \"x\" !", ...: one line per node, indented, with marks. For test
// failure messages.
std::string DebugString(const Node& node);

}  // namespace snapsim::yaml
