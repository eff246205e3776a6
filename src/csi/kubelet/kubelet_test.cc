#include "src/csi/kubelet/kubelet.h"

#include <gtest/gtest.h>

#include "src/csi/kubelet/image_ref.h"
#include "src/csi/kubelet/kubelet_messages.h"
#include "src/csi/kubelet/kubelet_test_fixture.h"
#include "src/csi/util/sha256.h"

namespace snapsim::csi::kubelet::testing {
namespace {

constexpr std::string_view kSleeper = R"(  - name: app
    image: busybox
    command: ["sleep", "10000"]
    volumeMounts:
    - name: data
      mountPath: /data
)";

class KubeletPodTest : public KubeletTest {};

TEST_F(KubeletPodTest, PodBecomesRunningWithStatusAndEvents) {
  std::string handle = NewBoundClaim("disk-ssd-web-0");
  CreatePod("web-0", "disk-ssd-web-0");
  Settle();
  // Not attached yet: Pending, the volume reported in use, waiting for the attach.
  auto pod = Pod("web-0");
  EXPECT_EQ(pod->status.phase, "Pending");
  ASSERT_EQ(pod->status.container_statuses.size(), 1u);
  EXPECT_EQ(pod->status.container_statuses[0].state.waiting->reason, "ContainerCreating");
  EXPECT_EQ(pod->status.container_statuses[0].image, "nginx");
  std::string unique = UniqueVolumeName(disk::kDriverName, handle);
  EXPECT_EQ(VolumesInUse(), std::vector<std::string>{unique});
  EXPECT_FALSE(plugin_->IsStaged(handle));

  Attach("disk-ssd-web-0");
  engine::Nanos attached_at = loop_.Now();
  Settle();
  pod = Pod("web-0");
  EXPECT_EQ(pod->status.phase, "Running");
  std::vector<std::string> types;
  for (const auto& c : pod->status.conditions) {
    types.push_back(c.type);
    EXPECT_EQ(c.status, "True") << c.type;
  }
  EXPECT_EQ(types, (std::vector<std::string>{"PodReadyToStartContainers", "Initialized", "Ready",
                                             "ContainersReady", "PodScheduled"}));
  EXPECT_EQ(pod->status.host_ip, "192.168.0.10");
  ASSERT_EQ(pod->status.host_ips.size(), 1u);
  EXPECT_EQ(pod->status.pod_ip, "172.20.1.2");
  EXPECT_EQ(pod->status.start_time, pod->metadata.creation_timestamp);
  const auto& cs = pod->status.container_statuses[0];
  EXPECT_EQ(cs.name, "nginx");
  EXPECT_TRUE(cs.ready);
  EXPECT_EQ(cs.started, true);
  EXPECT_EQ(cs.restart_count, 0);
  EXPECT_EQ(cs.image, "docker.io/library/nginx:latest");
  EXPECT_EQ(cs.image_id, ImageId("nginx"));
  EXPECT_EQ(cs.image_id.rfind("docker.io/library/nginx@sha256:", 0), 0u);
  EXPECT_EQ(cs.container_id.size(), std::string("containerd://").size() + 64);
  ASSERT_TRUE(cs.state.running);
  engine::Nanos pull = PullDuration("nginx", false);
  EXPECT_EQ(*cs.state.running->started_at,
            engine::FormatRfc3339(1767225600 + (attached_at + pull) / engine::kSecond));
  EXPECT_TRUE(plugin_->IsStaged(handle));
  EXPECT_EQ(EventsFor("Pod", "web-0"),
            (std::vector<std::string>{
                "Normal Pulling Pulling image \"nginx\"",
                "Normal Pulled " + PulledMessage(30, "nginx", pull, pull, ImageSizeBytes("nginx")),
                "Normal Created Created container nginx", "Normal Started Started container nginx"}));
  // The staging path is the 1.24+ one.
  auto m = plugin_->Mounted(PublishPath(pod->metadata.uid, "pv-disk-ssd-web-0"));
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->staging_target_path,
            "/var/lib/kubelet/plugins/kubernetes.io/csi/diskplugin.csi.alibabacloud.com/" +
                Sha256Hex(handle) + "/globalmount");
}

