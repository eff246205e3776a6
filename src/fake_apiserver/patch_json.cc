#include "src/fake_apiserver/patch_json.h"

#include <fmt/format.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "src/fake_apiserver/patch_util.h"

namespace snapsim::apiserver {
namespace {

using api::Value;

constexpr const char* kMissing = "missing value";
constexpr const char* kInvalidIndex = "invalid index referenced";

Status Fail(std::string msg) { return Status::FailedPrecondition(std::move(msg)); }

// strconv.Atoi: optional sign, decimal digits, fits in int64.
Result<std::int64_t> Atoi(const std::string& s) {
  std::string quoted = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  quoted += '"';
  std::size_t i = 0;
  bool neg = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    neg = s[0] == '-';
    i = 1;
  }
  if (i == s.size())
    return Status::InvalidArgument(fmt::format("strconv.Atoi: parsing {}: invalid syntax", quoted));
  std::uint64_t v = 0;
  bool overflow = false;
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') {
      return Status::InvalidArgument(
          fmt::format("strconv.Atoi: parsing {}: invalid syntax", quoted));
    }
    if (v > (std::numeric_limits<std::uint64_t>::max() - 9) / 10) overflow = true;
    if (!overflow) v = v * 10 + static_cast<std::uint64_t>(s[i] - '0');
  }
  std::uint64_t limit = neg ? std::uint64_t{1} << 63 : (std::uint64_t{1} << 63) - 1;
  if (overflow || v > limit) {
    return Status::InvalidArgument(
        fmt::format("strconv.Atoi: parsing {}: value out of range", quoted));
  }
  return neg ? static_cast<std::int64_t>(0 - v) : static_cast<std::int64_t>(v);
}

std::string InvalidIndex(std::int64_t idx) {
  return fmt::format("Unable to access invalid index: {}: {}", idx, kInvalidIndex);
}

// Index of an existing array element; negative counts from the end.
Result<std::size_t> ElementIndex(const Value::Array& a, const std::string& key) {
  SNAPSIM_ASSIGN_OR_RETURN(std::int64_t idx, Atoi(key));
  auto n = static_cast<std::int64_t>(a.size());
  if (idx < 0) {
    if (idx < -n) return Status::InvalidArgument(InvalidIndex(idx));
    idx += n;
  }
  if (idx >= n) return Status::InvalidArgument(InvalidIndex(idx));
  return static_cast<std::size_t>(idx);
}

// The container (object or array) and last key a pointer designates.
struct Target {
  Value* con = nullptr;
  std::string key;
};

