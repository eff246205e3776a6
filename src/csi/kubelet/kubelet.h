// Kubelet: the kubelet of one node (Kubernetes 1.22–1.30) — runs the pods bound to
// the node (spec.nodeName), mounts their volumes through the disk driver's node
// service, reports their status, executes `kubectl exec`, and finishes their deletion.
//
//  - Volume manager (kubelet_volumes.cc): for each PVC volume of a pod the claim must
//    be Bound to a PV of diskplugin.csi.alibabacloud.com ("failed to process" otherwise,
//    a FailedMount event with the error). The claim and PV are fetched with GETs until
//    the volume is processed, then kept until the pod goes or the kubelet restarts
//    (upstream's desired state of world); the kubelet watches only its own pods
//    (spec.nodeName), its Node, the VolumeAttachments to it and the claims its pods
//    mount, with their PVs (which wake a pod waiting on them). The volume is added to
//    node.status.volumesInUse before it is mounted and removed after it is unmounted
//    and unstaged; it is mounted once the attach/detach controller lists it in
//    node.status.volumesAttached and its VolumeAttachment (csi-<sha256>) says
//    attached: NodeStageVolume at the staging path
//    (publish context = the VA's attachmentMetadata), then NodePublishVolume at
//    /var/lib/kubelet/pods/<uid>/volumes/kubernetes.io~csi/<pv>/mount. A failed RPC is
//    a FailedMount event ("MountVolume.MountDevice failed ..."/"MountVolume.SetUp failed
//    ...") and is retried with back-off (500ms doubling to 2m2s). A pod whose volumes
//    are not ready after 2m3s gets the version's timeout event (kubelet_messages.h),
//    then again every 2m13s. emptyDir, configMap, secret, projected, downwardAPI and
//    hostPath volumes are ready at once (their contents are not modelled).
//  - Containers (kubelet_sync.cc): image pull per imagePullPolicy (Pulling/Pulled
//    events, virtual durations from image_ref.h), Created/Started events; the main
//    process follows process_model.h; exits restart per restartPolicy with the
//    kubelet's back-off (immediately the first time, then 10s doubling to 5m, reset
//    after 10m of quiet): CrashLoopBackOff waiting state and BackOff events. A restart
//    gets a fresh root file system and the same volume mounts.
//  - Status (kubelet_status.cc): phase, conditions (the kubelet's own merged after the
//    others, transition times kept), hostIP(s), podIP(s), startTime, containerStatuses,
//    written with UpdateStatus as client "kubelet".
//  - Deletion: a pod with a deletionTimestamp has its containers stopped (Killing
//    "Stopping container x"; grace = deletionGracePeriodSeconds, at least 2s), then its
//    volumes unpublished (unstaged when no other pod here uses them), volumesInUse
//    updated, and the pod deleted with grace 0 and a uid precondition. A pod that
//    vanished from the API (force deletion) is killed at once and cleaned up the same way.
//  - Crash (Stop+Start): the informers, queue, back-off counters, pulls in progress and
//    timers are lost. The node survives: the container runtime (containers keep
//    running, container_runtime.h), the disk driver's mounts (NodeServer) and the
//    kubelet's pod directories (which volumes each pod has mounted — kept in
//    `pod_dirs_`, as /var/lib/kubelet/pods/<uid>/volumes is on disk). Start relists
//    the API server and reconciles.
// Init containers, probes, subPath mounts and ephemeral containers are not modelled.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "sim/engine/event_loop.h"
#include "sim/engine/status.h"
#include "sim/engine/work_queue.h"
#include "src/api/kinds_core.h"
#include "src/api/kinds_pod.h"
#include "src/api/kinds_storage.h"
#include "src/csi/component.h"
#include "src/csi/diskplugin/node_server.h"
#include "src/csi/kubelet/container_runtime.h"
#include "src/fake_apiserver/apiserver.h"
#include "src/fake_apiserver/event_recorder.h"
#include "src/fake_apiserver/informer.h"