// The volume manager GETs a pod's claim and PV, once; until then the claim and PV
// watches (carrying only the claims of this node's pods) wake the waiting pod.
TEST_F(KubeletPodTest, ClaimAndVolumeAreFetchedOnceAndOnlyThisNodesClaimsAreWatched) {
  int claim_gets = 0, volume_gets = 0;
  server_.SetFaultHook([&](const apiserver::Request& r) -> std::optional<apiserver::FaultDecision> {
    if (r.client == "kubelet" && r.verb == apiserver::Verb::kGet) {
      if (r.kind == &api::PersistentVolumeClaim::Info()) ++claim_gets;
      if (r.kind == &api::PersistentVolume::Info()) ++volume_gets;
    }
    return std::nullopt;
  });
  CreatePod("web-0", "late");  // its claim does not exist yet
  Settle();
  EXPECT_EQ(Pod("web-0")->status.phase, "Pending");
  EXPECT_TRUE(VolumesInUse().empty());
  EXPECT_GT(claim_gets, 0);
  EXPECT_EQ(volume_gets, 0);
  std::string handle = NewBoundClaim("late");
  NewBoundClaim("elsewhere");  // no pod of this node mounts it
  Settle();
  EXPECT_EQ(VolumesInUse(), std::vector<std::string>{UniqueVolumeName(disk::kDriverName, handle)});
  const int claims_before = claim_gets, volumes_before = volume_gets;
  EXPECT_EQ(volumes_before, 1);
  Attach("late");
  Settle();
  EXPECT_EQ(Pod("web-0")->status.phase, "Running");
  EXPECT_EQ(claim_gets, claims_before);  // processed: not fetched again
  EXPECT_EQ(volume_gets, volumes_before);
  auto informers = kubelet_->informers();
  for (apiserver::Informer* inf : informers) {
    EXPECT_EQ(inf->Get("default", "elsewhere"), nullptr) << inf->kind().kind;
    EXPECT_EQ(inf->Get("", "pv-elsewhere"), nullptr) << inf->kind().kind;
  }
  // Once the volume is processed its claim concerns the pod no more (upstream's
  // populator never looks again): the watch stops carrying the claim's changes (the
  // snapshot controller's finalizer on every snapshot of the claim), which would only
  // sync the pod for nothing.
  apiserver::Informer* claims = informers[2];
  ASSERT_EQ(&claims->kind(), &api::PersistentVolumeClaim::Info());
  ASSERT_NE(claims->Get("default", "late"), nullptr);  // heard while the pod waited for it
  const std::string heard_version = claims->Get("default", "late")->metadata.resource_version;
  auto pvc = api::CloneAs<api::PersistentVolumeClaim>(server_.Peek(api::PersistentVolumeClaim::Info(), "default", "late"));
  pvc->metadata.finalizers.push_back("snapshot.storage.kubernetes.io/pvc-as-source-protection");
  ASSERT_TRUE(server_.Update(pvc).ok());
  Settle();
  EXPECT_EQ(claims->Get("default", "late")->metadata.resource_version, heard_version);
  EXPECT_EQ(claim_gets, claims_before);
}

// The watch echo of the kubelet's own status write syncs nothing (upstream's pod config
// calls a status-only change a reconcile); a status someone else rewrote is put back.
TEST_F(KubeletPodTest, OwnStatusEchoesSyncNothingAndForeignStatusesArePutBack) {
  NewBoundClaim("disk-ssd-web-0");
  CreatePod("web-0", "disk-ssd-web-0");
  Attach("disk-ssd-web-0");
  Settle();
  ASSERT_EQ(Pod("web-0")->status.phase, "Running");
  int pod_gets = 0, status_writes = 0;
  server_.SetFaultHook([&](const apiserver::Request& r) -> std::optional<apiserver::FaultDecision> {
    if (r.client != "kubelet" || r.kind != &api::Pod::Info()) return std::nullopt;
    if (r.verb == apiserver::Verb::kGet) ++pod_gets;
    if (r.verb == apiserver::Verb::kUpdate && r.subresource == "status") ++status_writes;
    return std::nullopt;
  });
  auto pod = api::CloneAs<api::Pod>(server_.Peek(api::Pod::Info(), "default", "web-0"));
  pod->status.phase = "Unknown";
  pod->status.message = "rewritten by someone else";
  ASSERT_TRUE(server_.UpdateStatus(pod).ok());
  Settle();
  pod = api::CloneAs<api::Pod>(server_.Peek(api::Pod::Info(), "default", "web-0"));
  EXPECT_EQ(pod->status.phase, "Running");
  // One sync for the foreign write (a GET, the write back); none for the echo of it.
  EXPECT_EQ(pod_gets, 1);
  EXPECT_EQ(status_writes, 1);
  // A label is no status: the pod syncs (and finds its status right).
  pod->metadata.labels["touched"] = "yes";
  ASSERT_TRUE(server_.Update(pod).ok());
  Settle();
  EXPECT_EQ(pod_gets, 2);
  EXPECT_EQ(status_writes, 1);
}

