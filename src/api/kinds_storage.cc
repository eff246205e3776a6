#include "src/api/kinds_storage.h"
#include "src/api/object_of.h"

namespace snapsim::api {

template class ObjectOf<PersistentVolume>;
template class ObjectOf<PersistentVolumeClaim>;
template class ObjectOf<StorageClass>;
template class ObjectOf<VolumeAttachment>;
template class ObjectOf<CSINode>;
template class ObjectOf<CSIDriver>;

// The codecs of this file's kinds are instantiated here only (see the extern declarations).
template Value Encode<StorageClass>(const StorageClass&);
template void Decode<StorageClass>(const Value&, StorageClass&, DecodeContext&);
template Value Encode<VolumeAttachment>(const VolumeAttachment&);
template void Decode<VolumeAttachment>(const Value&, VolumeAttachment&, DecodeContext&);
template Value Encode<CSINode>(const CSINode&);
template void Decode<CSINode>(const Value&, CSINode&, DecodeContext&);
template Value Encode<CSIDriver>(const CSIDriver&);
template void Decode<CSIDriver>(const Value&, CSIDriver&, DecodeContext&);
template Value Encode<PersistentVolumeClaimSpec>(const PersistentVolumeClaimSpec&);
template void Decode<PersistentVolumeClaimSpec>(const Value&, PersistentVolumeClaimSpec&,
                                                DecodeContext&);
template Value Encode<PersistentVolume>(const PersistentVolume&);
template void Decode<PersistentVolume>(const Value&, PersistentVolume&, DecodeContext&);
template Value Encode<PersistentVolumeClaim>(const PersistentVolumeClaim&);
template void Decode<PersistentVolumeClaim>(const Value&, PersistentVolumeClaim&, DecodeContext&);

const KindInfo& PersistentVolume::Info() {
  static const KindInfo info{"",
                             "PersistentVolume",
                             "persistentvolumes",
                             "persistentvolume",
                             {"pv"},
                             /*namespaced=*/false,
                             /*has_status=*/true,
                             /*custom=*/false,
                             "v1",
                             {"v1"},
                             &Make};
  return info;
}

const KindInfo& PersistentVolumeClaim::Info() {
  static const KindInfo info{"",
                             "PersistentVolumeClaim",
                             "persistentvolumeclaims",
                             "persistentvolumeclaim",
                             {"pvc"},
                             /*namespaced=*/true,
                             /*has_status=*/true,
                             /*custom=*/false,
                             "v1",
                             {"v1"},
                             &Make};
  return info;
}

const KindInfo& StorageClass::Info() {
  static const KindInfo info{
      "storage.k8s.io",     "StorageClass",       "storageclasses", "storageclass", {"sc"},
      /*namespaced=*/false, /*has_status=*/false, /*custom=*/false, "v1",           {"v1"}, &Make};
  return info;
}

const KindInfo& VolumeAttachment::Info() {
  static const KindInfo info{"storage.k8s.io",
                             "VolumeAttachment",
                             "volumeattachments",
                             "volumeattachment",
                             {},
                             /*namespaced=*/false,
                             /*has_status=*/true,
                             /*custom=*/false,
                             "v1",
                             {"v1"},
                             &Make};
  return info;
}

const KindInfo& CSINode::Info() {
  static const KindInfo info{"storage.k8s.io",     "CSINode",        "csinodes", "csinode", {},
                             /*namespaced=*/false,
                             /*has_status=*/false, /*custom=*/false, "v1",       {"v1"},    &Make};
  return info;
}

const KindInfo& CSIDriver::Info() {
  static const KindInfo info{
      "storage.k8s.io",     "CSIDriver",      "csidrivers", "csidriver", {},   /*namespaced=*/false,
      /*has_status=*/false, /*custom=*/false, "v1",         {"v1"},      &Make};
  return info;
}

}  // namespace snapsim::api
