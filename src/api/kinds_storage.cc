#include "src/api/kinds_storage.h"

namespace snapsim::api {

template Value Encode<PersistentVolumeClaimSpec>(const PersistentVolumeClaimSpec&);
template void Decode<PersistentVolumeClaimSpec>(const Value&, PersistentVolumeClaimSpec&, DecodeContext&);
template Value Encode<PersistentVolume>(const PersistentVolume&);
template void Decode<PersistentVolume>(const Value&, PersistentVolume&, DecodeContext&);
template Value Encode<PersistentVolumeClaim>(const PersistentVolumeClaim&);
template void Decode<PersistentVolumeClaim>(const Value&, PersistentVolumeClaim&, DecodeContext&);

const KindInfo& PersistentVolume::Info() {
  static const KindInfo info{"", "PersistentVolume", "persistentvolumes", "persistentvolume", {"pv"},
                             /*namespaced=*/false, /*has_status=*/true, /*custom=*/false, "v1", {"v1"}, &Make};
  return info;
}

const KindInfo& PersistentVolumeClaim::Info() {
  static const KindInfo info{"", "PersistentVolumeClaim", "persistentvolumeclaims", "persistentvolumeclaim",
                             {"pvc"}, /*namespaced=*/true, /*has_status=*/true, /*custom=*/false, "v1", {"v1"},
                             &Make};
  return info;
}

const KindInfo& StorageClass::Info() {
  static const KindInfo info{"storage.k8s.io", "StorageClass", "storageclasses", "storageclass", {"sc"},
                             /*namespaced=*/false, /*has_status=*/false, /*custom=*/false, "v1", {"v1"}, &Make};
  return info;
}

const KindInfo& VolumeAttachment::Info() {
  static const KindInfo info{"storage.k8s.io", "VolumeAttachment", "volumeattachments", "volumeattachment", {},
                             /*namespaced=*/false, /*has_status=*/true, /*custom=*/false, "v1", {"v1"}, &Make};
  return info;
}

const KindInfo& CSINode::Info() {
  static const KindInfo info{"storage.k8s.io", "CSINode", "csinodes", "csinode", {}, /*namespaced=*/false,
                             /*has_status=*/false, /*custom=*/false, "v1", {"v1"}, &Make};
  return info;
}

const KindInfo& CSIDriver::Info() {
  static const KindInfo info{"storage.k8s.io", "CSIDriver", "csidrivers", "csidriver", {}, /*namespaced=*/false,
                             /*has_status=*/false, /*custom=*/false, "v1", {"v1"}, &Make};
  return info;
}

}  // namespace snapsim::api
