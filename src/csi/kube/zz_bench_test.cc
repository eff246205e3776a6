#include <gtest/gtest.h>

#include <chrono>
#include <iostream>

#include "src/csi/kube/kube_test_fixture.h"
#include "src/csi/kube/pv_controller.h"
#include "src/csi/kube/pv_protection_controller.h"
#include "src/csi/kube/pvc_protection_controller.h"
#include "src/csi/kube/scheduler.h"
#include "src/csi/kube/statefulset_controller.h"
namespace snapsim::csi::kube {
class Bench : public testing::KubeTestBase {
 protected:
  Bench() : KubeTestBase(30) {}
};
TEST_F(Bench, Thousand) {
  for (int i = 0; i < 70; ++i)
    AddNode(fmt::format("node-{}", i), i % 2 ? "cn-hangzhou-k" : "cn-hangzhou-i");
  AddStorageClass("alicloud-disk-ssd", "WaitForFirstConsumer");
  PersistentVolumeController pv(server_);
  PvcProtectionController a(server_);
  PvProtectionController b(server_);
  StatefulSetController sts(server_);
  Scheduler sch(server_);
  testing::FakeProvisioner prov(server_, "cn-hangzhou-k");
  pv.Start();
  a.Start();
  b.Start();
  sts.Start();
  sch.Start();
  prov.Start();
  std::string yaml(testing::kWebStatefulSet);
  yaml.replace(yaml.find("replicas: 1"), 11, "replicas: 1000\n  podManagementPolicy: Parallel");
  auto t0 = std::chrono::steady_clock::now();
  Apply(yaml);
  auto r = loop_.Settle(engine::kHour);
  auto t1 = std::chrono::steady_clock::now();
  int bound = 0;
  for (const auto& p : server_.PeekAll(api::Pod::Info()))
    bound += !api::As<api::Pod>(p)->spec.node_name.empty();
  std::cout << "pods bound " << bound << " at_rest " << r.at_rest << " events " << r.events_run
            << " wall ms " << std::chrono::duration_cast<std::chrono::milliseconds>(t1 - t0).count()
            << " virtual " << loop_.Now() / 1e9 << "\n";
}
}  // namespace snapsim::csi::kube