namespace snapsim::csi {

inline constexpr std::string_view kKubelet = "kubelet";

struct KubeletOptions {
  std::string node_name;
  engine::Nanos watch_delay = 0;
  // The first three octets of the node's pod IPs ("172.20.1"); "" derives one from
  // the node name.
  std::string pod_ip_prefix;
};

// `kubectl exec` as it reaches this kubelet (and the checks kubectl makes first).
struct ExecRequest {
  std::string namespace_ = "default";
  std::string pod;
  std::string container;  // "" = the default container
  std::vector<std::string> command;
  bool tty = false;
  bool stdin_ = false;
};

struct ExecResult {
  std::string out;
  std::string err;
  int exit_code = 0;
  // False when the command never ran: `err` is kubectl's whole "error: ..." line
  // and exit_code is 1 (kubectl adds no "command terminated with exit code").
  bool started = true;
};

class Kubelet : public Component {
 public:
  Kubelet(apiserver::ApiServer& server, engine::EventLoop& loop, disk::NodeServer& plugin,
          KubeletOptions options);
  ~Kubelet() override;

  std::string_view name() const override { return kKubelet; }
  void Start() override;
  void Stop() override;
  std::vector<apiserver::Informer*> informers() override {
    return {&pod_informer_, &node_informer_, &claim_informer_, &volume_informer_, &va_informer_};
  }

  ExecResult Exec(const ExecRequest& req);

  const std::string& node_name() const { return options_.node_name; }
  kubelet::ContainerRuntime& runtime() { return runtime_; }

 private:
  // A pod volume resolved by the volume manager.
  struct CsiVolume {
    std::string name;  // the pod's volume name
    std::string pv;
    std::string handle;
    std::string unique;  // kubernetes.io/csi/<driver>^<handle>
    bool readonly = false;
    std::shared_ptr<const api::PersistentVolume> pv_obj;
  };
  struct VolumeReport {
    bool ready = true;
    std::vector<std::string> expected, unmounted, unattached, not_processed;
    std::vector<std::string> errors;
  };
  // What the pod directory on disk records for one mounted (or mounting) volume.
  struct MountRecord {
    std::string pv;
    std::string handle;
    std::string unique;
    std::string staging;
    std::string target;
  };
  struct PodDir {
    std::string namespace_;
    std::string name;
    std::map<std::string, MountRecord> volumes;  // by pod volume name
  };
  struct Backoff {
    engine::Nanos duration = 0;
    engine::Nanos last_update = 0;
  };
  // Volatile per-pod state (lost on a crash).
  struct PodWork {
    engine::Nanos wait_start = -1;
    engine::EventId mount_timer = engine::kNoEvent;
    std::map<std::string, engine::EventId> pulls;  // container -> pull completion
    std::map<std::string, Backoff> backoff;        // container -> restart back-off
    std::map<std::string, Backoff> mount_retry;    // volume -> operation back-off
    std::set<engine::EventId> timers;              // resync timers
    std::set<std::string> killing;                 // container ids sent the stop signal
    std::map<std::string, engine::Nanos> backoff_event;  // container -> last BackOff event
  };

  // Wiring (kubelet.cc).
  void EnqueuePod(const api::ObjectPtr& obj);
  // Drops a pod from node_pods_, its claims from wanted_claims_ and its processed
  // volumes (teardown reads the pod directory, not these).
  void ForgetNodePod(const api::Object& pod);
  bool IsOwnStatusWrite(const api::Object& pod) const;
  // The pod's volume is processed: its claim no longer concerns the pod.
  void StopWaitingForClaim(const api::Pod& pod, std::string_view volume);
  void EnqueueAllPods();
  // This node's pods that mount the claim ns/name (a claim or its PV changed).
  void EnqueuePodsUsingClaim(std::string_view ns, std::string_view name);
  void OnRuntimeChange(const std::string& pod_uid);
  void ResyncAfter(const std::string& uid, const std::string& key, engine::Nanos delay);
  int minor() const { return server_.config().kube_minor; }
  apiserver::RequestContext Ctx() const { return {.client = kKubelet}; }
  std::string NowRfc3339() const;
  std::string TimeRfc3339(engine::Nanos t) const;
  const api::Node* MyNode() const;

