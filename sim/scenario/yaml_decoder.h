// YamlDecoder: shared helpers for decoding a scenario's YAML nodes into typed values
// with precise messages. Internal to the loader (loader.cc, step_decoder.cc).
//
// Every error it builds reads "<path>:<line>:<col>: <what was expected>", with the
// 1-based position of the node at fault.
#pragma once

#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/engine/status.h"
#include "sim/scenario/scenario.h"
#include "src/api/value.h"
#include "src/api/yaml_node.h"

namespace snapsim::scenario {

class YamlDecoder {
 public:
  // `source` is the whole file text (used to map offsets inside plain or quoted scalars
  // to columns); `path` prefixes every message.
  YamlDecoder(std::string_view source, std::string_view path) : source_(source), path_(path) {}

  const std::string& path() const { return path_; }

  static SourcePos PosOf(const yaml::Node& node);
  // The position of byte `offset` of `node`'s scalar value: exact when the scalar is
  // written on one line (plain, '...' or "..." without escapes), else the node itself.
  SourcePos PosInScalar(const yaml::Node& node, std::size_t offset) const;

  Status ErrorAt(SourcePos pos, std::string_view what) const;
  Status Error(const yaml::Node& node, std::string_view what) const {
    return ErrorAt(PosOf(node), what);
  }

  // The members of a map in file order, after checking that keys are scalars and
  // unique. `what` names the map in messages ("cluster", "expect").
  Result<std::span<const yaml::Node::Member>> Members(const yaml::Node& map, std::string_view what) const;

  // A scalar's text. Null, maps and sequences are errors "<what>: expected <expected>".
  Result<std::string> Scalar(const yaml::Node& node, std::string_view what,
                             std::string_view expected = "a string") const;

  // A YAML subtree as a Value (plain scalars resolved as YAML 1.1, quoted ones strings).
  Result<api::Value> ToValue(const yaml::Node& node) const;

  // "a map", "a list", "a string", "nothing (null)": for "got ..." in messages.
  static std::string_view Describe(const yaml::Node& node);

 private:
  Result<api::Value> ToValue(const yaml::Node& node, int depth) const;

  std::string_view source_;
  std::string path_;
};

// "a, b, c": for "expected one of: ..." lists.
std::string JoinNames(std::initializer_list<std::string_view> names);

}  // namespace snapsim::scenario