// WaitForAttach reads an attachment's status: the attacher's finalizer or an annotation
// wakes no pod; a status change does.
TEST_F(KubeletPodTest, OnlyAnAttachmentsStatusOrDeletionWakesItsNodesPods) {
  std::string handle = NewBoundClaim("disk-ssd-web-0");
  CreatePod("web-0", "disk-ssd-web-0");
  Attach("disk-ssd-web-0");
  Settle();
  ASSERT_EQ(Pod("web-0")->status.phase, "Running");
  int pod_gets = 0;
  server_.SetFaultHook([&](const apiserver::Request& r) -> std::optional<apiserver::FaultDecision> {
    if (r.client == "kubelet" && r.kind == &api::Pod::Info() && r.verb == apiserver::Verb::kGet) ++pod_gets;
    return std::nullopt;
  });
  const std::string name = VolumeAttachmentName(handle, disk::kDriverName, kNode);
  auto va = api::CloneAs<api::VolumeAttachment>(server_.Peek(api::VolumeAttachment::Info(), "", name));
  va->metadata.finalizers.push_back("external-attacher/diskplugin-csi-alibabacloud-com");
  va->metadata.annotations["csi.alpha.kubernetes.io/node-id"] = "i-node";
  ASSERT_TRUE(server_.Update(va, {.client = "csi-attacher"}).ok());
  Settle();
  EXPECT_EQ(pod_gets, 0);
  va = api::CloneAs<api::VolumeAttachment>(server_.Peek(api::VolumeAttachment::Info(), "", name));
  va->status.attachment_metadata["extra"] = "1";
  ASSERT_TRUE(server_.UpdateStatus(va, {.client = "csi-attacher"}).ok());
  Settle();
  EXPECT_EQ(pod_gets, 1);
}

