#include "sim/kubectl/jsonpath_eval.h"

#include <fmt/format.h>

#include <cstdint>
#include <string>
#include <utility>

#include "sim/kubectl/jsonpath_format.h"

namespace snapsim::kubectl::jsonpath_internal {
namespace {

using api::Value;

Status Err(std::string msg) { return Status::InvalidArgument(std::move(msg)); }

bool IsNil(const Item& item) { return item.v != nullptr && item.v->is_null(); }

// The dynamic Go type of an item, as "%v" of reflect.Type prints it.
std::string GoTypeName(const Item& item) {
  if (item.go_type == Item::GoType::kInt) return "int";
  if (item.go_type == Item::GoType::kUint8) return "uint8";
  switch (item.v->type()) {
    case Value::Type::kObject:
      return "map[string]interface {}";
    case Value::Type::kArray:
      return "[]interface {}";
    case Value::Type::kString:
      return "string";
    case Value::Type::kInt:
      return "int64";
    case Value::Type::kDouble:
      return "float64";
    case Value::Type::kBool:
      return "bool";
    case Value::Type::kNull:
      return "<nil>";
  }
  return "<nil>";
}

// The value a range iteration continues from: Go's reflect.ValueOf(v.Interface()), under
// which a nil element becomes the zero Value.
Item Interface(const Item& item) { return IsNil(item) || item.v == nullptr ? Item{} : item; }

// text/template's comparison functions (eq, ne, lt, le, gt, ge) over basic kinds.
enum class BasicKind { kInvalid, kBool, kInt, kFloat, kString };

BasicKind KindOf(const Item& item) {
  if (item.v == nullptr) return BasicKind::kInvalid;
  switch (item.v->type()) {
    case Value::Type::kBool:
      return BasicKind::kBool;
    case Value::Type::kInt:
      return BasicKind::kInt;
    case Value::Type::kDouble:
      return BasicKind::kFloat;
    case Value::Type::kString:
      return BasicKind::kString;
    default:
      return BasicKind::kInvalid;
  }
}

constexpr char kBadComparisonType[] = "invalid type for comparison";
constexpr char kBadComparison[] = "incompatible types for comparison";

Result<bool> Equal(const Item& a, const Item& b) {
  BasicKind ka = KindOf(a);
  if (ka == BasicKind::kInvalid) return Err(kBadComparisonType);
  BasicKind kb = KindOf(b);
  if (kb == BasicKind::kInvalid) return Err(kBadComparisonType);
  if (ka != kb) return Err(kBadComparison);
  switch (ka) {
    case BasicKind::kBool:
      return a.v->as_bool() == b.v->as_bool();
    case BasicKind::kInt:
      return a.v->as_int() == b.v->as_int();
    case BasicKind::kFloat:
      return a.v->as_double() == b.v->as_double();
    case BasicKind::kString:
      return a.v->as_string() == b.v->as_string();
    case BasicKind::kInvalid:
      break;
  }
  return Err(kBadComparisonType);
}

Result<bool> Less(const Item& a, const Item& b) {
  BasicKind ka = KindOf(a);
  if (ka == BasicKind::kInvalid) return Err(kBadComparisonType);
  BasicKind kb = KindOf(b);
  if (kb == BasicKind::kInvalid) return Err(kBadComparisonType);
  if (ka != kb) return Err(kBadComparison);
  switch (ka) {
    case BasicKind::kInt:
      return a.v->as_int() < b.v->as_int();
    case BasicKind::kFloat:
      return a.v->as_double() < b.v->as_double();
    case BasicKind::kString:
      return a.v->as_string() < b.v->as_string();
    case BasicKind::kBool:
    case BasicKind::kInvalid:
      break;
  }
  return Err(kBadComparisonType);
}

Result<bool> Compare(const std::string& op, const Item& a, const Item& b) {
  if (op == "==") return Equal(a, b);
  if (op == "!=") {
    SNAPSIM_ASSIGN_OR_RETURN(bool eq, Equal(a, b));
    return !eq;
  }
  if (op == "<") return Less(a, b);
  if (op == ">=") {
    SNAPSIM_ASSIGN_OR_RETURN(bool lt, Less(a, b));
    return !lt;
  }
  if (op == "<=" || op == ">") {
    SNAPSIM_ASSIGN_OR_RETURN(bool lt, Less(a, b));
    bool le = lt;
    if (!lt) {
      SNAPSIM_ASSIGN_OR_RETURN(le, Equal(a, b));
    }
    return op == "<=" ? le : !le;
  }
  return Err("unrecognized filter operator " + op);
}

}  // namespace

std::string ItemText(const Item& item) {
  if (item.v == nullptr) return "<no value>";
  return JsonpathText(*item.v);
}

Status Evaluator::FindResults(const Value& data, ItemLists* out) {
  Item root;
  if (!data.is_null()) root.v = &data;
  return FindFrom(root, 0, out);
}

Status Evaluator::FindFrom(Item root, std::size_t start, ItemLists* out) {
  std::vector<Item> cur{root};
  for (std::size_t i = start; i < nodes_.size(); ++i) {
    Out r = Walk(cur, nodes_[i]);
    if (!r.status.ok()) return r.status;
    // An `end` closes the innermost open range body.
    if (end_range_ > 0 && end_range_ <= in_range_) {
      --end_range_;
      last_end_node_ = i;
      break;
    }
    // A `range` runs the nodes after it once per selected value.
    if (begin_range_ > 0) {
      --begin_range_;
      ++in_range_;
      if (!r.items.empty()) {
        for (const Item& item : r.items) {
          SNAPSIM_RETURN_IF_ERROR(FindFrom(Interface(item), i + 1, out));
        }
      } else {
        // Still walk the body, so that its `end` is found and nested state stays right.
        ItemLists discarded;
        SNAPSIM_RETURN_IF_ERROR(FindFrom(Item{}, i + 1, &discarded));
      }
      --in_range_;
      if (last_end_node_ > i && last_end_node_ < nodes_.size()) i = last_end_node_;
      continue;
    }
    out->push_back(std::move(r.items));
  }
  return Status::Ok();
}

Evaluator::Out Evaluator::Walk(const std::vector<Item>& in, const Node& node) {
  switch (node.kind) {
    case Node::Kind::kList:
      return EvalList(in, node);
    case Node::Kind::kText:
      return {{Item{&node.literal}}, Status::Ok()};
    case Node::Kind::kField:
      return EvalField(in, node);
    case Node::Kind::kArray:
      return EvalArray(in, node);
    case Node::Kind::kFilter:
      return EvalFilter(in, node);
    case Node::Kind::kInt:
      return {std::vector<Item>(in.size(), Item{&node.literal, Item::GoType::kInt}), Status::Ok()};
    case Node::Kind::kFloat:
    case Node::Kind::kBool:
      return {std::vector<Item>(in.size(), Item{&node.literal}), Status::Ok()};
    case Node::Kind::kWildcard:
      return EvalWildcard(in);
    case Node::Kind::kRecursive:
      return {EvalRecursive(in), Status::Ok()};
    case Node::Kind::kUnion:
      return EvalUnion(in, node);
    case Node::Kind::kIdentifier:
      return EvalIdentifier(in, node);
  }
  return {in, Status::Internal("jsonpath: unexpected node")};
}

Evaluator::Out Evaluator::EvalList(const std::vector<Item>& in, const Node& list) {
  std::vector<Item> cur = in;
  for (const Node& child : list.children) {
    Out r = Walk(cur, child);
    if (!r.status.ok()) return r;
    cur = std::move(r.items);
  }
  return {std::move(cur), Status::Ok()};
}

Evaluator::Out Evaluator::EvalField(const std::vector<Item>& in, const Node& node) {
  std::vector<Item> results;
  if (in.empty()) return {results, Status::Ok()};
  for (const Item& item : in) {
    if (item.v == nullptr || !item.v->is_object()) continue;
    if (const Value* member = item.v->Find(node.name)) results.push_back(Item{member});
  }
  if (results.empty() && !allow_missing_keys_) {
    return {results, Status::NotFound(node.name + " is not found")};
  }
  return {std::move(results), Status::Ok()};
}

Evaluator::Out Evaluator::EvalArray(const std::vector<Item>& in, const Node& node) {
  std::vector<Item> result;
  for (const Item& item : in) {
    if (IsNil(item)) continue;
    if (item.v == nullptr) {
      return {in, Status::Internal("reflect: call of reflect.Value.Type on zero Value")};
    }
    if (!item.v->is_array()) return {in, Err(GoTypeName(item) + " is not array or slice")};
    const Value::Array& arr = item.v->as_array();
    const auto len = static_cast<std::int64_t>(arr.size());
    std::array<SliceParam, 3> p = node.params;
    if (!p[0].known) p[0].value = 0;
    if (p[0].value < 0) p[0].value += len;
    if (!p[1].known) p[1].value = len;
    if (p[1].value < 0 || (p[1].value == 0 && p[1].derived)) p[1].value += len;
    if (p[1].value == p[0].value) return {std::move(result), Status::Ok()};  // nothing asked
    if (p[0].value >= len || p[0].value < 0) {
      return {in,
              Err(fmt::format("array index out of bounds: index {}, length {}", p[0].value, len))};
    }
    if (p[1].value > len || p[1].value < 0) {
      return {in, Err(fmt::format("array index out of bounds: index {}, length {}", p[1].value - 1,
                                  len))};
    }
    if (p[0].value > p[1].value) {
      return {in, Err(fmt::format("starting index {} is greater than ending index {}", p[0].value,
                                  p[1].value))};
    }
    std::int64_t step = 1;
    if (p[2].known) {
      if (p[2].value <= 0) return {in, Err("step must be > 0")};
      step = p[2].value;
    }
    const std::int64_t n = p[1].value - p[0].value;
    for (std::int64_t i = 0; i < n;) {
      result.push_back(Item{&arr[static_cast<std::size_t>(p[0].value + i)]});
      if (step >= n - i) break;
      i += step;
    }
  }
  return {std::move(result), Status::Ok()};
}

Evaluator::Out Evaluator::EvalUnion(const std::vector<Item>& in, const Node& node) {
  std::vector<Item> result;
  for (const Node& list : node.children) {
    Out r = EvalList(in, list);
    if (!r.status.ok()) return {in, r.status};
    result.insert(result.end(), r.items.begin(), r.items.end());
  }
  return {std::move(result), Status::Ok()};
}

Evaluator::Out Evaluator::EvalIdentifier(const std::vector<Item>& in, const Node& node) {
  if (node.name == "range") {
    ++begin_range_;
    return {in, Status::Ok()};
  }
  if (node.name == "end") {
    if (in_range_ > 0) {
      ++end_range_;
      return {{}, Status::Ok()};
    }
    return {{}, Err("not in range, nothing to end")};
  }
  return {in, Err("unrecognized identifier " + node.name)};
}

Evaluator::Out Evaluator::EvalWildcard(const std::vector<Item>& in) {
  std::vector<Item> results;
  for (const Item& item : in) {
    if (item.v == nullptr) continue;
    switch (item.v->type()) {
      case Value::Type::kObject:
        for (const auto& [key, member] : item.v->as_object()) results.push_back(Item{&member});
        break;
      case Value::Type::kArray:
        for (const Value& e : item.v->as_array()) results.push_back(Item{&e});
        break;
      case Value::Type::kString:  // Go indexes a string's bytes
        for (unsigned char c : item.v->as_string()) {
          arena_.emplace_back(static_cast<std::int64_t>(c));
          results.push_back(Item{&arena_.back(), Item::GoType::kUint8});
        }
        break;
      default:
        break;
    }
  }
  return {std::move(results), Status::Ok()};
}

// Every value with children (objects, arrays, non-empty strings), pre-order. Leaves are
// not selected themselves; `..name` then picks the `name` member of each selected object.
std::vector<Item> Evaluator::EvalRecursive(const std::vector<Item>& in) {
  std::vector<Item> result;
  for (const Item& item : in) {
    if (item.v == nullptr) continue;
    if (item.v->is_string()) {
      // A string's children are its bytes, which have none of their own.
      if (!item.v->as_string().empty()) result.push_back(item);
      continue;
    }
    if (!item.v->is_object() && !item.v->is_array()) continue;
    if (item.v->size() == 0) continue;
    std::vector<Item> children;
    if (item.v->is_object()) {
      for (const auto& [key, member] : item.v->as_object()) children.push_back(Item{&member});
    } else {
      for (const Value& e : item.v->as_array()) children.push_back(Item{&e});
    }
    result.push_back(item);
    std::vector<Item> below = EvalRecursive(children);
    result.insert(result.end(), below.begin(), below.end());
  }
  return result;
}

Evaluator::Out Evaluator::EvalFilter(const std::vector<Item>& in, const Node& node) {
  std::vector<Item> results;
  const Node& left_list = node.children[0];
  const Node& right_list = node.children[1];
  for (const Item& item : in) {
    if (item.v == nullptr) {
      return {in, Err("<invalid reflect.Value> is not array or slice and cannot be filtered")};
    }
    if (!item.v->is_array()) {
      return {in, Err(GoValue(*item.v) + " is not array or slice and cannot be filtered")};
    }
    for (const Value& element : item.v->as_array()) {
      std::vector<Item> temp{Item{&element}};
      Out lefts = EvalList(temp, left_list);
      if (node.name == "exists") {
        if (!lefts.items.empty()) results.push_back(Item{&element});
        continue;
      }
      if (!lefts.status.ok()) return {in, lefts.status};
      if (lefts.items.empty()) continue;
      if (lefts.items.size() > 1) return {in, Err("can only compare one element at a time")};
      Out rights = EvalList(temp, right_list);
      if (!rights.status.ok()) return {in, rights.status};
      if (rights.items.empty()) continue;
      if (rights.items.size() > 1) return {in, Err("can only compare one element at a time")};
      Result<bool> pass = Compare(node.name, lefts.items[0], rights.items[0]);
      if (!pass.ok()) return {std::move(results), pass.status()};
      if (*pass) results.push_back(Item{&element});
    }
  }
  return {std::move(results), Status::Ok()};
}

}  // namespace snapsim::kubectl::jsonpath_internal