// evanphx findObject: every intermediate segment must name a non-null object or array.
std::optional<Target> FindObject(Value& doc, const std::string& path) {
  std::vector<std::string_view> split;
  std::string_view rest = path;
  for (;;) {
    std::size_t slash = rest.find('/');
    split.push_back(rest.substr(0, slash));
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  if (split.size() < 2) return std::nullopt;
  Value* cur = &doc;
  for (std::size_t i = 1; i + 1 < split.size(); ++i) {
    std::string part = UnescapePointerSegment(split[i]);
    Value* next = nullptr;
    if (cur->is_object()) {
      next = cur->FindMutable(part);
    } else {
      auto idx = ElementIndex(cur->as_array(), part);
      if (!idx.ok()) return std::nullopt;
      next = &cur->mutable_array()[*idx];
    }
    if (next == nullptr || !(next->is_object() || next->is_array())) return std::nullopt;
    cur = next;
  }
  return Target{cur, UnescapePointerSegment(split.back())};
}

// container.get: for objects a missing member is not an error (nullptr).
Result<const Value*> Get(const Target& t) {
  if (t.con->is_object()) return t.con->Find(t.key);
  SNAPSIM_ASSIGN_OR_RETURN(std::size_t idx, ElementIndex(t.con->as_array(), t.key));
  return &t.con->as_array()[idx];
}

Status Add(const Target& t, Value v) {
  if (t.con->is_object()) {
    (*t.con)[t.key] = std::move(v);
    return Status::Ok();
  }
  Value::Array& a = t.con->mutable_array();
  if (t.key == "-") {
    a.push_back(std::move(v));
    return Status::Ok();
  }
  auto idx = Atoi(t.key);
  if (!idx.ok()) {
    return Status::InvalidArgument(
        fmt::format("value was not a proper array index: '{}': {}", t.key, idx.status().message()));
  }
  auto n = static_cast<std::int64_t>(a.size()) + 1;
  std::int64_t i = *idx;
  if (i >= n) return Status::InvalidArgument(InvalidIndex(i));
  if (i < 0) {
    if (i < -n) return Status::InvalidArgument(InvalidIndex(i));
    i += n;
  }
  a.insert(a.begin() + i, std::move(v));
  return Status::Ok();
}

Status Remove(const Target& t) {
  if (t.con->is_object()) {
    if (!t.con->Erase(t.key)) {
      return Status::InvalidArgument(
          fmt::format("Unable to remove nonexistent key: {}: {}", t.key, kMissing));
    }
    return Status::Ok();
  }
  Value::Array& a = t.con->mutable_array();
  SNAPSIM_ASSIGN_OR_RETURN(std::int64_t i, Atoi(t.key));
  auto n = static_cast<std::int64_t>(a.size());
  if (i >= n) return Status::InvalidArgument(InvalidIndex(i));
  if (i < 0) {
    if (i < -n) return Status::InvalidArgument(InvalidIndex(i));
    i += n;
  }
  a.erase(a.begin() + i);
  return Status::Ok();
}

// One decoded operation. `value` is absent when the member is missing.
struct Op {
  const Value::Object* fields = nullptr;
  std::string Kind() const {
    if (fields == nullptr) return "unknown";
    auto it = fields->find("op");
    if (it == fields->end() || !it->second.is_string()) return "unknown";
    return it->second.as_string();
  }
  // Path() / From(): the error is what evanphx wraps (see callers).
  Result<std::string> Field(std::string_view name, std::string_view missing_msg) const {
    auto it = fields->find(name);
    if (it == fields->end() || it->second.is_null())
      return Status::InvalidArgument(std::string(missing_msg));
    if (!it->second.is_string()) {
      return Status::InvalidArgument(fmt::format(
          "json: cannot unmarshal {} into Go value of type string", it->second.TypeName()));
    }
    return it->second.as_string();
  }
  Result<std::string> Path() const {
    return Field("path", "operation missing path field: missing value");
  }
  Result<std::string> From() const {
    return Field("from", "operation, missing from field: missing value");
  }
  const Value* value() const {
    auto it = fields->find("value");
    return it == fields->end() ? nullptr : &it->second;
  }
  Value ValueOrNull() const { return value() == nullptr ? Value() : *value(); }
};

Status DoAdd(Value& doc, const Op& op) {
  auto path = op.Path();
  if (!path.ok()) return Fail(fmt::format("add operation failed to decode path: {}", kMissing));
  auto t = FindObject(doc, *path);
  if (!t)
    return Fail(fmt::format("add operation does not apply: doc is missing path: \"{}\": {}", *path,
                            kMissing));
  Status s = Add(*t, op.ValueOrNull());
  if (!s.ok()) return Fail(fmt::format("error in add for path: '{}': {}", *path, s.message()));
  return Status::Ok();
}

Status DoRemove(Value& doc, const Op& op) {
  auto path = op.Path();
  if (!path.ok()) return Fail(fmt::format("remove operation failed to decode path: {}", kMissing));
  auto t = FindObject(doc, *path);
  if (!t) {
    return Fail(fmt::format("remove operation does not apply: doc is missing path: \"{}\": {}",
                            *path, kMissing));
  }
  Status s = Remove(*t);
  if (!s.ok()) return Fail(fmt::format("error in remove for path: '{}': {}", *path, s.message()));
  return Status::Ok();
}

Status DoReplace(Value& doc, const Op& op) {
  auto path = op.Path();
  if (!path.ok())
    return Fail("replace operation failed to decode path: " + path.status().message());
  if (path->empty()) {
    const Value* v = op.value();
    if (v == nullptr || !(v->is_object() || v->is_array())) {
      return Fail("replace operation value must be object or array: %!w(<nil>)");
    }
    doc = *v;
    return Status::Ok();
  }
  auto t = FindObject(doc, *path);
  if (!t)
    return Fail(fmt::format("replace operation does not apply: doc is missing path: {}: {}", *path,
                            kMissing));
  if (!Get(*t).ok()) {
    return Fail(fmt::format("replace operation does not apply: doc is missing key: {}: {}", *path,
                            kMissing));
  }
  if (t->con->is_object()) {
    (*t->con)[t->key] = op.ValueOrNull();
  } else {
    t->con->mutable_array()[*ElementIndex(t->con->as_array(), t->key)] = op.ValueOrNull();
  }
  return Status::Ok();
}

Status DoMove(Value& doc, const Op& op) {
  auto from = op.From();
  if (!from.ok()) return Fail("move operation failed to decode from: " + from.status().message());
  auto t = FindObject(doc, *from);
  if (!t) {
    return Fail(fmt::format("move operation does not apply: doc is missing from path: {}: {}",
                            *from, kMissing));
  }
  auto got = Get(*t);
  if (!got.ok())
    return Fail(fmt::format("error in move for path: '{}': {}", t->key, got.status().message()));
  Value val = *got == nullptr ? Value() : **got;
  Status s = Remove(*t);
  if (!s.ok()) return Fail(fmt::format("error in move for path: '{}': {}", t->key, s.message()));
  auto path = op.Path();
  if (!path.ok()) return Fail("move operation failed to decode path: " + path.status().message());
  auto d = FindObject(doc, *path);
  if (!d) {
    return Fail(fmt::format(
        "move operation does not apply: doc is missing destination path: {}: {}", *path, kMissing));
  }
  s = Add(*d, std::move(val));
  if (!s.ok()) return Fail(fmt::format("error in move for path: '{}': {}", *path, s.message()));
  return Status::Ok();
}

Status DoCopy(Value& doc, const Op& op) {
  auto from = op.From();
  if (!from.ok()) return Fail("copy operation failed to decode from: " + from.status().message());
  auto t = FindObject(doc, *from);
  if (!t) {
    return Fail(fmt::format("copy operation does not apply: doc is missing from path: {}: {}",
                            *from, kMissing));
  }
  auto got = Get(*t);
  if (!got.ok())
    return Fail(fmt::format("error in copy for from: '{}': {}", *from, got.status().message()));
  Value val = *got == nullptr ? Value() : **got;
  auto path = op.Path();
  if (!path.ok()) return Fail(fmt::format("copy operation failed to decode path: {}", kMissing));
  auto d = FindObject(doc, *path);
  if (!d) {
    return Fail(fmt::format(
        "copy operation does not apply: doc is missing destination path: {}: {}", *path, kMissing));
  }
  Status s = Add(*d, std::move(val));
  if (!s.ok()) return Fail("error while adding value during copy: " + s.message());
  return Status::Ok();
}

Status DoTest(Value& doc, const Op& op) {
  auto path = op.Path();
  if (!path.ok()) return Fail("test operation failed to decode path: " + path.status().message());
  std::string failed = fmt::format("testing value {} failed: test failed", *path);
  const Value* want = op.value();
  if (path->empty()) {
    if (want != nullptr && GoDeepEqual(doc, *want)) return Status::Ok();
    return Fail(failed);
  }
  auto t = FindObject(doc, *path);
  if (!t)
    return Fail(
        fmt::format("test operation does not apply: is missing path: {}: {}", *path, kMissing));
  auto got = Get(*t);
  if (!got.ok())
    return Fail(fmt::format("error in test for path: '{}': {}", *path, got.status().message()));
  const Value* have = *got;
  if (have == nullptr || have->is_null()) {
    if (want == nullptr || want->is_null()) return Status::Ok();
    return Fail(failed);
  }
  if (want == nullptr || !GoDeepEqual(*have, *want)) return Fail(failed);
  return Status::Ok();
}

}  // namespace

