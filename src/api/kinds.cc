#include "src/api/kinds.h"

namespace snapsim::api {

std::vector<const KindInfo*> RegisteredKinds() {
  return {
      &VolumeSnapshotClass::Info(),
      &VolumeSnapshot::Info(),
      &VolumeSnapshotContent::Info(),
  };
}

}  // namespace snapsim::api
