// Value: a JSON-shaped tree (null, bool, int, double, string, array, object).
//
// It is the lingua franca between typed API objects, manifests (YAML/JSON),
// patches, jsonpath and printers. Object members are kept in a sorted map, so
// every traversal is deterministic and printing matches kubectl, which prints
// objects with keys sorted at every level.
//
// A Value is a plain value type: copies are deep. Code that shares objects
// shares the typed objects that own them (see object.h), not Values.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace snapsim::api {

class Value {
 public:
  enum class Type { kNull, kBool, kInt, kDouble, kString, kArray, kObject };
  using Array = std::vector<Value>;
  using Object = std::map<std::string, Value, std::less<>>;

  Value() = default;
  Value(std::nullptr_t) {}                                        // NOLINT
  Value(bool b) : v_(b) {}                                        // NOLINT
  Value(int i) : v_(static_cast<std::int64_t>(i)) {}              // NOLINT
  Value(std::int64_t i) : v_(i) {}                                // NOLINT
  Value(double d) : v_(d) {}                                      // NOLINT
  Value(std::string s) : v_(std::move(s)) {}                      // NOLINT
  Value(std::string_view s) : v_(std::string(s)) {}               // NOLINT
  Value(const char* s) : v_(std::string(s)) {}                    // NOLINT
  Value(Array a) : v_(std::move(a)) {}                            // NOLINT
  Value(Object o) : v_(std::move(o)) {}                           // NOLINT

  static Value EmptyObject() { return Value(Object{}); }
  static Value EmptyArray() { return Value(Array{}); }

  Type type() const { return static_cast<Type>(v_.index()); }
  bool is_null() const { return type() == Type::kNull; }
  bool is_bool() const { return type() == Type::kBool; }
  bool is_int() const { return type() == Type::kInt; }
  bool is_double() const { return type() == Type::kDouble; }
  bool is_number() const { return is_int() || is_double(); }
  bool is_string() const { return type() == Type::kString; }
  bool is_array() const { return type() == Type::kArray; }
  bool is_object() const { return type() == Type::kObject; }

  // Accessors. REQUIRES: the matching type (checked; a mismatch aborts).
  bool as_bool() const { return Get<bool>(); }
  std::int64_t as_int() const { return Get<std::int64_t>(); }
  double as_double() const;  // ints convert
  const std::string& as_string() const { return Get<std::string>(); }
  const Array& as_array() const { return Get<Array>(); }
  const Object& as_object() const { return Get<Object>(); }
  Array& mutable_array();    // turns null into an empty array first
  Object& mutable_object();  // turns null into an empty object first

  // Object member lookup; nullptr when this is not an object or has no such key.
  const Value* Find(std::string_view key) const;
  Value* FindMutable(std::string_view key);
  // Object member, created (as null) if absent; turns null into an object first.
  Value& operator[](std::string_view key);
  // Removes an object member; returns whether it existed.
  bool Erase(std::string_view key);
  // Number of array elements or object members; 0 for scalars.
  std::size_t size() const;

  // A short name of the type as Go's encoding/json reports it:
  // "string", "number", "bool", "array", "object", "null".
  std::string_view TypeName() const;

  friend bool operator==(const Value& a, const Value& b);

 private:
  template <class T>
  const T& Get() const;
  std::variant<std::monostate, bool, std::int64_t, double, std::string, Array, Object> v_;
};

}  // namespace snapsim::api
