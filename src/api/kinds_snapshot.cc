#include "src/api/kinds_snapshot.h"

namespace snapsim::api {

const KindInfo& VolumeSnapshotClass::Info() {
  static const KindInfo info{"snapshot.storage.k8s.io", "VolumeSnapshotClass", "volumesnapshotclasses",
                             "volumesnapshotclass", {"vsclass", "vsclasses"}, /*namespaced=*/false,
                             /*has_status=*/false, /*custom=*/true, "v1", {"v1beta1", "v1"}, &Make};
  return info;
}

const KindInfo& VolumeSnapshot::Info() {
  static const KindInfo info{"snapshot.storage.k8s.io", "VolumeSnapshot", "volumesnapshots", "volumesnapshot",
                             {"vs"}, /*namespaced=*/true, /*has_status=*/true, /*custom=*/true, "v1",
                             {"v1beta1", "v1"}, &Make};
  return info;
}

const KindInfo& VolumeSnapshotContent::Info() {
  static const KindInfo info{"snapshot.storage.k8s.io", "VolumeSnapshotContent", "volumesnapshotcontents",
                             "volumesnapshotcontent", {"vsc", "vscs"}, /*namespaced=*/false,
                             /*has_status=*/true, /*custom=*/true, "v1", {"v1beta1", "v1"}, &Make};
  return info;
}

}  // namespace snapsim::api
