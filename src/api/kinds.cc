#include "src/api/kinds.h"

namespace snapsim::api {

std::vector<const KindInfo*> RegisteredKinds() {
  return {
      // core/v1
      &Namespace::Info(),
      &Node::Info(),
      &Pod::Info(),
      &Service::Info(),
      &Event::Info(),
      &Secret::Info(),
      &ConfigMap::Info(),
      &PersistentVolume::Info(),
      &PersistentVolumeClaim::Info(),
      // apps/v1
      &StatefulSet::Info(),
      // storage.k8s.io/v1
      &StorageClass::Info(),
      &VolumeAttachment::Info(),
      &CSINode::Info(),
      &CSIDriver::Info(),
      // apiextensions.k8s.io/v1
      &CustomResourceDefinition::Info(),
      // snapshot.storage.k8s.io (CRDs)
      &VolumeSnapshotClass::Info(),
      &VolumeSnapshot::Info(),
      &VolumeSnapshotContent::Info(),
  };
}

}  // namespace snapsim::api