// A claim Bound to a volume the disk plugin cannot mount fails processing with
// upstream's message, whatever the volume's source.
TEST_F(KubeletPodTest, VolumesOfAnotherDriverOrNotCsiFailProcessing) {
  auto bind = [&](const std::string& claim, const std::string& source) {
    auto pvc = Apply(fmt::format(R"(apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: {0}
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: ""
  volumeName: pv-{0}
  resources:
    requests:
      storage: 20Gi
)", claim));
    Apply(fmt::format(R"(apiVersion: v1
kind: PersistentVolume
metadata:
  name: pv-{0}
spec:
  capacity:
    storage: 20Gi
  accessModes: [ReadWriteOnce]
  claimRef:
    namespace: default
    name: {0}
    uid: {1}
{2})", claim, pvc->metadata.uid, source));
    auto c = api::CloneAs<api::PersistentVolumeClaim>(server_.Peek(api::PersistentVolumeClaim::Info(), "default", claim));
    c->status.phase = "Bound";
    ASSERT_TRUE(server_.UpdateStatus(c).ok());
  };
  bind("nas", "  csi:\n    driver: nasplugin.csi.alibabacloud.com\n    volumeHandle: nas-1\n");
  bind("local", "  hostPath:\n    path: /data\n");
  CreatePod("web-0", "nas");
  CreatePod("web-1", "local");
  Settle();
  auto has = [&](const std::string& pod, const std::string& text) {
    for (const auto& e : EventsFor("Pod", pod)) {
      if (e.find(text) != std::string::npos) return true;
    }
    return false;
  };
  EXPECT_TRUE(has("web-0", "kubernetes.io/csi: driver name nasplugin.csi.alibabacloud.com not found in the list of "
                           "registered CSI drivers"));
  EXPECT_TRUE(has("web-1", "unsupported: volume pv-local is not a CSI volume"));
  EXPECT_EQ(Pod("web-0")->status.phase, "Pending");
  EXPECT_EQ(Pod("web-1")->status.phase, "Pending");
  EXPECT_TRUE(VolumesInUse().empty());
}

TEST_F(KubeletPodTest, ExecSeesTheDiskAndFilesSurviveRestartsAndRecreation) {
  NewBoundClaim("data");
  Attach("data");
  CreatePod("web-0", "data");
  Settle();
  ASSERT_EQ(Pod("web-0")->status.phase, "Running");
  ExecResult r = Exec("web-0", {"ls", "/data"});
  EXPECT_TRUE(r.started);
  EXPECT_EQ(r.out, "lost+found\n");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(Exec("web-0", {"touch", "/data/test"}).exit_code, 0);
  EXPECT_EQ(Exec("web-0", {"touch", "/tmp/scratch"}).exit_code, 0);

  // Delete and recreate the pod: same disk, the file is there.
  ASSERT_TRUE(server_.Delete(api::Pod::Info(), "default", "web-0").ok());
  Settle();
  EXPECT_EQ(Pod("web-0"), nullptr);
  CreatePod("web-0", "data");
  Settle();
  ASSERT_EQ(Pod("web-0")->status.phase, "Running");
  EXPECT_EQ(Exec("web-0", {"ls", "/data"}).out, "lost+found\ntest\n");
  EXPECT_NE(Exec("web-0", {"ls", "/tmp/scratch"}).exit_code, 0);
}

TEST_F(KubeletPodTest, SleepExitsAndRestartsWithAFreshRootFs) {
  NewBoundClaim("data");
  Attach("data");
  CreatePod("web-0", "data", std::string(kSleeper));
  Settle();
  ASSERT_EQ(Pod("web-0")->status.phase, "Running");
  ExecRequest req;
  req.pod = "web-0";
  req.container = "app";
  req.command = {"sh", "-c", "touch /data/kept /tmp/lost"};
  ASSERT_EQ(kubelet_->Exec(req).exit_code, 0);
  engine::Nanos started = loop_.Now();
  loop_.RunUntil(started + 9999 * engine::kSecond);
  Settle();
  EXPECT_EQ(Pod("web-0")->status.container_statuses[1].restart_count, 0);
  loop_.RunUntil(started + 10001 * engine::kSecond);
  Settle();
  auto pod = Pod("web-0");
  const auto& app = pod->status.container_statuses[1];
  EXPECT_EQ(app.name, "app");
  EXPECT_EQ(app.restart_count, 1);
  ASSERT_TRUE(app.state.running);
  ASSERT_TRUE(app.last_state.terminated);
  EXPECT_EQ(app.last_state.terminated->exit_code, 0);
  EXPECT_EQ(app.last_state.terminated->reason, "Completed");
  req.command = {"ls", "/data", "/tmp"};
  ExecResult r = kubelet_->Exec(req);
  EXPECT_NE(r.out.find("kept"), std::string::npos);
  EXPECT_EQ(r.out, "/data:\nkept\nlost+found\n\n/tmp:\n");
}

TEST_F(KubeletPodTest, CrashLoopBackOff) {
  CreatePod("crash", "", R"(  - name: app
    image: busybox
    command: ["false"]
)");
  Settle();
  auto pod = Pod("crash");
  const auto& app = pod->status.container_statuses[1];
  EXPECT_EQ(app.restart_count, 1);  // the first restart is immediate
  ASSERT_TRUE(app.state.waiting);
  EXPECT_EQ(app.state.waiting->reason, "CrashLoopBackOff");
  EXPECT_EQ(app.state.waiting->message,
            "back-off 10s restarting failed container=app pod=crash_default(" + pod->metadata.uid + ")");
  EXPECT_EQ(app.last_state.terminated->exit_code, 1);
  EXPECT_EQ(app.last_state.terminated->reason, "Error");
  EXPECT_EQ(pod->status.phase, "Running");
  EXPECT_GE(EventCount("Pod", "crash", "BackOff"), 1);
  loop_.RunUntil(loop_.Now() + 11 * engine::kSecond);
  Settle();
  pod = Pod("crash");
  EXPECT_EQ(pod->status.container_statuses[1].restart_count, 2);
  EXPECT_EQ(pod->status.container_statuses[1].state.waiting->message.substr(0, 12), "back-off 20s");
}

TEST_F(KubeletPodTest, GracefulDeletionTiming) {
  NewBoundClaim("a");
  NewBoundClaim("b");
  Attach("a");
  Attach("b");
  CreatePod("fast", "a");
  Apply(R"(apiVersion: v1
kind: Pod
metadata:
  name: slow
spec:
  nodeName: node-0
  containers:
  - name: app
    image: busybox
    command: ["sleep", "3600"]
    volumeMounts:
    - name: data
      mountPath: /data
  volumes:
  - name: data
    persistentVolumeClaim:
      claimName: b
)");
  Settle();
  ASSERT_EQ(Pod("fast")->status.phase, "Running");
  ASSERT_EQ(Pod("slow")->status.phase, "Running");
  EXPECT_EQ(VolumesInUse().size(), 2u);
  engine::Nanos t0 = loop_.Now();
  ASSERT_TRUE(server_.Delete(api::Pod::Info(), "default", "fast").ok());
  ASSERT_TRUE(server_.Delete(api::Pod::Info(), "default", "slow").ok());
  loop_.RunUntil(t0 + engine::kSecond);
  EXPECT_EQ(Pod("fast"), nullptr);
  ASSERT_NE(Pod("slow"), nullptr);
  EXPECT_EQ(VolumesInUse(), std::vector<std::string>{UniqueVolumeName(disk::kDriverName, handles_["b"])});
  EXPECT_FALSE(plugin_->IsStaged(handles_["a"]));
  loop_.RunUntil(t0 + 29 * engine::kSecond);
  ASSERT_NE(Pod("slow"), nullptr);
  Settle();
  EXPECT_EQ(Pod("slow"), nullptr);
  EXPECT_EQ(loop_.Now() - t0, 30 * engine::kSecond);
  EXPECT_TRUE(VolumesInUse().empty());
  EXPECT_FALSE(plugin_->IsStaged(handles_["b"]));
  EXPECT_EQ(EventCountFor("Pod", "slow", "Stopping container app"), 1);
}

TEST_F(KubeletPodTest, StartupScriptWritesToTheVolume) {
  NewBoundClaim("data");
  Attach("data");
  CreatePod("job", "data", R"(  - name: app
    image: busybox
    command: ["sh", "-c", "echo hello > /data/out; sleep 60; exit 2"]
    volumeMounts:
    - name: data
      mountPath: /data
)", "Never");
  Settle();
  EXPECT_EQ(Exec("job", {"cat", "/data/out"}).out, "hello\n");
  loop_.RunUntil(loop_.Now() + 61 * engine::kSecond);
  Settle();
  auto pod = Pod("job");
  ASSERT_TRUE(pod->status.container_statuses[1].state.terminated);
  EXPECT_EQ(pod->status.container_statuses[1].state.terminated->exit_code, 2);
  EXPECT_EQ(pod->status.phase, "Running");  // nginx still runs
}

TEST_F(KubeletPodTest, ExecErrors) {
  CreatePod("web-0", "");
  Apply(R"(apiVersion: v1
kind: Pod
metadata:
  name: done
spec:
  nodeName: node-0
  restartPolicy: Never
  containers:
  - name: app
    image: busybox
    command: ["true"]
)");
  Settle();
  ExecRequest r;
  r.pod = "web-0";
  r.container = "nope";
  r.command = {"ls"};
  EXPECT_EQ(kubelet_->Exec(r).err, "error: container nope not found in pod web-0\n");
  r.pod = "done";
  r.container = "";
  EXPECT_EQ(Pod("done")->status.phase, "Succeeded");
  EXPECT_EQ(kubelet_->Exec(r).err,
            "error: cannot exec into a container in a completed pod; current phase is Succeeded\n");
}

TEST_F(KubeletPodTest, ExecBeforeTheContainerRuns) {
  NewBoundClaim("data");
  CreatePod("web-0", "data");
  Settle();
  ExecResult r = Exec("web-0", {"ls"});
  EXPECT_FALSE(r.started);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "error: unable to upgrade connection: container not found (\"nginx\")\n");
}

TEST_F(KubeletPodTest, CrashMidMountConverges) {
  NewBoundClaim("data");
  Attach("data");
  CreatePod("web-0", "data");
  Settle(1);  // mounted, image being pulled
  kubelet_->Crash();
  Settle();
  auto pod = Pod("web-0");
  ASSERT_EQ(pod->status.phase, "Running");
  EXPECT_EQ(pod->status.container_statuses[0].restart_count, 0);
  std::string id = pod->status.container_statuses[0].container_id;
  EXPECT_EQ(Exec("web-0", {"ls", "/data"}).out, "lost+found\n");
  // A crash of a running kubelet leaves the container running.
  kubelet_->Crash();
  Settle();
  EXPECT_EQ(Pod("web-0")->status.container_statuses[0].container_id, id);
  EXPECT_EQ(Exec("web-0", {"ls", "/data"}).out, "lost+found\n");
  // Deleted while the kubelet is down: the restarted kubelet finishes it.
  kubelet_->Stop();
  ASSERT_TRUE(server_.Delete(api::Pod::Info(), "default", "web-0").ok());
  Settle();
  EXPECT_NE(Pod("web-0"), nullptr);
  kubelet_->Start();
  Settle();
  EXPECT_EQ(Pod("web-0"), nullptr);
  EXPECT_TRUE(VolumesInUse().empty());
}

class KubeletOldVersionTest : public KubeletTest {
 protected:
  KubeletOldVersionTest() : KubeletTest(22) {}
};

TEST_F(KubeletOldVersionTest, StatusEventsAndPathsOf122) {
  std::string handle = NewBoundClaim("data");
  Attach("data");
  CreatePod("web-0", "data");
  Settle();
  auto pod = Pod("web-0");
  std::vector<std::string> types;
  for (const auto& c : pod->status.conditions) types.push_back(c.type);
  EXPECT_EQ(types, (std::vector<std::string>{"Initialized", "Ready", "ContainersReady", "PodScheduled"}));
  EXPECT_TRUE(pod->status.host_ips.empty());
  engine::Nanos pull = PullDuration("nginx", false);
  EXPECT_EQ(EventCountFor("Pod", "web-0", "Successfully pulled image \"nginx\" in " + engine::FormatDuration(pull)), 1);
  auto m = plugin_->Mounted(PublishPath(pod->metadata.uid, "pv-data"));
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->staging_target_path, "/var/lib/kubelet/plugins/kubernetes.io/csi/pv/pv-data/globalmount");
}