  // Pod workers (kubelet_sync.cc).
  Status SyncPod(const std::string& key);
  Status SyncRunning(const api::Pod& pod);
  Status SyncTerminating(const api::Pod& pod);
  Status SyncTerminal(const api::Pod& pod);
  Status CleanupOrphan(const std::string& uid);
  void SyncContainer(const api::Pod& pod, const api::Container& c);
  void StartContainer(const api::Pod& pod, const api::Container& c);
  void CreateAndStart(const api::Pod& pod, const api::Container& c);
  std::unique_ptr<shell::ContainerFs> BuildFs(const api::Pod& pod, const api::Container& c);
  bool InBackoff(const api::Pod& pod, const kubelet::RuntimeContainer& last,
                 engine::Nanos* remaining, engine::Nanos* current);

  // Status (kubelet_status.cc).
  api::PodStatus GenerateStatus(const api::Pod& pod, const api::PodStatus& old, bool terminal);
  api::ContainerStatus ContainerStatusFor(const api::Pod& pod, const api::Container& c);
  Status WriteStatus(const api::Pod& pod, bool terminal = false);

  // Volume manager (kubelet_volumes.cc).
  VolumeReport SetUpVolumes(const api::Pod& pod);
  Result<std::optional<CsiVolume>> ResolveVolume(const api::Pod& pod, const api::Volume& v);
  bool MountVolume(const api::Pod& pod, const CsiVolume& v);
  void MountFailed(const api::Pod& pod, const std::string& volume, const std::string& message);
  void ArmMountTimeout(const api::Pod& pod);
  void MountTimedOut(const std::string& uid, const std::string& key);
  Status TearDownVolumes(const std::string& uid);
  Status UpdateVolumesInUse();
  std::vector<std::string> DesiredVolumesInUse();
  bool ReportedInUse(const std::string& unique) const;

  apiserver::ApiServer& server_;
  engine::EventLoop& loop_;
  disk::NodeServer& plugin_;
  KubeletOptions options_;
  // The routes of the informers' selectors (watch_route.h): this node's name, and the
  // claims ("ns/name") node_pods_ wait for (mount, volume not yet processed), with how
  // many pod volumes wait for each. The claim and PV watches carry only these claims
  // (the changes that can let a waiting pod proceed), not every claim and volume.
  std::shared_ptr<apiserver::RouteValues> this_node_;
  std::shared_ptr<apiserver::RouteValues> wanted_claims_;
  apiserver::Informer pod_informer_;
  apiserver::Informer node_informer_;
  apiserver::Informer claim_informer_;
  apiserver::Informer volume_informer_;
  apiserver::Informer va_informer_;
  engine::WorkQueue queue_;
  apiserver::EventRecorder recorder_;
  bool running_ = false;

  // Volatile.
  std::map<std::string, PodWork> work_;  // by pod uid
  std::optional<std::vector<std::string>> in_use_written_;
  // The volume manager's desired state: the pod volumes resolved so far (claim and PV
  // fetched and checked), by pod uid and volume name. Upstream's populator processes a
  // pod's volumes once, GETting the claim and the PV; so does ResolveVolume.
  std::map<std::string, std::map<std::string, CsiVolume>> processed_;
  // The status manager's last write, by pod uid: the resourceVersion it produced. The
  // watch echo of that write changes nothing the kubelet does not already know, so it
  // syncs nothing; any other status-only change does (upstream's status manager puts
  // back a status someone else rewrote).
  std::map<std::string, std::string, std::less<>> own_status_versions_;
  // The informer's pods (those bound to this node), by key, with the claims ("ns/name")
  // each mounts, so a PV or claim change reaches only the pods waiting for it: a volume
  // once processed is never looked up again (as upstream's populator, which does not
  // watch claims at all), so its claim leaves wanted_claims_ (StopWaitingForClaim).
  struct PodClaim {
    std::string volume;
    std::string claim;     // "ns/name"
    bool waiting = true;   // not yet processed: counted in wanted_claims_
  };
  std::map<std::string, std::vector<PodClaim>> node_pods_;

  // The node's (survive Stop/Start).
  kubelet::ContainerRuntime runtime_;
  std::map<std::string, PodDir> pod_dirs_;  // by pod uid
};

}  // namespace snapsim::csi
