// The ECS call log: one record per API call, in call order. Tests read it, and later
// the trace and the invariants ("exactly one CreateSnapshot took effect").
#pragma once

#include <memory>
#include <string>

#include "sim/engine/time.h"
#include "src/fake_ecs/packed_params.h"
#include "src/fake_ecs/types.h"

namespace snapsim::ecs {

struct CallRecord {
  engine::Nanos time = 0;  // virtual time of the call
  std::string caller;      // CallContext::caller
  std::string action;
  std::shared_ptr<const PackedParams> params;  // as sent (calls sent alike share one copy)
  std::string request_id;
  // What the caller got: "OK" or the error code; "" while the call is in flight.
  std::string outcome;
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