class KubeletMountTimeoutTest : public KubeletTest, public ::testing::WithParamInterface<int> {
 protected:
  KubeletMountTimeoutTest() : KubeletTest(GetParam()) {}
};

TEST_P(KubeletMountTimeoutTest, TimeoutEventPerVersion) {
  NewBoundClaim("data");
  CreatePod("web-0", "data");
  Settle();
  loop_.RunUntil(loop_.Now() + 124 * engine::kSecond);
  auto events = EventsFor("Pod", "web-0");
  int minor = GetParam();
  if (minor >= 28) {
    EXPECT_TRUE(events.empty()) << events[0];
  } else if (minor >= 26) {
    EXPECT_EQ(events, std::vector<std::string>{
                          "Warning FailedMount Unable to attach or mount volumes: unmounted volumes=[data], "
                          "unattached volumes=[data], failed to process volumes=[]: timed out waiting for the "
                          "condition"});
  } else {
    EXPECT_EQ(events, std::vector<std::string>{
                          "Warning FailedMount Unable to attach or mount volumes: unmounted volumes=[data], "
                          "unattached volumes=[data]: timed out waiting for the condition"});
  }
  // Attached later: the pod starts.
  Attach("data");
  Settle();
  EXPECT_EQ(Pod("web-0")->status.phase, "Running");
}

INSTANTIATE_TEST_SUITE_P(Versions, KubeletMountTimeoutTest, ::testing::Values(22, 26, 30));

}  // namespace
}  // namespace snapsim::csi::kubelet::testing
