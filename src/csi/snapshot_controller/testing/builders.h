// Builders for the snapshot controller's table tests (see framework.h): one
// object each, configured by chained modifiers that return *this, so that a
// table row reads like the objects it describes:
//   Vs("snap1").Pvc("claim1").Class("gold").Finalizers({kAsSource}).Bound("c1").Ready(true)
// Strings may hold the placeholders "{uid:<vs>}" / "{pvcuid:<claim>}", which the
// framework replaces with the uids the API server assigned. Test-only, but
// without gtest (builders.cc): the bench (bench/table_case_bench.cc) uses them too.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "src/api/kinds_core.h"
#include "src/api/kinds_snapshot.h"
#include "src/api/kinds_storage.h"
#include "src/csi/util/snapshot_names.h"

namespace snapsim::csi::testing {

inline constexpr std::string_view kDriver = "diskplugin.csi.alibabacloud.com";
inline constexpr std::string_view kOtherDriver = "nasplugin.csi.alibabacloud.com";
inline constexpr std::string_view kAsSource = kVolumeSnapshotAsSourceFinalizer;
inline constexpr std::string_view kBound = kVolumeSnapshotBoundFinalizer;
inline constexpr std::string_view kContentBound = kVolumeSnapshotContentFinalizer;
inline constexpr std::string_view kPvcSource = kPvcAsSourceFinalizer;
inline constexpr std::string_view kBeingDeleted = kBeingDeletedAnnotation;
// Virtual time 0 of every row, and the same instant in Unix nanoseconds.
inline constexpr std::string_view kTime0 = "2026-01-01T00:00:00Z";
inline constexpr std::int64_t kTime0Nanos = 1767225600LL * 1000000000LL;

// ---- failures: the builders and the fixture report through these --------------

// Counts the failure and hands it to the reporter: by default a line on stderr;
// the gtest framework (framework_test.cc) installs one that calls ADD_FAILURE().
void ReportFailure(std::string_view message);
void SetFailureReporter(std::function<void(std::string_view)> reporter);
// Failures reported since the process started.
int FailureCount();

// ---- builders: each holds one object; modifiers return *this ---------------

class VsClass {
 public:
  // Driver kDriver, deletionPolicy Delete.
  explicit VsClass(std::string name);
  VsClass& Driver(std::string_view d);
  VsClass& Policy(std::string_view p);
  VsClass& Default(std::string_view value = "true");  // the is-default-class annotation
  VsClass& Param(std::string key, std::string value);
  std::shared_ptr<api::VolumeSnapshotClass> obj;
};

// gold (Delete) and silver (Retain), both for kDriver: every row's classes
// unless it names its own.
std::vector<VsClass> StandardClasses();

class Pvc {
 public:
  // 1Gi ReadWriteOnce, phase Pending.
  explicit Pvc(std::string name, std::string ns = "default");
  Pvc& Bound(std::string pv);  // spec.volumeName + phase Bound
  Pvc& Phase(std::string_view phase);
  Pvc& Finalizer(std::string_view f);
  Pvc& Deleting();
  // spec.dataSource {snapshot.storage.k8s.io, VolumeSnapshot, vs}.
  Pvc& RestoresFrom(std::string vs);
  std::shared_ptr<api::PersistentVolumeClaim> obj;
};

class Pv {
 public:
  // 1Gi, CSI kDriver with handle "disk-<name>", claimRef default/<claim> (no uid).
  Pv(std::string name, std::string claim);
  Pv& Handle(std::string h);
  Pv& Driver(std::string_view d);
  Pv& NotCsi();  // a hostPath volume
  Pv& Mode(std::string_view m);
  Pv& ClaimRef(std::string ns, std::string name, std::string uid = "");
  std::shared_ptr<api::PersistentVolume> obj;
};

class Vs {
 public:
  explicit Vs(std::string name, std::string ns = "default");
  Vs& Pvc(std::string claim);        // dynamic source
  Vs& Content(std::string content);  // static source
  Vs& Class(std::string c);
  Vs& Finalizers(std::vector<std::string_view> f);  // replaces the list
  Vs& Deleting();
  // Status fields (each makes status non-nil).
  Vs& EmptyStatus();
  Vs& Bound(std::string content);
  Vs& Ready(bool r);
  Vs& Created(std::string rfc3339);
  Vs& Size(std::string_view quantity);
  Vs& Error(std::string message);
  std::shared_ptr<api::VolumeSnapshot> obj;
};

class Vsc {
 public:
  // Driver kDriver, Delete, no source, ref unset.
  explicit Vsc(std::string name);
  // volumeSnapshotRef {namespace, name, uid}, as a user writes it.
  Vsc& Ref(std::string vs, std::string uid = "", std::string ns = "default");
  // ... plus kind VolumeSnapshot and apiVersion snapshot.storage.k8s.io/v1, as the controller
  // writes it.
  Vsc& FullRef(std::string vs, std::string uid, std::string ns = "default");
  Vsc& VolumeHandle(std::string h);
  Vsc& SnapshotHandle(std::string h);
  Vsc& Policy(std::string_view p);
  Vsc& Driver(std::string_view d);
  Vsc& Class(std::string c);
  Vsc& NoClass();
  Vsc& Mode(std::string_view m);
  Vsc& Annotation(std::string key, std::string value);
  Vsc& Finalizers(std::vector<std::string_view> f);
  Vsc& Deleting();
  // Status fields (each makes status non-nil).
  Vsc& EmptyStatus();
  Vsc& Handle(std::string h);
  Vsc& Ready(bool r);
  Vsc& CreatedNanos(std::int64_t unix_nanos);
  Vsc& RestoreSize(std::int64_t bytes);
  Vsc& Error(std::string message);
  std::shared_ptr<api::VolumeSnapshotContent> obj;
};

// The API server's stale-resourceVersion conflict for VolumeSnapshot `name`:
// "Operation cannot be fulfilled on volumesnapshots.snapshot.storage.k8s.io ...".
std::string ConflictVs(std::string_view name);

// The content the controller creates for dynamic snapshot `vs` in "default":
// "snapcontent-{uid:vs}", full ref, volumeHandle, class, policy, driver kDriver,
// sourceVolumeMode Filesystem (the PV default), no status, no finalizer.
Vsc DynamicContent(std::string vs, std::string handle, std::string cls = "gold",
                   std::string_view policy = "Delete");
// A pre-provisioned content for `vs`: ref without uid, snapshotHandle, Delete, class unset.
Vsc StaticContent(std::string name, std::string vs, std::string handle);

}  // namespace snapsim::csi::testing
