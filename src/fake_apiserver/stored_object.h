// StoredObject: an object as the API server's table keeps it.
//
// Most kinds are kept live: the one immutable object that every read and watch event
// hands out. A kind with KindInfo::pack (Events: several for every pod and snapshot,
// written once or a few times, seldom read) is kept packed (src/api/packing.h), about a
// third of its live size, and each read unpacks a fresh copy. The live object a write
// commits still reaches watchers and the commit observer as it is.
#pragma once

#include <string>
#include <utility>

#include "src/api/object.h"

namespace snapsim::apiserver {

class StoredObject {
 public:
  // Keeps `obj` packed if its kind asks for it.
  explicit StoredObject(api::ObjectPtr obj) {
    const api::KindInfo& kind = obj->kind_info();
    if (kind.pack != nullptr) {
      packed_ = kind.pack(*obj);
      unpack_ = kind.unpack;
    } else {
      live_ = std::move(obj);
    }
  }

  // The object (unpacked anew when kept packed).
  api::ObjectPtr Get() const { return live_ != nullptr ? live_ : unpack_(packed_); }
  // A private, mutable copy of it.
  api::MutableObjectPtr Copy() const { return live_ != nullptr ? live_->Clone() : unpack_(packed_); }

 private:
  api::ObjectPtr live_;  // null when packed
  std::string packed_;
  std::shared_ptr<api::Object> (*unpack_)(std::string_view) = nullptr;
};

}  // namespace snapsim::apiserver
