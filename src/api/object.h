// Object: the common base of every typed API object, and KindInfo, what the
// API server and kubectl know about a kind (names, scope, versions).
//
// Objects are shared immutably: the store, watch events and informer caches
// hold ObjectPtr (shared_ptr<const Object>) to one instance; a writer clones,
// edits its copy and hands it to the API server. Never mutate through a cast.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/api/meta.h"
#include "src/api/value.h"

namespace snapsim::api {

class Object;

struct KindInfo {
  std::string_view group;         // "" for the core group
  std::string_view kind;          // "VolumeSnapshot"
  std::string_view plural;        // "volumesnapshots"
  std::string_view singular;      // "volumesnapshot"
  std::vector<std::string_view> short_names;
  bool namespaced = true;
  bool has_status = false;        // a status subresource: spec writes ignore status and back
  bool custom = false;            // defined by a CRD (JSON merge patch only, schema errors)
  std::string_view storage_version;          // "v1"
  std::vector<std::string_view> versions;    // every version this kind may be served in
  std::shared_ptr<Object> (*make)();         // a new, empty object of this kind
  // Set for a kind the API server keeps packed at rest (src/api/packing.h;
  // fake_apiserver/stored_object.h): many objects, seldom read - Events. Null otherwise.
  std::string (*pack)(const Object&) = nullptr;
  std::shared_ptr<Object> (*unpack)(std::string_view bytes) = nullptr;

  // "volumesnapshots.snapshot.storage.k8s.io" or "pods" (core).
  std::string Resource() const;
  // "snapshot.storage.k8s.io/v1" or "v1".
  std::string ApiVersion(std::string_view version) const;
};

class Object {
 public:
  virtual ~Object() = default;
  ObjectMeta metadata;

  virtual const KindInfo& kind_info() const = 0;
  // The object as JSON, with apiVersion (storage version) and kind.
  virtual Value ToValue() const = 0;
  virtual std::shared_ptr<Object> Clone() const = 0;
  // Decodes every field but apiVersion and kind; problems go to ctx.
  virtual void DecodeFields(const Value& in, DecodeContext& ctx) = 0;
  // Status subresource support: kinds without a `status` member make these no-ops.
  virtual void ResetStatus() = 0;
  // REQUIRES: other is the same kind.
  virtual void CopyStatusFrom(const Object& other) = 0;
  // Whether ToValue() of this and `other` agree on every top-level member but
  // metadata (and status unless `with_status`), without encoding either.
  // REQUIRES: other is the same kind.
  virtual bool BodyEncodesEqual(const Object& other, bool with_status) const = 0;
  // Whether ToValue() of this and `other` agree on the status member (true for kinds
  // without one). REQUIRES: other is the same kind.
  virtual bool StatusEncodesEqual(const Object& other) const = 0;
  // ToValue()'s member `field` ("status", "spec", ...) alone, without encoding the rest;
  // nullopt when ToValue() omits it.
  virtual std::optional<Value> EncodedMember(std::string_view field) const = 0;
  // The status's member `field` ("volumesInUse", "conditions", ...) as ToValue() would
  // put it, without encoding the rest; nullopt when omitted, or no status.
  virtual std::optional<Value> EncodedStatusMember(std::string_view field) const = 0;
  // Replaces the status's member `field` with `value` decoded (null: the member's zero).
  // False when the kind has no status, the status no such member, or `value` does not
  // decode cleanly; the member is then unspecified.
  virtual bool SetStatusMember(std::string_view field, const Value& value) = 0;

  // "namespace/name" or "name".
  std::string Key() const;
};

using ObjectPtr = std::shared_ptr<const Object>;
using MutableObjectPtr = std::shared_ptr<Object>;

// CRTP base that implements Object for a reflected struct. The virtual members are
// defined in object_of.h and instantiated once per kind, in that kind's .cc (each
// kinds_*.h declares `extern template class ObjectOf<Kind>`): a translation unit that
// makes or copies an object does not compile the kind's whole JSON codec again.
template <class Derived>
class ObjectOf : public Object {
 public:
  const KindInfo& kind_info() const override { return Derived::Info(); }
  Value ToValue() const override;
  std::shared_ptr<Object> Clone() const override;
  void DecodeFields(const Value& in, DecodeContext& ctx) override;
  void ResetStatus() override;
  void CopyStatusFrom(const Object& other) override;
  bool BodyEncodesEqual(const Object& other, bool with_status) const override;
  bool StatusEncodesEqual(const Object& other) const override;
  std::optional<Value> EncodedMember(std::string_view field) const override;
  std::optional<Value> EncodedStatusMember(std::string_view field) const override;
  bool SetStatusMember(std::string_view field, const Value& value) override;
  static std::shared_ptr<Object> Make() { return std::make_shared<Derived>(); }
};

// Typed view of a shared object; nullptr when the kind differs.
template <class T>
std::shared_ptr<const T> As(const ObjectPtr& o) {
  if (o == nullptr || &o->kind_info() != &T::Info()) return nullptr;
  return std::static_pointer_cast<const T>(o);
}

// A mutable copy of a shared object. REQUIRES: o is a T.
template <class T>
std::shared_ptr<T> CloneAs(const ObjectPtr& o) {
  return std::static_pointer_cast<T>(o->Clone());
}

}  // namespace snapsim::api
