#include "src/api/value.h"

#include <cstdlib>

namespace snapsim::api {

template <class T>
const T& Value::Get() const {
  const T* p = std::get_if<T>(&v_);
  if (p == nullptr) std::abort();  // type confusion is a programming bug
  return *p;
}
template const bool& Value::Get<bool>() const;
template const std::int64_t& Value::Get<std::int64_t>() const;
template const std::string& Value::Get<std::string>() const;
template const Value::Array& Value::Get<Value::Array>() const;
template const Value::Object& Value::Get<Value::Object>() const;

double Value::as_double() const {
  if (is_int()) return static_cast<double>(as_int());
  return Get<double>();
}

Value::Array& Value::mutable_array() {
  if (is_null()) v_ = Array{};
  if (!is_array()) std::abort();
  return std::get<Array>(v_);
}

Value::Object& Value::mutable_object() {
  if (is_null()) v_ = Object{};
  if (!is_object()) std::abort();
  return std::get<Object>(v_);
}

const Value* Value::Find(std::string_view key) const {
  const Object* o = std::get_if<Object>(&v_);
  if (o == nullptr) return nullptr;
  auto it = o->find(key);
  return it == o->end() ? nullptr : &it->second;
}

Value* Value::FindMutable(std::string_view key) {
  Object* o = std::get_if<Object>(&v_);
  if (o == nullptr) return nullptr;
  auto it = o->find(key);
  return it == o->end() ? nullptr : &it->second;
}

Value& Value::operator[](std::string_view key) {
  Object& o = mutable_object();
  auto it = o.find(key);
  if (it == o.end()) it = o.emplace(std::string(key), Value()).first;
  return it->second;
}

bool Value::Erase(std::string_view key) {
  Object* o = std::get_if<Object>(&v_);
  if (o == nullptr) return false;
  auto it = o->find(key);
  if (it == o->end()) return false;
  o->erase(it);
  return true;
}

std::size_t Value::size() const {
  if (const Array* a = std::get_if<Array>(&v_)) return a->size();
  if (const Object* o = std::get_if<Object>(&v_)) return o->size();
  return 0;
}

std::string_view Value::TypeName() const {
  switch (type()) {
    case Type::kNull: return "null";
    case Type::kBool: return "bool";
    case Type::kInt:
    case Type::kDouble: return "number";
    case Type::kString: return "string";
    case Type::kArray: return "array";
    case Type::kObject: return "object";
  }
  return "unknown";
}

bool operator==(const Value& a, const Value& b) {
  if (a.is_number() && b.is_number() && a.type() != b.type()) {
    return a.as_double() == b.as_double();
  }
  return a.v_ == b.v_;
}

}  // namespace snapsim::api
