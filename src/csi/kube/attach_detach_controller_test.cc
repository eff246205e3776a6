#include "src/csi/kube/attach_detach_controller.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "src/csi/kube/kube_test_fixture.h"

namespace snapsim::csi::kube {
namespace {

using ::testing::ElementsAre;
using testing::KubeTestBase;

constexpr std::string_view kUnique = "kubernetes.io/csi/diskplugin.csi.alibabacloud.com^d-bp1abc";
// sha256("d-bp1abc" + "diskplugin.csi.alibabacloud.com" + "node-0"), computed independently.
constexpr std::string_view kVaName = "csi-481f355874b05b6893afceb01b2872e2281d9532ab3ea6092ed2bbefd292ce9d";

class AdcTest : public KubeTestBase {
 protected:
  explicit AdcTest(int minor = 30) : KubeTestBase(minor) {
    AddNode("node-0", "cn-hangzhou-g");
    AddNode("node-1", "cn-hangzhou-g");
  }

  // A Bound claim "claim-a" and its CSI volume "pv-a" (handle d-bp1abc).
  void AddBoundVolume(const std::string& access_mode = "ReadWriteOnce") {
    auto claim = std::make_shared<api::PersistentVolumeClaim>();
    claim->metadata.name = "claim-a";
    claim->metadata.namespace_ = "default";
    claim->spec.access_modes = {access_mode};
    claim->spec.resources.requests["storage"] = *api::Quantity::Parse("20Gi");
    claim->spec.volume_name = "pv-a";
    claim->spec.storage_class_name = "";
    auto c = server_.Create(claim);
    ASSERT_TRUE(c.ok()) << c.error().message();
    auto cs = api::CloneAs<api::PersistentVolumeClaim>(*c);
    cs->status.phase = "Bound";
    ASSERT_TRUE(server_.UpdateStatus(cs).ok());

    auto pv = std::make_shared<api::PersistentVolume>();
    pv->metadata.name = "pv-a";
    pv->spec.capacity["storage"] = *api::Quantity::Parse("20Gi");
    pv->spec.access_modes = {access_mode};
    pv->spec.persistent_volume_reclaim_policy = "Delete";
    api::ObjectReference ref;
    ref.kind = "PersistentVolumeClaim";
    ref.namespace_ = "default";
    ref.name = "claim-a";
    ref.uid = (*c)->metadata.uid;
    pv->spec.claim_ref = ref;
    api::CSIPersistentVolumeSource csi;
    csi.driver = std::string(testing::kDriver);
    csi.volume_handle = "d-bp1abc";
    pv->spec.csi = csi;
    auto p = server_.Create(pv);
    ASSERT_TRUE(p.ok()) << p.error().message();
    auto ps = api::CloneAs<api::PersistentVolume>(*p);
    ps->status.phase = "Bound";
    ASSERT_TRUE(server_.UpdateStatus(ps).ok());
  }

  void AddPod(const std::string& name, const std::string& node) {
    Apply(fmt::format(R"(apiVersion: v1
kind: Pod
metadata:
  name: {}
  namespace: default
spec:
  nodeName: {}
  containers:
  - name: c
    image: nginx
  volumes:
  - name: data
    persistentVolumeClaim:
      claimName: claim-a
)",
                      name, node));
  }

  std::shared_ptr<const api::VolumeAttachment> Va(std::string_view name = kVaName) {
    return api::As<api::VolumeAttachment>(server_.Peek(api::VolumeAttachment::Info(), "", name));
  }

