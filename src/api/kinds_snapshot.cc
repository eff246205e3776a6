#include "src/api/kinds_snapshot.h"
#include "src/api/object_of.h"

namespace snapsim::api {

template Value Encode<VolumeSnapshotClass>(const VolumeSnapshotClass&);
template void Decode<VolumeSnapshotClass>(const Value&, VolumeSnapshotClass&, DecodeContext&);
template Value Encode<VolumeSnapshot>(const VolumeSnapshot&);
template void Decode<VolumeSnapshot>(const Value&, VolumeSnapshot&, DecodeContext&);
template Value Encode<VolumeSnapshotContent>(const VolumeSnapshotContent&);
template void Decode<VolumeSnapshotContent>(const Value&, VolumeSnapshotContent&, DecodeContext&);
template class ObjectOf<VolumeSnapshotClass>;
template class ObjectOf<VolumeSnapshot>;
template class ObjectOf<VolumeSnapshotContent>;

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
