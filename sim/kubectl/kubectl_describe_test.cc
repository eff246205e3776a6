#include <gtest/gtest.h>

#include "sim/kubectl/kubectl_test_fixture.h"

namespace snapsim::kubectl {
namespace {

class DescribeTest : public KubectlTest {};

void Show(const CommandResult& r) { std::cout << "OUT[" << r.out << "]\nERR[" << r.err << "]" << r.exit_code << "\n"; }

TEST_F(DescribeTest, Scratch) {
  Advance(10 * engine::kSecond);
  Create(R"(apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: alicloud-disk-ssd
  annotations: {storageclass.kubernetes.io/is-default-class: "true"}
provisioner: diskplugin.csi.alibabacloud.com
parameters: {type: cloud_ssd}
reclaimPolicy: Delete
volumeBindingMode: WaitForFirstConsumer
allowVolumeExpansion: true
)");
  Create(R"(apiVersion: v1
kind: PersistentVolume
metadata:
  name: d-bp1abc
  annotations: {pv.kubernetes.io/provisioned-by: diskplugin.csi.alibabacloud.com}
spec:
  capacity: {storage: 20Gi}
  accessModes: [ReadWriteOnce]
  persistentVolumeReclaimPolicy: Delete
  storageClassName: alicloud-disk-ssd
  claimRef: {namespace: default, name: disk-ssd-web-0}
  csi:
    driver: diskplugin.csi.alibabacloud.com
    volumeHandle: d-bp1abc
    fsType: ext4
    volumeAttributes: {storage.kubernetes.io/csiProvisionerIdentity: 1767225600000-8081-diskplugin.csi.alibabacloud.com, type: cloud_ssd}
  nodeAffinity:
    required:
      nodeSelectorTerms:
      - matchExpressions:
        - {key: topology.diskplugin.csi.alibabacloud.com/zone, operator: In, values: [cn-hangzhou-i]}
)");
  Create(R"(apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: disk-ssd-web-0
  labels: {app: nginx}
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: alicloud-disk-ssd
  resources: {requests: {storage: 20Gi}}
  volumeName: d-bp1abc
)");
  Create(R"(apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  selector: {matchLabels: {app: nginx}}
  serviceName: nginx
  replicas: 1
  template:
    metadata: {labels: {app: nginx}}
    spec:
      containers:
      - name: nginx
        image: nginx
        ports: [{containerPort: 80, name: web}]
        volumeMounts: [{name: disk-ssd, mountPath: /data}]
  volumeClaimTemplates:
  - metadata: {name: disk-ssd}
    spec:
      accessModes: [ReadWriteOnce]
      storageClassName: alicloud-disk-ssd
      resources: {requests: {storage: 20Gi}}
)");
  Create(R"(apiVersion: v1
kind: Pod
metadata:
  name: web-0
  labels: {app: nginx}
spec:
  nodeName: node-0
  containers:
  - name: nginx
    image: nginx
    ports: [{containerPort: 80, name: web}]
    volumeMounts: [{name: disk-ssd, mountPath: /data}]
  volumes:
  - name: disk-ssd
    persistentVolumeClaim: {claimName: disk-ssd-web-0}
)");
  Advance(36 * engine::kMinute);
  Show(Run({"describe", "sc"}));
  Show(Run({"describe", "pv"}));
  Show(Run({"describe", "pvc"}));
  Show(Run({"describe", "pod"}));
  Show(Run({"describe", "sts"}));
}

}  // namespace
}  // namespace snapsim::kubectl
