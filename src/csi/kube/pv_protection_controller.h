// PvProtectionController: kube-controller-manager's pv-protection controller
// (pkg/controller/volume/pvprotection). A volume being deleted keeps its
// kubernetes.io/pv-protection finalizer while its status phase is Bound; once
// it is not, the finalizer goes and the deletion completes. A live volume
// missing the finalizer gets it back.
//
// Wiring here and in pv_protection_controller.cc; the sync in pv_protection_sync.cc.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sim/engine/status.h"
#include "sim/engine/work_queue.h"
#include "src/api/kinds_storage.h"
#include "src/csi/component.h"
#include "src/csi/kube/controller_options.h"
#include "src/csi/kube/kube_names.h"
#include "src/fake_apiserver/apiserver.h"
#include "src/fake_apiserver/informer.h"

namespace snapsim::csi::kube {

class PvProtectionController : public Component {
 public:
  explicit PvProtectionController(apiserver::ApiServer& server, ControllerOptions options = {});
  ~PvProtectionController() override;

  std::string_view name() const override { return kControllerManager; }
  void Start() override;
  void Stop() override;
  std::vector<apiserver::Informer*> informers() override { return {&volume_informer_}; }

 private:
  Status SyncVolume(const std::string& name);  // pv_protection_sync.cc

  apiserver::ApiServer& server_;
  apiserver::Informer volume_informer_;
  engine::WorkQueue queue_;
  bool running_ = false;
};

}  // namespace snapsim::csi::kube
