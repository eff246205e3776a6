// Evaluation of a parsed jsonpath template over an api::Value, with client-go's semantics.
//
// Internal to jsonpath.{h,cc}. Mirrors client-go's JSONPath.FindResults: every top-level
// node yields one list of selected items, and a `range` action expands its body once per
// selected value until the matching `end`. The algorithm keeps upstream's observable
// quirks (error texts, which partial results an "exists" filter sees, `$` meaning "the
// current object", an empty range still evaluating its body once with no value, an index
// of an empty list being an error even when missing keys are allowed).
//
// Items point into the data, into the parse tree (literals) or into the Evaluator's own
// arena (bytes of a string selected by a wildcard), so results are valid only while all
// three live. Single-threaded; one Evaluator per evaluation.
#pragma once

#include <cstddef>
#include <deque>
#include <vector>

#include "sim/engine/status.h"
#include "sim/kubectl/jsonpath_parser.h"
#include "src/api/value.h"

namespace snapsim::kubectl::jsonpath_internal {

struct Item {
  // Go static types that differ from what the Value alone says (error texts only).
  enum class GoType { kFromValue, kInt, kUint8 };
  // nullptr stands for Go's zero reflect.Value: the "current object" inside a range over
  // a null element or over nothing. It prints as "<no value>".
  const api::Value* v = nullptr;
  GoType go_type = GoType::kFromValue;
};

using ItemLists = std::vector<std::vector<Item>>;

class Evaluator {
 public:
  Evaluator(const std::vector<Node>& nodes, bool allow_missing_keys)
      : nodes_(nodes), allow_missing_keys_(allow_missing_keys) {}
  Evaluator(const Evaluator&) = delete;
  Evaluator& operator=(const Evaluator&) = delete;

  // client-go's FindResults: one list per top-level node evaluated.
  Status FindResults(const api::Value& data, ItemLists* out);

 private:
  struct Out {
    std::vector<Item> items;
    Status status;
  };

  Status FindFrom(Item root, std::size_t start, ItemLists* out);
  Out Walk(const std::vector<Item>& in, const Node& node);
  Out EvalList(const std::vector<Item>& in, const Node& list);
  Out EvalField(const std::vector<Item>& in, const Node& node);
  Out EvalArray(const std::vector<Item>& in, const Node& node);
  Out EvalUnion(const std::vector<Item>& in, const Node& node);
  Out EvalIdentifier(const std::vector<Item>& in, const Node& node);
  Out EvalWildcard(const std::vector<Item>& in);
  std::vector<Item> EvalRecursive(const std::vector<Item>& in);
  Out EvalFilter(const std::vector<Item>& in, const Node& node);

  const std::vector<Node>& nodes_;
  bool allow_missing_keys_;
  int begin_range_ = 0;
  int in_range_ = 0;
  int end_range_ = 0;
  std::size_t last_end_node_ = static_cast<std::size_t>(-1);
  std::deque<api::Value> arena_;
};

// What PrintResults writes for one item ("<no value>" for the zero value).
std::string ItemText(const Item& item);

}  // namespace snapsim::kubectl::jsonpath_internal
