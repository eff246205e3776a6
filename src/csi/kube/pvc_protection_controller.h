// PvcProtectionController: kube-controller-manager's pvc-protection controller
// (pkg/controller/volume/pvcprotection).
//
// A claim being deleted keeps its kubernetes.io/pvc-protection finalizer while
// a scheduled pod (spec.nodeName set) lists it among its volumes — whatever the
// pod's phase, as upstream: only the pod's removal frees the claim. Not finding
// such a pod in its cache, the controller confirms with a live list of the
// namespace's pods before it removes the finalizer. A live claim missing the
// finalizer gets it back (claims created before the admission plugin).
//
// Wiring here and in pvc_protection_controller.cc; the sync in
// pvc_protection_sync.cc.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sim/engine/status.h"
#include "sim/engine/work_queue.h"
#include "src/api/kinds_pod.h"
#include "src/api/kinds_storage.h"
#include "src/csi/component.h"
#include "src/csi/kube/controller_options.h"
#include "src/csi/kube/kube_names.h"
#include "src/fake_apiserver/apiserver.h"
#include "src/fake_apiserver/informer.h"

namespace snapsim::csi::kube {

class PvcProtectionController : public Component {
 public:
  explicit PvcProtectionController(apiserver::ApiServer& server, ControllerOptions options = {});
  ~PvcProtectionController() override;

  std::string_view name() const override { return kControllerManager; }
  void Start() override;
  void Stop() override;
  std::vector<apiserver::Informer*> informers() override {
    return {&claim_informer_, &pod_informer_};
  }

 private:
  void OnClaim(const api::ObjectPtr& obj);
  void OnPod(const api::ObjectPtr& old_obj, const api::ObjectPtr& obj, bool deleted);
  // pvc_protection_sync.cc
  Status SyncClaim(const std::string& key);
  Result<bool> IsBeingUsed(const api::PersistentVolumeClaim& claim);

  apiserver::ApiServer& server_;
  apiserver::Informer claim_informer_;
  apiserver::Informer pod_informer_;
  engine::WorkQueue queue_;
  bool running_ = false;
};

}  // namespace snapsim::csi::kube
