// ExternalAttacher: the csi-attacher sidecar (kubernetes-csi/external-attacher,
// csi_handler.go) for diskplugin.csi.alibabacloud.com.
//
// What it does, as upstream does:
//  - watches VolumeAttachments whose spec.attacher is the driver; one that is
//    not being deleted and not yet status.attached is attached:
//      1. the PV (spec.source.persistentVolumeName) must exist and not be
//         being deleted; it gets the finalizer external-attacher/<driver>;
//      2. the capability (volumeMode, fsType default ext4, mountOptions, access
//         mode), readonly (only with PUBLISH_READONLY), volume_context and the
//         node id — CSINode spec.drivers[driver].nodeID of spec.nodeName — are
//         resolved (`csinode.storage.k8s.io "n" not found`, `CSINode n does
//         not contain driver d`);
//      3. the VA gets the same finalizer and the annotation
//         csi.alpha.kubernetes.io/node-id (one merge patch);
//      4. ControllerPublishVolume (deadline `timeout`, 15s as --timeout);
//      5. success: status {attached: true, attachmentMetadata: publish_context,
//         attachError: null} (status subresource); any failure of 1-5:
//         status.attachError {time, message: the error text, e.g. "rpc error:
//         code = ... desc = ..."} and a retry with exponential backoff
//         (1s .. 5m, as --retry-interval-start/max).
//  - a VA with a deletionTimestamp and the finalizer is detached:
//    ControllerUnpublishVolume (node id from CSINode, else the annotation);
//    success: status attached false (status patch), then the finalizer goes;
//    failure: status.detachError and backoff.
//  - a PV being deleted loses the finalizer once no VolumeAttachment names it.
//  - VA updates that only change attachError/detachError are not re-queued
//    (shouldEnqueueVAChange), so the backoff holds.
// Writes are merge patches as client "csi-attacher". RPCs are asynchronous: a
// VA with an RPC in flight is not processed again until the reply (a change
// meanwhile re-queues it then). Stop() drops informers, queues and in-flight
// RPCs; replies of an earlier life are ignored (generation counter).
// Not modelled: ReconcileVA/ListVolumes (the driver lacks LIST_VOLUMES), CSI
// migration, inline volumes, controllerPublishSecretRef secrets.
//
// Wiring in external_attacher.cc; the sync functions in external_attacher_sync.cc.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sim/engine/status.h"
#include "sim/engine/work_queue.h"
#include "src/api/kinds_storage.h"
#include "src/csi/component.h"
#include "src/csi/diskplugin/controller_server.h"
#include "src/fake_apiserver/apiserver.h"
#include "src/fake_apiserver/informer.h"

namespace snapsim::csi::attacher {

inline constexpr std::string_view kAttacherClient = "csi-attacher";

struct AttacherOptions {
  std::string driver_name = std::string(disk::kDriverName);
  engine::Nanos watch_delay = 0;
  engine::Nanos timeout = 15 * engine::kSecond;  // --timeout: the RPC deadline
  engine::Nanos retry_interval_start = engine::kSecond;
  engine::Nanos retry_interval_max = 5 * engine::kMinute;
  engine::Nanos resync_period = 10 * engine::kMinute;  // --resync (informer resync, background)
};

class ExternalAttacher : public Component {
 public:
  ExternalAttacher(apiserver::ApiServer& server, disk::ControllerServer& driver, AttacherOptions options = {});
  ~ExternalAttacher() override;

  std::string_view name() const override { return kAttacherClient; }
  void Start() override;
  void Stop() override;
  std::vector<apiserver::Informer*> informers() override;

  // RPCs issued so far (ControllerPublish + ControllerUnpublish), for tests.
  int rpcs() const { return rpcs_; }

 private:
  struct InFlight {
    std::uint64_t token = 0;
    engine::EventId deadline = engine::kNoEvent;
    bool dirty = false;  // the VA was queued while the RPC ran
  };

  // Wiring (external_attacher.cc).
  void OnVaUpdate(const api::ObjectPtr& old_obj, const api::ObjectPtr& new_obj);
  apiserver::RequestContext Ctx() const { return {.client = kAttacherClient}; }
  // Registers an RPC for `va`; returns its token. The deadline timer calls
  // `on_timeout` if no reply came first.
  std::uint64_t BeginRpc(const std::string& va, std::function<void()> on_timeout);
  // True iff the reply with `token` for `va` is still awaited.
  bool Awaited(const std::string& va, std::uint64_t token) const;
  // The reply has been handled: forgets the RPC and re-queues the VA if it changed meanwhile.
  void EndRpc(const std::string& va);

  // Sync (external_attacher_sync.cc).
  Status SyncVa(const std::string& name);
  Status SyncPv(const std::string& name);
  Status SyncAttach(std::shared_ptr<const api::VolumeAttachment> va);
  Status SyncDetach(std::shared_ptr<const api::VolumeAttachment> va);
  void OnPublished(const std::string& va_name, Result<std::map<std::string, std::string>> result);
  void OnUnpublished(const std::string& va_name, Status result);
  // Fails the VA's attach or detach: saves the error in its status and retries with backoff.
  void FailAttach(const std::string& va_name, const std::string& message);
  void FailDetach(const std::string& va_name, const std::string& message);
  Status SaveVolumeError(const std::string& va_name, std::string_view field, const std::string& message);
  Result<std::string> NodeId(const std::string& node_name, const api::VolumeAttachment* va) const;
  Status AddPvFinalizer(const api::PersistentVolume& pv);
  Status MarkAttached(const std::string& va_name, const std::map<std::string, std::string>& metadata);
  Status MarkDetached(const std::string& va_name);
  bool Supports(disk::ControllerCapability cap) const;
  // Re-queues the VA after its next backoff step (failures are counted here:
  // the queue forgets a key whenever a sync returns OK, even with an RPC pending).
  void Retry(const std::string& va_name);
  void Succeeded(const std::string& va_name);

  apiserver::ApiServer& server_;
  disk::ControllerServer& driver_;
  AttacherOptions options_;
  std::string finalizer_;
  apiserver::Informer va_informer_;
  apiserver::Informer pv_informer_;
  apiserver::Informer csinode_informer_;
  engine::WorkQueue va_queue_;
  engine::WorkQueue pv_queue_;
  std::map<std::string, InFlight> in_flight_;  // VA name -> the RPC awaited
  std::map<std::string, int> failures_;        // VA name -> consecutive failures
  std::shared_ptr<int> life_ = std::make_shared<int>(0);  // replies after destruction see it expired
  std::uint64_t generation_ = 0;               // bumped by Stop(): earlier replies are ignored
  std::uint64_t next_token_ = 0;
  int rpcs_ = 0;
  bool running_ = false;
};

}  // namespace snapsim::csi::attacher
