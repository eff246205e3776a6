// kube-apiserver's printers for the storage kinds: PersistentVolume, PersistentVolumeClaim,
// StorageClass, VolumeAttachment, CSINode and CSIDriver.
//
// Version history reproduced (server minor version):
//   PV/PVC: VOLUMEATTRIBUTESCLASS (after STORAGECLASS) from 1.29, printed for every object
//           ("<unset>" when the field is absent) whatever the feature gate; VOLUMEMODE (wide).
//   CSIDriver: STORAGECAPACITY, TOKENREQUESTS, REQUIRESREPUBLISH from 1.21 (their feature gates
//           CSIStorageCapacity / CSIServiceAccountToken became default-on in 1.21).
#include <fmt/format.h>

#include <string>

#include "sim/kubectl/columns_util.h"
#include "src/api/go_format.h"

namespace snapsim::kubectl::columns_internal {
namespace {

constexpr std::string_view kBetaClassAnnotation = "volume.beta.kubernetes.io/storage-class";

bool HasDeletionTimestamp(const api::Value& o) {
  const api::Value* d = Find(o, {"metadata", "deletionTimestamp"});
  return d != nullptr && !d->is_null();
}

std::string VolumeAttributesClass(const api::Value& o) {
  return OptStr(o, {"spec", "volumeAttributesClassName"}).value_or("<unset>");
}

// ---- PersistentVolume ----------------------------------------------------------------

std::vector<TableColumn> PVColumns(int minor) {
  std::vector<TableColumn> cols = {Col("Name", "string"),         Col("Capacity", "string"),
                                   Col("Access Modes", "string"), Col("Reclaim Policy", "string"),
                                   Col("Status", "string"),       Col("Claim", "string"),
                                   Col("StorageClass", "string")};
  if (minor >= 29) cols.push_back(Col("VolumeAttributesClass", "string"));
  cols.push_back(Col("Reason", "string"));
  cols.push_back(Col("Age", "string"));
  cols.push_back(Col("VolumeMode", "string", 1));
  return cols;
}

Result<Cells> PVRow(const api::Value& o, const RowContext& ctx) {
  std::string claim;
  if (const api::Value* ref = Find(o, {"spec", "claimRef"}); ref != nullptr && ref->is_object()) {
    claim = Str(*ref, {"namespace"}) + "/" + Str(*ref, {"name"});
  }
  std::string phase = HasDeletionTimestamp(o) ? "Terminating" : Str(o, {"status", "phase"});
  std::string cls = Str(o, {"spec", "storageClassName"});
  if (std::optional<std::string> beta =
          OptStr(o, {"metadata", "annotations", kBetaClassAnnotation})) {
    cls = *beta;
  }
  SNAPSIM_ASSIGN_OR_RETURN(std::string age, Age(o, ctx));
  Cells cells = {Str(o, {"metadata", "name"}),
                 QuantityString(Find(o, {"spec", "capacity", "storage"})),
                 AccessModes(Find(o, {"spec", "accessModes"})),
                 Str(o, {"spec", "persistentVolumeReclaimPolicy"}),
                 phase,
                 claim,
                 cls};
  if (ctx.kube_minor >= 29) cells.emplace_back(VolumeAttributesClass(o));
  cells.emplace_back(Str(o, {"status", "reason"}));
  cells.emplace_back(std::move(age));
  cells.emplace_back(OptStr(o, {"spec", "volumeMode"}).value_or("<unset>"));
  return cells;
}

// ---- PersistentVolumeClaim -----------------------------------------------------------

std::vector<TableColumn> PVCColumns(int minor) {
  std::vector<TableColumn> cols = {Col("Name", "string"),         Col("Status", "string"),
                                   Col("Volume", "string"),       Col("Capacity", "string"),
                                   Col("Access Modes", "string"), Col("StorageClass", "string")};
  if (minor >= 29) cols.push_back(Col("VolumeAttributesClass", "string"));
  cols.push_back(Col("Age", "string"));
  cols.push_back(Col("VolumeMode", "string", 1));
  return cols;
}

Result<Cells> PVCRow(const api::Value& o, const RowContext& ctx) {
  std::string phase = HasDeletionTimestamp(o) ? "Terminating" : Str(o, {"status", "phase"});
  std::string volume = Str(o, {"spec", "volumeName"});
  std::string capacity;
  std::string modes;
  if (!volume.empty()) {
    modes = AccessModes(Find(o, {"status", "accessModes"}));
    capacity = QuantityString(Find(o, {"status", "capacity", "storage"}));
  }
  std::string cls = OptStr(o, {"spec", "storageClassName"}).value_or("");
  if (std::optional<std::string> beta =
          OptStr(o, {"metadata", "annotations", kBetaClassAnnotation})) {
    cls = *beta;
  }
  SNAPSIM_ASSIGN_OR_RETURN(std::string age, Age(o, ctx));
  Cells cells = {Str(o, {"metadata", "name"}), phase, volume, capacity, modes, cls};
  if (ctx.kube_minor >= 29) cells.emplace_back(VolumeAttributesClass(o));
  cells.emplace_back(std::move(age));
  cells.emplace_back(OptStr(o, {"spec", "volumeMode"}).value_or("<unset>"));
  return cells;
}

// ---- StorageClass --------------------------------------------------------------------

std::vector<TableColumn> StorageClassColumns(int) {
  return {Col("Name", "string"),
          Col("Provisioner", "string"),
          Col("ReclaimPolicy", "string"),
          Col("VolumeBindingMode", "string"),
          Col("AllowVolumeExpansion", "string"),
          Col("Age", "string")};
}

Result<Cells> StorageClassRow(const api::Value& o, const RowContext& ctx) {
  std::string name = Str(o, {"metadata", "name"});
  if (Str(o, {"metadata", "annotations", "storageclass.kubernetes.io/is-default-class"}) ==
          "true" ||
      Str(o, {"metadata", "annotations", "storageclass.beta.kubernetes.io/is-default-class"}) ==
          "true") {
    name += " (default)";
  }
  SNAPSIM_ASSIGN_OR_RETURN(std::string age, Age(o, ctx));
  return Cells{name,
               Str(o, {"provisioner"}),
               OptStr(o, {"reclaimPolicy"}).value_or("Delete"),
               OptStr(o, {"volumeBindingMode"}).value_or("Immediate"),
               OptBool(o, {"allowVolumeExpansion"}).value_or(false),
               std::move(age)};
}

// ---- VolumeAttachment ----------------------------------------------------------------

std::vector<TableColumn> VolumeAttachmentColumns(int) {
  return {Col("Name", "string"), Col("Attacher", "string"),  Col("PV", "string"),
          Col("Node", "string"), Col("Attached", "boolean"), Col("Age", "string")};
}

Result<Cells> VolumeAttachmentRow(const api::Value& o, const RowContext& ctx) {
  SNAPSIM_ASSIGN_OR_RETURN(std::string age, Age(o, ctx));
  return Cells{Str(o, {"metadata", "name"}),
               Str(o, {"spec", "attacher"}),
               Str(o, {"spec", "source", "persistentVolumeName"}),
               Str(o, {"spec", "nodeName"}),
               OptBool(o, {"status", "attached"}).value_or(false),
               std::move(age)};
}

// ---- CSINode, CSIDriver --------------------------------------------------------------

std::vector<TableColumn> CSINodeColumns(int) {
  return {Col("Name", "string"), Col("Drivers", "integer"), Col("Age", "string")};
}

Result<Cells> CSINodeRow(const api::Value& o, const RowContext& ctx) {
  SNAPSIM_ASSIGN_OR_RETURN(std::string age, Age(o, ctx));
  return Cells{Str(o, {"metadata", "name"}), Count(o, {"spec", "drivers"}), std::move(age)};
}

std::vector<TableColumn> CSIDriverColumns(int minor) {
  std::vector<TableColumn> cols = {Col("Name", "string"), Col("AttachRequired", "boolean"),
                                   Col("PodInfoOnMount", "boolean")};
  if (minor >= 21) {
    cols.push_back(Col("StorageCapacity", "boolean"));
    cols.push_back(Col("TokenRequests", "string"));
    cols.push_back(Col("RequiresRepublish", "boolean"));
  }
  cols.push_back(Col("Modes", "string"));
  cols.push_back(Col("Age", "string"));
  return cols;
}

Result<Cells> CSIDriverRow(const api::Value& o, const RowContext& ctx) {
  std::string modes;
  for (const api::Value& m : Arr(o, {"spec", "volumeLifecycleModes"})) {
    if (!modes.empty()) modes += ',';
    modes += m.is_string() ? m.as_string() : api::GoValue(m);
  }
  if (modes.empty()) modes = "<none>";
  Cells cells = {Str(o, {"metadata", "name"}),
                 OptBool(o, {"spec", "attachRequired"}).value_or(true),
                 OptBool(o, {"spec", "podInfoOnMount"}).value_or(false)};
  if (ctx.kube_minor >= 21) {
    cells.emplace_back(OptBool(o, {"spec", "storageCapacity"}).value_or(false));
    std::string tokens = "<unset>";
    if (const api::Value* tr = Find(o, {"spec", "tokenRequests"});
        tr != nullptr && tr->is_array()) {
      tokens.clear();
      for (const api::Value& t : tr->as_array()) {
        if (!tokens.empty()) tokens += ',';
        tokens += Str(t, {"audience"});
      }
    }
    cells.emplace_back(tokens);
    cells.emplace_back(OptBool(o, {"spec", "requiresRepublish"}).value_or(false));
  }
  SNAPSIM_ASSIGN_OR_RETURN(std::string age, Age(o, ctx));
  cells.emplace_back(modes);
  cells.emplace_back(std::move(age));
  return cells;
}

const KindPrinter kStoragePrinters[] = {
    {"PersistentVolume", true, PVColumns, PVRow},
    {"PersistentVolumeClaim", false, PVCColumns, PVCRow},
    {"StorageClass", true, StorageClassColumns, StorageClassRow},
    {"VolumeAttachment", true, VolumeAttachmentColumns, VolumeAttachmentRow},
    {"CSINode", true, CSINodeColumns, CSINodeRow},
    {"CSIDriver", true, CSIDriverColumns, CSIDriverRow},
};

}  // namespace

std::span<const KindPrinter> StoragePrinters() { return kStoragePrinters; }

}  // namespace snapsim::kubectl::columns_internal
