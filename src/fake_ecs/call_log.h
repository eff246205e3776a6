// The ECS call log: one record per API call, in call order. Tests read it, and later
// the trace and the invariants ("exactly one CreateSnapshot took effect").
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>

#include "sim/engine/time.h"
#include "src/fake_ecs/packed_params.h"
#include "src/fake_ecs/types.h"

namespace snapsim::ecs {

// ECS's request id (an upper-case UUID, 36 characters), kept inline.
class RequestId {
 public:
  static constexpr std::size_t kMaxSize = 36;
  RequestId() = default;
  // REQUIRES: id.size() <= kMaxSize.
  explicit RequestId(std::string_view id) : size_(static_cast<std::uint8_t>(id.copy(chars_.data(), kMaxSize))) {}
  std::string_view view() const { return {chars_.data(), size_}; }
  operator std::string_view() const { return view(); }  // NOLINT(google-explicit-constructor)
  std::size_t size() const { return size_; }
  friend bool operator==(const RequestId& a, std::string_view b) { return a.view() == b; }
  friend std::ostream& operator<<(std::ostream& os, const RequestId& id) { return os << id.view(); }

 private:
  std::array<char, kMaxSize> chars_{};
  std::uint8_t size_ = 0;
};

// One call. A 100,000-snapshot run logs over a million, so a record is small: its names
// are views of strings the Ecs interns (valid as long as the Ecs), its id inline.
struct CallRecord {
  engine::Nanos time = 0;  // virtual time of the call
  std::string_view caller;  // CallContext::caller
  std::string_view action;
  std::shared_ptr<const PackedParams> params;  // as sent (calls sent alike share one copy)
  RequestId request_id;
  // What the caller got: "OK" or the error code; "" while the call is in flight.
  std::string_view outcome;
  bool took_effect = false;  // the backend applied the call (also when its reply was lost)
  bool fault = false;        // a fault rule fired on this call
};

// A change to the ECS's state, reported to the effect observer (Ecs::SetEffectObserver)
// as it happens, after the change.
struct EffectRecord {
  enum class Kind { kCall, kSnapshotCut };
  Kind kind = Kind::kCall;
  engine::Nanos time = 0;
  // kCall: a call that took effect (also one whose reply a fault then lost).
  std::string caller;
  std::string action;
  std::shared_ptr<const PackedParams> params;  // as sent (the call log's copy); null for a cut
  // The resource the call created or, for a repeated ClientToken, returned again:
  // CreateDisk's DiskId, CreateSnapshot's SnapshotId; "" for other actions.
  std::string created_id;
  // kSnapshotCut: the snapshot whose point-in-time image was just taken from disk_id.
  std::string snapshot_id;
  std::string disk_id;
};

}  // namespace snapsim::ecs
