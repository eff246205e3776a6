#include "src/fake_apiserver/strategic_schema.h"

#include <algorithm>
#include <tuple>

namespace snapsim::apiserver {

bool PatchMeta::has(std::string_view strategy) const {
  return std::find(strategies.begin(), strategies.end(), strategy) != strategies.end();
}

std::string_view PatchMeta::strategy() const {
  for (const std::string& s : strategies) {
    if (s != "retainKeys") return s;
  }
  return "";
}

std::pair<StrategicSchema::Node, PatchMeta> StrategicSchema::Node::Lookup(
    std::string_view field) const {
  if (struct_ == nullptr) return {Node(), PatchMeta()};
  auto it = struct_->find(field);
  if (it == struct_->end()) return {Node(), PatchMeta()};
  auto t = types_->find(it->second.type);
  if (t == types_->end()) return {Node(), it->second.meta};
  return {Node(types_, &t->second), it->second.meta};
}

std::string_view StrategicSchema::Node::name() const { return "struct"; }

StrategicSchema::StrategicSchema(std::string root_type, Types types)
    : root_type_(std::move(root_type)), types_(std::move(types)) {}

StrategicSchema::Node StrategicSchema::Root() const {
  auto t = types_.find(root_type_);
  if (t == types_.end()) return Node();
  return Node(&types_, &t->second);
}

PatchMeta StrategicSchema::Lookup(const std::vector<std::string>& path) const {
  Node node = Root();
  PatchMeta meta;
  for (const std::string& field : path) {
    std::tie(node, meta) = node.Lookup(field);
  }
  return meta;
}

std::string StrategicMergeUnsupportedMessage(bool server_side_apply) {
  std::string msg =
      "the body of the request was in an unknown format - accepted media types include: "
      "application/json-patch+json, application/merge-patch+json";
  if (server_side_apply) msg += ", application/apply-patch+yaml";
  return msg;
}

}  // namespace snapsim::apiserver