  // The external attacher's answer.
  void ReportAttached(std::string_view name = kVaName) {
    auto va = api::CloneAs<api::VolumeAttachment>(Va(name));
    va->status.attached = true;
    va->status.attach_error.reset();
    va->status.attachment_metadata = {{"serialNumber", "abc"}};
    ASSERT_TRUE(server_.UpdateStatus(va, {.client = "csi-attacher"}).ok());
  }
  void ReportAttachError(const std::string& message, std::string_view name = kVaName) {
    auto va = api::CloneAs<api::VolumeAttachment>(Va(name));
    va->status.attach_error = api::VolumeError{server_.NowRfc3339(), message};
    ASSERT_TRUE(server_.UpdateStatus(va, {.client = "csi-attacher"}).ok());
  }
  // The kubelet's volumesInUse.
  void SetInUse(const std::string& node, std::vector<std::string> in_use) {
    auto n = api::CloneAs<api::Node>(server_.Peek(api::Node::Info(), "", node));
    n->status.volumes_in_use = std::move(in_use);
    ASSERT_TRUE(server_.UpdateStatus(n, {.client = "kubelet"}).ok());
  }
  std::vector<std::string> Attached(const std::string& node) {
    std::vector<std::string> out;
    for (const auto& v : Get<api::Node>(node)->status.volumes_attached) {
      EXPECT_EQ(v.device_path, "");
      out.push_back(v.name);
    }
    return out;
  }
};

TEST(AdcNamesTest, AttachmentAndUniqueNames) {
  EXPECT_EQ(AttachDetachController::AttachmentName("d-bp1abc", "diskplugin.csi.alibabacloud.com", "node-0"),
            kVaName);
  EXPECT_EQ(AttachDetachController::UniqueVolumeName("diskplugin.csi.alibabacloud.com", "d-bp1abc"), kUnique);
}

TEST_F(AdcTest, CreatesTheVolumeAttachmentAndReportsTheAttach) {
  AddBoundVolume();
  AddPod("pod-a", "node-0");
  AttachDetachController adc(server_);
  adc.Start();
  Settle(1);  // no external attacher: the attach waits on the VolumeAttachment
  auto va = Va();
  ASSERT_NE(va, nullptr);
  EXPECT_EQ(va->spec.attacher, "diskplugin.csi.alibabacloud.com");
  EXPECT_EQ(va->spec.node_name, "node-0");
  EXPECT_EQ(va->spec.source.persistent_volume_name.value_or(""), "pv-a");
  EXPECT_TRUE(Attached("node-0").empty());  // not before the attacher says so
  EXPECT_TRUE(EventsFor("Pod", "pod-a").empty());

  ReportAttached();
  auto r = loop_.Settle(engine::kHour);
  EXPECT_TRUE(r.at_rest);
  EXPECT_THAT(Attached("node-0"), ElementsAre(std::string(kUnique)));
  EXPECT_THAT(EventsFor("Pod", "pod-a"),
              ElementsAre("Normal SuccessfulAttachVolume AttachVolume.Attach succeeded for volume \"pv-a\" "));
  for (const auto& obj : server_.PeekAll(api::Event::Info())) {
    auto e = api::As<api::Event>(obj);
    if (e->reason == "SuccessfulAttachVolume") {
      EXPECT_EQ(e->source.component, "attachdetach-controller");
    }
  }
  // At rest: nothing more happens, even across resyncs.
  std::size_t events = server_.PeekAll(api::Event::Info()).size();
  loop_.RunUntil(loop_.Now() + 10 * engine::kMinute);
  EXPECT_EQ(server_.PeekAll(api::Event::Info()).size(), events);
  EXPECT_EQ(EventCount("Pod", "pod-a", "SuccessfulAttachVolume"), 1);
}

TEST_F(AdcTest, UnscheduledPodIsNotAttached) {
  AttachDetachController adc(server_);
  adc.Start();
  AddBoundVolume();
  AddPod("pod-a", "");
  Settle();
  EXPECT_EQ(Va(), nullptr);
  EXPECT_TRUE(server_.PeekAll(api::VolumeAttachment::Info()).empty());
}

// The desired state is kept incrementally: whatever arrives last - the pod, its claim,
// the claim's volume or the pod's node - completes the want.
TEST_F(AdcTest, TheWantCompletesWhicheverOfPodClaimVolumeAndNodeArrivesLast) {
  AttachDetachController adc(server_);
  adc.Start();
  AddPod("pod-a", "node-2");  // a node that does not exist yet; no claim yet
  Settle();
  AddBoundVolume();  // claim first, then its volume
  Settle();
  EXPECT_TRUE(server_.PeekAll(api::VolumeAttachment::Info()).empty());
  AddNode("node-2", "cn-hangzhou-g");
  Settle(1);
  const std::string va_name =
      AttachDetachController::AttachmentName("d-bp1abc", "diskplugin.csi.alibabacloud.com", "node-2");
  ASSERT_NE(Va(va_name), nullptr);
  ReportAttached(va_name);
  Settle();
  EXPECT_THAT(Attached("node-2"), ElementsAre(std::string(kUnique)));
  // The pod goes: the volume is no longer wanted and, unused by the kubelet, is detached.
  SetInUse("node-2", {});
  ASSERT_TRUE(server_.Delete(api::Pod::Info(), "default", "pod-a").ok());
  FinishDeletion("pod-a");
  Settle();
  EXPECT_TRUE(Attached("node-2").empty());
  EXPECT_EQ(Va(va_name), nullptr);
}

TEST_F(AdcTest, AttachErrorIsAnEventAndIsRetried) {
  AddBoundVolume();
  AddPod("pod-a", "node-0");
  AttachDetachController adc(server_);
  adc.Start();
  Settle(1);  // no external attacher: the attach waits on the VolumeAttachment
  ReportAttachError("rpc error: code = Internal desc = boom");
  Settle(2);
  EXPECT_THAT(EventsFor("Pod", "pod-a"),
              ElementsAre("Warning FailedAttachVolume AttachVolume.Attach failed for volume \"pv-a\" : rpc error: "
                          "code = Internal desc = boom"));
  int first = EventCount("Pod", "pod-a", "FailedAttachVolume");
  Settle(10);  // retries back off (0.5s, 1s, 2s, 4s, ...) and fail again on the same error
  EXPECT_GT(EventCount("Pod", "pod-a", "FailedAttachVolume"), first);
  EXPECT_LE(EventCount("Pod", "pod-a", "FailedAttachVolume"), 6);
  EXPECT_TRUE(Attached("node-0").empty());
  ReportAttached();
  Settle();
  EXPECT_THAT(Attached("node-0"), ElementsAre(std::string(kUnique)));
  EXPECT_EQ(EventCount("Pod", "pod-a", "SuccessfulAttachVolume"), 1);
}

TEST_F(AdcTest, DetachesOnlyAfterTheKubeletReleasesTheVolume) {
  AddBoundVolume();
  AddPod("pod-a", "node-0");
  AttachDetachController adc(server_);
  adc.Start();
  Settle(1);  // no external attacher: the attach waits on the VolumeAttachment
  ReportAttached();
  Settle();
  SetInUse("node-0", {std::string(kUnique)});
  Settle();

  std::vector<std::string> writes;
  server_.Watch(api::Node::Info(), [&](const apiserver::WatchEvent& e) {
    writes.push_back("node attached=" + std::to_string(api::As<api::Node>(e.object)->status.volumes_attached.size()));
  }, {.client = "test"});
  server_.Watch(api::VolumeAttachment::Info(), [&](const apiserver::WatchEvent& e) {
    writes.push_back("va " + std::string(apiserver::WatchEventTypeName(e.type)));
  }, {.client = "test"});

  ASSERT_TRUE(server_.Delete(api::Pod::Info(), "default", "pod-a").ok());
  FinishDeletion("pod-a");
  Settle(30);
  EXPECT_NE(Va(), nullptr);  // still mounted: no detach
  EXPECT_THAT(Attached("node-0"), ElementsAre(std::string(kUnique)));
  EXPECT_TRUE(writes.empty());

  SetInUse("node-0", {});
  Settle();
  EXPECT_EQ(Va(), nullptr);
  EXPECT_TRUE(Attached("node-0").empty());
  // volumesAttached shrinks before the VolumeAttachment goes.
  EXPECT_THAT(writes, ElementsAre("node attached=1", "node attached=0", "va DELETED"));
  EXPECT_TRUE(loop_.Settle(engine::kHour).at_rest);
}

TEST_F(AdcTest, DetachWaitsForTheExternalAttacherFinalizer) {
  AddBoundVolume();
  AddPod("pod-a", "node-0");
  AttachDetachController adc(server_);
  adc.Start();
  Settle(1);  // no external attacher: the attach waits on the VolumeAttachment
  auto va = api::CloneAs<api::VolumeAttachment>(Va());
  va->metadata.finalizers = {"external-attacher/diskplugin-csi-alibabacloud-com"};
  ASSERT_TRUE(server_.Update(va, {.client = "csi-attacher"}).ok());
  ReportAttached();
  Settle();
  ASSERT_TRUE(server_.Delete(api::Pod::Info(), "default", "pod-a").ok());
  FinishDeletion("pod-a");
  Settle(5);
  ASSERT_NE(Va(), nullptr);
  EXPECT_TRUE(Va()->metadata.being_deleted());
  EXPECT_TRUE(Attached("node-0").empty());
  // The attacher unpublishes and drops its finalizer: the detach completes.
  auto done = api::CloneAs<api::VolumeAttachment>(Va());
  done->metadata.finalizers.clear();
  ASSERT_TRUE(server_.Update(done, {.client = "csi-attacher"}).ok());
  Settle();
  EXPECT_EQ(Va(), nullptr);
  EXPECT_TRUE(loop_.Settle(engine::kHour).at_rest);
}

TEST_F(AdcTest, MultiAttachErrorForAReadWriteOnceVolume) {
  AddBoundVolume();
  AddPod("pod-a", "node-0");
  AttachDetachController adc(server_);
  adc.Start();
  Settle(1);  // no external attacher: the attach waits on the VolumeAttachment
  ReportAttached();
  Settle();
  AddPod("pod-b", "node-1");
  Settle(60);
  EXPECT_THAT(EventsFor("Pod", "pod-b"),
              ElementsAre("Warning FailedAttachVolume Multi-Attach error for volume \"pv-a\" Volume is already used "
                          "by pod(s) pod-a"));
  EXPECT_EQ(EventCount("Pod", "pod-b", "FailedAttachVolume"), 1);  // reported once
  EXPECT_EQ(server_.PeekAll(api::VolumeAttachment::Info()).size(), 1u);

  // pod-a goes (and the kubelet never used the volume): the volume moves to node-1.
  ASSERT_TRUE(server_.Delete(api::Pod::Info(), "default", "pod-a").ok());
  FinishDeletion("pod-a");
  Settle();
  EXPECT_EQ(Va(), nullptr);
  std::string va_b = AttachDetachController::AttachmentName("d-bp1abc", testing::kDriver, "node-1");
  ASSERT_NE(Va(va_b), nullptr);
  ReportAttached(va_b);
  Settle();
  EXPECT_THAT(Attached("node-1"), ElementsAre(std::string(kUnique)));
  EXPECT_TRUE(Attached("node-0").empty());
}

TEST_F(AdcTest, ReadWriteManyVolumesAttachToSeveralNodes) {
  AddBoundVolume("ReadWriteMany");
  AddPod("pod-a", "node-0");
  AddPod("pod-b", "node-1");
  AttachDetachController adc(server_);
  adc.Start();
  Settle(1);  // no external attacher: the attach waits on the VolumeAttachment
  EXPECT_EQ(server_.PeekAll(api::VolumeAttachment::Info()).size(), 2u);
  EXPECT_TRUE(EventsFor("Pod", "pod-b").empty());
}

TEST_F(AdcTest, RestartRebuildsTheActualStateFromTheNode) {
  AddBoundVolume();
  AddPod("pod-a", "node-0");
  AttachDetachController adc(server_);
  adc.Start();
  Settle(1);  // no external attacher: the attach waits on the VolumeAttachment
  ReportAttached();
  Settle();
  SetInUse("node-0", {std::string(kUnique)});
  Settle();
  adc.Crash();
  Settle();
  EXPECT_THAT(Attached("node-0"), ElementsAre(std::string(kUnique)));
  EXPECT_EQ(EventCount("Pod", "pod-a", "SuccessfulAttachVolume"), 1);  // no second attach
  ASSERT_TRUE(server_.Delete(api::Pod::Info(), "default", "pod-a").ok());
  FinishDeletion("pod-a");
  SetInUse("node-0", {});
  Settle();
  EXPECT_EQ(Va(), nullptr);
  EXPECT_TRUE(Attached("node-0").empty());
}

class AdcTest122 : public AdcTest {
 protected:
  AdcTest122() : AdcTest(22) {}
};

TEST_F(AdcTest122, ForceDetachAfterMaxWaitForUnmount) {
  AddBoundVolume();
  AddPod("pod-a", "node-0");
  AttachDetachController adc(server_);
  adc.Start();
  Settle(1);  // no external attacher: the attach waits on the VolumeAttachment
  ReportAttached();
  Settle();
  SetInUse("node-0", {std::string(kUnique)});
  Settle();
  ASSERT_TRUE(server_.Delete(api::Pod::Info(), "default", "pod-a").ok());
  FinishDeletion("pod-a");
  Settle(5 * 60);
  EXPECT_NE(Va(), nullptr);
  Settle(2 * 60);
  EXPECT_EQ(Va(), nullptr);  // 6 minutes passed: detached although still in use
  EXPECT_TRUE(Attached("node-0").empty());
}

TEST_F(AdcTest, NoForceDetachFromAHealthyNodeFrom126) {
  AddBoundVolume();
  AddPod("pod-a", "node-0");
  AttachDetachController adc(server_);
  adc.Start();
  Settle(1);  // no external attacher: the attach waits on the VolumeAttachment
  ReportAttached();
  Settle();
  SetInUse("node-0", {std::string(kUnique)});
  Settle();
  ASSERT_TRUE(server_.Delete(api::Pod::Info(), "default", "pod-a").ok());
  FinishDeletion("pod-a");
  auto r = loop_.Settle(engine::kHour);
  EXPECT_TRUE(r.at_rest);  // no timer: a healthy node is never force-detached
  EXPECT_NE(Va(), nullptr);
}

}  // namespace
}  // namespace snapsim::csi::kube
