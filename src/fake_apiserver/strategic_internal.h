// Internals shared by the strategic merge patch engine (strategic_merge.cc,
// strategic_list.cc) and the strategic patch generator (strategic_diff.cc). Not for
// use outside those files. The functions mirror k8s.io/apimachinery
// pkg/util/strategicpatch one to one so that results and error strings match;
// they take values and return new ones where upstream mutates Go maps.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include "sim/engine/status.h"
#include "src/api/value.h"
#include "src/fake_apiserver/strategic_schema.h"

namespace snapsim::apiserver::strategic_internal {

using api::Value;
using Node = StrategicSchema::Node;

inline constexpr std::string_view kDirectiveMarker = "$patch";
inline constexpr std::string_view kDeleteDirective = "delete";
inline constexpr std::string_view kReplaceDirective = "replace";
inline constexpr std::string_view kMergeDirective = "merge";
inline constexpr std::string_view kRetainKeysDirective = "$retainKeys";
inline constexpr std::string_view kDeleteFromPrimitiveListPrefix = "$deleteFromPrimitiveList";
inline constexpr std::string_view kSetElementOrderPrefix = "$setElementOrder";

// Upstream mergepatch errors (message, HTTP class per patch_util.h).
Status ErrBadJsonDoc();                            // 400 "invalid JSON document"
Status ErrBadPatchFormatForPrimitiveList();        // 400
Status ErrBadPatchFormatForRetainKeys();           // 400
Status ErrBadPatchFormatForSetElementOrderList();  // 400
Status ErrNoListOfLists();                         // 422 "lists of lists are not supported"
Status ErrBadArgType(std::string_view expected_type, const Value& actual);  // 500
Status ErrNoMergeKey(const Value& m, std::string_view key);                 // 500
Status ErrBadPatchType(const Value& t, const Value& m);                     // 500
Status Err(std::string message);                                            // 500

// Go's == on two decoded JSON scalars (type-exact).
bool GoEqual(const Value& a, const Value& b);
bool HasPrefix(std::string_view s, std::string_view prefix);

struct MergeOptions {
  // Server side (true): apply $deleteFromPrimitiveList and order lists.
  // Client side merging of two patches (false): keep directives in the result.
  bool merge_parallel_list = true;
  // Drop nulls that match nothing in the original (server side).
  bool ignore_unmatched_nulls = true;
};

// {retainKeys?, other strategy} of a field's metadata, or an error for
// combinations upstream rejects.
Result<std::pair<bool, std::string>> ExtractRetainKeysPatchStrategy(const PatchMeta& meta);

// Merges `patch` into `original` (both objects) under `schema` (mergeMap).
Result<Value::Object> MergeMap(Value::Object original, Value::Object patch, const Node& schema,
                               const MergeOptions& options);
// Lists: mergeSliceHandler / mergeSlice.
Result<Value::Array> MergeSliceHandler(Value::Array original, Value::Array patch,
                                       const Node& schema, std::string_view strategy,
                                       std::string_view merge_key, bool is_delete_list,
                                       const MergeOptions& options);
// Go slice aliasing, reproduced: upstream's list merge deletes items in place and
// appends into the slots that frees, in the backing array the caller's view of the
// original list shares; upstream then orders server-only items by that view.
// Returns the view as the caller sees it after merging `patch` (merge key lists).
Value::Array AliasedOriginalAfterMerge(Value::Array view, const Value::Array& patch,
                                       std::string_view merge_key);
// Strips maps carrying $patch (and their slots), recursively; second = keep.
std::pair<Value, bool> RemoveDirectives(Value v);

// The common element type of the lists; errors for lists of lists, mixed types
// or no elements at all.
Result<Value::Type> SliceElementType(std::initializer_list<const Value::Array*> slices);
// Sorts by the Go "%v" text (sortScalars) / removes duplicates in Go's order.
Value::Array SortScalars(Value::Array s);
Value::Array DeduplicateScalars(Value::Array s);
// Sorts maps by the "%v" text of their merge key (sortMergeListsByNameArray, no recursion).
Result<Value::Array> SortMergeListByKey(Value::Array s, std::string_view merge_key);
// Stable-sorts `to_sort` by position in `order` (maps by merge key); $patch:
// delete items go last. `maps`: whether elements are maps.
Result<Value::Array> NormalizeSliceOrder(Value::Array to_sort, const Value::Array& order,
                                         std::string_view merge_key, bool maps);
// Position of `v` in `l` (maps compared by merge key), or -1.
long Index(const Value::Array& l, const Value& v, std::string_view merge_key, bool maps);
// Splits `merged` into the items present in `by` (maps matched by merge key;
// primitives when `merge_key` is empty) and the others, keeping their order.
Result<std::pair<Value::Array, Value::Array>> Partition(const Value::Array& merged,
                                                        const Value::Array& by,
                                                        std::string_view merge_key);
// Orders patch items by `patch_order` and server-only items by `server_order`,
// then interleaves them (normalizeElementOrder).
Result<Value::Array> NormalizeElementOrder(Value::Array patch, Value::Array server_only,
                                           const Value::Array& patch_order,
                                           const Value::Array& server_order,
                                           std::string_view merge_key, bool maps);
Result<bool> MergeKeyValueEqual(const Value& left, const Value& right, std::string_view merge_key);

}  // namespace snapsim::apiserver::strategic_internal