Result<Value> ApplyJsonPatch(Value doc, const Value& ops) {
  if (!ops.is_null() && !ops.is_array()) {
    return Status::InvalidArgument(fmt::format(
        "json: cannot unmarshal {} into Go value of type jsonpatch.Patch", ops.TypeName()));
  }
  std::vector<Op> decoded;
  if (ops.is_array()) {
    for (const Value& o : ops.as_array()) {
      if (!o.is_null() && !o.is_object()) {
        return Status::InvalidArgument(fmt::format(
            "json: cannot unmarshal {} into Go value of type jsonpatch.Operation", o.TypeName()));
      }
      decoded.push_back(Op{o.is_object() ? &o.as_object() : nullptr});
    }
  }
  if (!doc.is_object() && !doc.is_array()) {
    return Status::InvalidArgument(fmt::format(
        "json: cannot unmarshal {} into Go value of type jsonpatch.partialDoc", doc.TypeName()));
  }
  Value out = std::move(doc);
  for (const Op& op : decoded) {
    std::string kind = op.Kind();
    Status s;
    if (kind == "add") {
      s = DoAdd(out, op);
    } else if (kind == "remove") {
      s = DoRemove(out, op);
    } else if (kind == "replace") {
      s = DoReplace(out, op);
    } else if (kind == "move") {
      s = DoMove(out, op);
    } else if (kind == "test") {
      s = DoTest(out, op);
    } else if (kind == "copy") {
      s = DoCopy(out, op);
    } else {
      s = Fail("Unexpected kind: " + kind);
    }
    SNAPSIM_RETURN_IF_ERROR(s);
  }
  return out;
}

std::string UnescapePointerSegment(std::string_view segment) {
  std::string out;
  for (std::size_t i = 0; i < segment.size(); ++i) {
    if (segment[i] == '~' && i + 1 < segment.size() && (segment[i + 1] == '1' || segment[i + 1] == '0')) {
      out += segment[i + 1] == '1' ? '/' : '~';
      ++i;
    } else {
      out += segment[i];
    }
  }
  return out;
}

}  // namespace snapsim::apiserver
