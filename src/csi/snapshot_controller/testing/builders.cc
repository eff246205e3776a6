// Builders of the snapshot controller's table tests (builders.h). No gtest:
// shared by the test binary and bench/table_case_bench.cc.
#include "src/csi/snapshot_controller/testing/builders.h"

#include <fmt/format.h>

#include <cstdio>
#include <utility>

namespace snapsim::csi::testing {
namespace {

// The deletionTimestamp a builder's Deleting() sets; Seed() turns it into a real deletion.
constexpr std::string_view kDeletingMarker = "2026-01-01T00:00:00Z";

api::Quantity Q(std::string_view s) {
  auto q = api::Quantity::Parse(s);
  if (!q.ok()) {
    ReportFailure(fmt::format("bad quantity {}", s));
    return {};
  }
  return *q;
}

std::function<void(std::string_view)>& Reporter() {
  static std::function<void(std::string_view)> reporter = [](std::string_view message) {
    std::fprintf(stderr, "table-test failure: %.*s\n", static_cast<int>(message.size()),
                 message.data());
  };
  return reporter;
}

int& Failures() {
  static int failures = 0;
  return failures;
}

}  // namespace

// ---- failures -------------------------------------------------------------------

void ReportFailure(std::string_view message) {
  ++Failures();
  Reporter()(message);
}
void SetFailureReporter(std::function<void(std::string_view)> reporter) {
  Reporter() = std::move(reporter);
}
int FailureCount() { return Failures(); }

// ---- builders ----------------------------------------------------------------

VsClass::VsClass(std::string name) : obj(std::make_shared<api::VolumeSnapshotClass>()) {
  obj->metadata.name = std::move(name);
  obj->driver = std::string(kDriver);
  obj->deletion_policy = "Delete";
}
VsClass& VsClass::Driver(std::string_view d) {
  obj->driver = std::string(d);
  return *this;
}
VsClass& VsClass::Policy(std::string_view p) {
  obj->deletion_policy = std::string(p);
  return *this;
}
VsClass& VsClass::Default(std::string_view value) {
  obj->metadata.annotations[std::string(kIsDefaultSnapshotClassAnnotation)] = std::string(value);
  return *this;
}
VsClass& VsClass::Param(std::string key, std::string value) {
  obj->parameters[std::move(key)] = std::move(value);
  return *this;
}

std::vector<VsClass> StandardClasses() {
  return {VsClass("gold"), VsClass("silver").Policy("Retain")};
}

Pvc::Pvc(std::string name, std::string ns) : obj(std::make_shared<api::PersistentVolumeClaim>()) {
  obj->metadata.name = std::move(name);
  obj->metadata.namespace_ = std::move(ns);
  obj->spec.access_modes = {"ReadWriteOnce"};
  obj->spec.resources.requests["storage"] = Q("1Gi");
  obj->status.phase = "Pending";
}
Pvc& Pvc::Bound(std::string pv) {
  obj->spec.volume_name = std::move(pv);
  obj->status.phase = "Bound";
  return *this;
}
Pvc& Pvc::Phase(std::string_view phase) {
  obj->status.phase = std::string(phase);
  return *this;
}
Pvc& Pvc::Finalizer(std::string_view f) {
  obj->metadata.AddFinalizer(f);
  return *this;
}
Pvc& Pvc::Deleting() {
  obj->metadata.deletion_timestamp = std::string(kDeletingMarker);
  return *this;
}
Pvc& Pvc::RestoresFrom(std::string vs) {
  obj->spec.data_source =
      api::TypedLocalObjectReference{std::string(kSnapshotGroup), "VolumeSnapshot", std::move(vs)};
  return *this;
}

Pv::Pv(std::string name, std::string claim) : obj(std::make_shared<api::PersistentVolume>()) {
  obj->metadata.name = name;
  obj->spec.capacity["storage"] = Q("1Gi");
  obj->spec.access_modes = {"ReadWriteOnce"};
  obj->spec.persistent_volume_reclaim_policy = "Delete";
  obj->spec.csi = api::CSIPersistentVolumeSource{};
  obj->spec.csi->driver = std::string(kDriver);
  obj->spec.csi->volume_handle = "disk-" + name;
  ClaimRef("default", std::move(claim));
}
Pv& Pv::Handle(std::string h) {
  obj->spec.csi->volume_handle = std::move(h);
  return *this;
}
Pv& Pv::Driver(std::string_view d) {
  obj->spec.csi->driver = std::string(d);
  return *this;
}
Pv& Pv::NotCsi() {
  obj->spec.csi.reset();
  obj->spec.host_path = api::Value::EmptyObject();
  obj->spec.host_path["path"] = "/mnt/data";
  return *this;
}
Pv& Pv::Mode(std::string_view m) {
  obj->spec.volume_mode = std::string(m);
  return *this;
}
Pv& Pv::ClaimRef(std::string ns, std::string name, std::string uid) {
  api::ObjectReference ref;
  ref.api_version = "v1";
  ref.kind = "PersistentVolumeClaim";
  ref.namespace_ = std::move(ns);
  ref.name = std::move(name);
  ref.uid = std::move(uid);
  obj->spec.claim_ref = ref;
  return *this;
}

Vs::Vs(std::string name, std::string ns) : obj(std::make_shared<api::VolumeSnapshot>()) {
  obj->metadata.name = std::move(name);
  obj->metadata.namespace_ = std::move(ns);
}
Vs& Vs::Pvc(std::string claim) {
  obj->spec.source.persistent_volume_claim_name = std::move(claim);
  return *this;
}
Vs& Vs::Content(std::string content) {
  obj->spec.source.volume_snapshot_content_name = std::move(content);
  return *this;
}
Vs& Vs::Class(std::string c) {
  obj->spec.volume_snapshot_class_name = std::move(c);
  return *this;
}
Vs& Vs::Finalizers(std::vector<std::string_view> f) {
  obj->metadata.finalizers.assign(f.begin(), f.end());
  return *this;
}
Vs& Vs::Deleting() {
  obj->metadata.deletion_timestamp = std::string(kDeletingMarker);
  return *this;
}
Vs& Vs::EmptyStatus() {
  if (!obj->status) obj->status.emplace();
  return *this;
}
Vs& Vs::Bound(std::string content) {
  EmptyStatus();
  obj->status->bound_volume_snapshot_content_name = std::move(content);
  return *this;
}
Vs& Vs::Ready(bool r) {
  EmptyStatus();
  obj->status->ready_to_use = r;
  return *this;
}
Vs& Vs::Created(std::string rfc3339) {
  EmptyStatus();
  obj->status->creation_time = std::move(rfc3339);
  return *this;
}
Vs& Vs::Size(std::string_view quantity) {
  EmptyStatus();
  obj->status->restore_size = Q(quantity);
  return *this;
}
Vs& Vs::Error(std::string message) {
  EmptyStatus();
  obj->status->error = api::VolumeSnapshotError{std::string(kTime0), std::move(message)};
  return *this;
}

Vsc::Vsc(std::string name) : obj(std::make_shared<api::VolumeSnapshotContent>()) {
  obj->metadata.name = std::move(name);
  obj->spec.driver = std::string(kDriver);
  obj->spec.deletion_policy = "Delete";
}
Vsc& Vsc::Ref(std::string vs, std::string uid, std::string ns) {
  auto& ref = obj->spec.volume_snapshot_ref;
  ref.name = std::move(vs);
  ref.namespace_ = std::move(ns);
  ref.uid = std::move(uid);
  return *this;
}
Vsc& Vsc::FullRef(std::string vs, std::string uid, std::string ns) {
  Ref(std::move(vs), std::move(uid), std::move(ns));
  obj->spec.volume_snapshot_ref.kind = "VolumeSnapshot";
  obj->spec.volume_snapshot_ref.api_version = "snapshot.storage.k8s.io/v1";
  return *this;
}
Vsc& Vsc::VolumeHandle(std::string h) {
  obj->spec.source.volume_handle = std::move(h);
  return *this;
}
Vsc& Vsc::SnapshotHandle(std::string h) {
  obj->spec.source.snapshot_handle = std::move(h);
  return *this;
}
Vsc& Vsc::Policy(std::string_view p) {
  obj->spec.deletion_policy = std::string(p);
  return *this;
}
Vsc& Vsc::Driver(std::string_view d) {
  obj->spec.driver = std::string(d);
  return *this;
}
Vsc& Vsc::Class(std::string c) {
  obj->spec.volume_snapshot_class_name = std::move(c);
  return *this;
}
Vsc& Vsc::NoClass() {
  obj->spec.volume_snapshot_class_name.reset();
  return *this;
}
Vsc& Vsc::Mode(std::string_view m) {
  obj->spec.source_volume_mode = std::string(m);
  return *this;
}
Vsc& Vsc::Annotation(std::string key, std::string value) {
  obj->metadata.annotations[std::move(key)] = std::move(value);
  return *this;
}
Vsc& Vsc::Finalizers(std::vector<std::string_view> f) {
  obj->metadata.finalizers.assign(f.begin(), f.end());
  return *this;
}
Vsc& Vsc::Deleting() {
  obj->metadata.deletion_timestamp = std::string(kDeletingMarker);
  return *this;
}
Vsc& Vsc::EmptyStatus() {
  if (!obj->status) obj->status.emplace();
  return *this;
}
Vsc& Vsc::Handle(std::string h) {
  EmptyStatus();
  obj->status->snapshot_handle = std::move(h);
  return *this;
}
Vsc& Vsc::Ready(bool r) {
  EmptyStatus();
  obj->status->ready_to_use = r;
  return *this;
}
Vsc& Vsc::CreatedNanos(std::int64_t unix_nanos) {
  EmptyStatus();
  obj->status->creation_time = unix_nanos;
  return *this;
}
Vsc& Vsc::RestoreSize(std::int64_t bytes) {
  EmptyStatus();
  obj->status->restore_size = bytes;
  return *this;
}
Vsc& Vsc::Error(std::string message) {
  EmptyStatus();
  obj->status->error = api::VolumeSnapshotError{std::string(kTime0), std::move(message)};
  return *this;
}

std::string ConflictVs(std::string_view name) {
  return fmt::format(
      "Operation cannot be fulfilled on volumesnapshots.snapshot.storage.k8s.io \"{}\": the "
      "object has been modified; please apply your changes to the latest version and try again",
      name);
}

Vsc DynamicContent(std::string vs, std::string handle, std::string cls, std::string_view policy) {
  Vsc c("snapcontent-{uid:" + vs + "}");
  c.FullRef(vs, "{uid:" + vs + "}")
      .VolumeHandle(std::move(handle))
      .Class(std::move(cls))
      .Policy(policy)
      .Mode("Filesystem");
  return c;
}

Vsc StaticContent(std::string name, std::string vs, std::string handle) {
  Vsc c(std::move(name));
  c.Ref(std::move(vs)).SnapshotHandle(std::move(handle));
  return c;
}

}  // namespace snapsim::csi::testing
