// ParamsPool: one shared, packed copy of each distinct parameter map.
//
// The call log keeps every call's parameters as sent, and most calls repeat one sent
// before: csi-snapshotter retries CreateSnapshot with the same name and token while the
// disk is busy, the driver describes the same disk before each. Interning them keeps a
// 100,000-snapshot run's log in a fraction of the memory. The pool holds weak
// references only: a map lives as long as a record or an in-flight call uses it.
#pragma once

#include <cstddef>
#include <memory>
#include <unordered_map>

#include "src/fake_ecs/packed_params.h"
#include "src/fake_ecs/types.h"

namespace snapsim::ecs {

class ParamsPool {
 public:
  // The pool's copy of `params`: an equal map interned earlier, if one is still in use.
  std::shared_ptr<const PackedParams> Intern(const Params& params);
  std::size_t size() const { return by_hash_.size(); }

 private:
  void Sweep();  // drops the entries of maps no longer in use

  // Lookups only (never iterated in an observable way).
  std::unordered_multimap<std::size_t, std::weak_ptr<const PackedParams>> by_hash_;
  std::size_t sweep_at_ = 1024;
};

}  // namespace snapsim::ecs
