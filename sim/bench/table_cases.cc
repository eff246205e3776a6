#include "sim/bench/table_cases.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "src/csi/snapshot_controller/testing/fixture.h"
#include "src/csi/snapshotter_sidecar/testing/fixture.h"

namespace snapsim::bench {
namespace {

namespace ct = csi::testing;
namespace st = csi::sidecar_testing;

using Clock = std::chrono::steady_clock;

// ---- the timed calls (noinline: callgrind's --toggle-collect names them) -------------

[[gnu::noinline]] Status TimedSnapshotSync(ct::Fixture& f, const std::string& key) {
  return f.controller().SyncSnapshotByKey(key);
}

[[gnu::noinline]] csi::SyncResult TimedContentSync(st::Fixture& f, const std::string& key) {
  return f.SyncOnce(key);
}

// ---- snapshot-controller rows ---------------------------------------------------------

// snapshot_create_test.cc, row "2-1 - (dynamic) successful create ...".
ct::ControllerTest DynamicCreateRow() {
  return {
      .name =
          "2-1 - (dynamic) successful create: content snapcontent-<uid>, PVC finalizer, "
          "CreatingSnapshot",
      .claims = {ct::Pvc("claim2-1").Bound("pv2-1")},
      .volumes = {ct::Pv("pv2-1", "claim2-1")},
      .snapshots = {ct::Vs("snap2-1").Pvc("claim2-1").Class("gold")},
      .op = ct::SyncSnapshot("default/snap2-1"),
  };
}

// snapshot_delete_test.cc, row "7-1 - D1 (Delete) ..." (its Bound{"snap7-1"} helper
// spelled out).
ct::ControllerTest DynamicDeleteRow() {
  const std::string name = "snap7-1";
  auto vs = [&] {
    return ct::Vs(name)
        .Pvc("c-" + name)
        .Class("gold")
        .Bound("snapcontent-{uid:" + name + "}")
        .Ready(true);
  };
  return {
      .name =
          "7-1 - D1 (Delete): being-deleted annotation, content deleted, snapshot keeps "
          "only the bound finalizer",
      .claims = {ct::Pvc("c-" + name).Bound("pv-" + name)},
      .volumes = {ct::Pv("pv-" + name, "c-" + name)},
      .snapshots = {vs().Finalizers({ct::kAsSource, ct::kBound}).Deleting()},
      .contents = {ct::DynamicContent(name, "disk-pv-" + name, "gold", "Delete")
                       .Finalizers({ct::kContentBound})
                       .Handle("s-" + name)
                       .Ready(true)},
      .op = ct::SyncSnapshot("default/" + name),
  };
}

// The row's world up to the operation, as RunControllerTest builds it.
std::unique_ptr<ct::Fixture> Prepare(const ct::ControllerTest& t) {
  auto f = std::make_unique<ct::Fixture>();
  f->Seed(t);
  f->InstallFaults(t.errors);
  f->StartController();
  f->PrimeCaches(t);
  return f;
}

bool Emitted(const ct::Fixture& f, std::string_view reason) {
  auto events = f.events();
  return std::any_of(events.begin(), events.end(),
                     [&](const ct::EmittedEvent& e) { return e.reason == reason; });
}

// The effect of "2-1": the content exists with the PV's handle, the snapshot names it,
// the PVC holds the as-source finalizer, CreatingSnapshot was emitted.
std::string CheckDynamicCreate(ct::Fixture& f) {
  auto content = f.GetVsc("snapcontent-{uid:snap2-1}");
  if (content == nullptr) return "snapcontent-<uid> was not created";
  if (content->spec.source.volume_handle != "disk-pv2-1") return "wrong volumeHandle";
  auto vs = f.GetVs("snap2-1");
  if (!vs || !vs->status ||
      vs->status->bound_volume_snapshot_content_name != content->metadata.name)
    return "snapshot not bound to the new content";
  auto pvc = f.GetPvc("claim2-1");
  if (!pvc || !pvc->metadata.HasFinalizer(ct::kPvcSource)) return "PVC finalizer missing";
  if (!Emitted(f, "CreatingSnapshot")) return "no CreatingSnapshot event";
  return "";
}

// The effect of "7-1": the content is annotated being-deleted and deleting, the snapshot
// keeps only the bound finalizer.
std::string CheckDynamicDelete(ct::Fixture& f) {
  auto content = f.GetVsc("snapcontent-{uid:snap7-1}");
  if (content == nullptr) return "the content vanished (it keeps its finalizer)";
  if (!content->metadata.being_deleted()) return "the content was not deleted";
  if (content->metadata.annotations.count(std::string(ct::kBeingDeleted)) == 0)
    return "no being-deleted annotation";
  auto vs = f.GetVs("snap7-1");
  if (!vs) return "the snapshot vanished";
  if (vs->metadata.finalizers != std::vector<std::string>{std::string(ct::kBound)})
    return "the snapshot's finalizers are not exactly the bound finalizer";
  return "";
}

// ---- csi-snapshotter rows -------------------------------------------------------------

constexpr std::int64_t kCreated = (st::kTime0Seconds + 100) * 1'000'000'000;

// content_create_test.cc, row "S-1 - create: ...".
st::SidecarTest SidecarCreateRow() {
  st::CsiCall call = st::Create("vol-1", "snapshot-uid-1", "snap-1", true);
  call.parameters = std::map<std::string, std::string>{
      {std::string(csi::kVolumeSnapshotNameParam), "vs1"},
      {std::string(csi::kVolumeSnapshotNamespaceParam), "default"},
      {std::string(csi::kVolumeSnapshotContentNameParam), "c1"}};
  call.secrets = std::map<std::string, std::string>{};
  return {
      .name =
          "S-1 - create: being-created is set before CreateSnapshot, status written, "
          "annotation removed",
      .contents = {st::Dynamic("c1", "vs1", "uid-1")},
      .csi = {call},
      .op = st::SyncContent("c1"),
  };
}

// content_delete_test.cc, row "S-31 - delete (Delete): ..." (its Doomed() spelled out).
st::SidecarTest SidecarDeleteRow() {
  return {
      .name =
          "S-31 - delete (Delete): DeleteSnapshot with the status handle, status cleared, "
          "finalizer removed",
      .contents = {st::Dynamic("c1", "vs1", "uid-1")
                       .Policy("Delete")
                       .Handle("snap-1")
                       .Ready(true)
                       .CreatedNanos(kCreated)
                       .RestoreSize(20 * st::kGiB)
                       .BeingDeleted()
                       .Deleting()},
      .csi = {st::Delete("snap-1")},
      .op = st::SyncContent("c1"),
  };
}

// The row's world up to the operation, as RunSidecarTest builds it.
std::unique_ptr<st::Fixture> Prepare(const st::SidecarTest& t) {
  auto f = std::make_unique<st::Fixture>(/*check_typed_patches=*/false);
  f->Seed(t);
  f->csi().script = t.csi;
  f->csi().list_supported = t.list_supported;
  f->InstallFaults(t.errors);
  f->StartSidecar(t.options);
  return f;
}

// The effect of "S-1": CreateSnapshot made, status handle/ready written, being-created gone.
std::string CheckSidecarCreate(st::Fixture& f) {
  if (!f.csi().script.empty()) return "CreateSnapshot was not called";
  auto c = f.GetVsc("c1");
  if (!c || !c->status || c->status->snapshot_handle != "snap-1" || c->status->ready_to_use != true)
    return "the status was not written";
  if (c->metadata.annotations.count(std::string(st::kBeingCreated)) != 0)
    return "being-created annotation left";
  return "";
}

// The effect of "S-31": DeleteSnapshot made, the finalizer removed, so the content is gone.
std::string CheckSidecarDelete(st::Fixture& f) {
  if (!f.csi().script.empty()) return "DeleteSnapshot was not called";
  if (f.GetVsc("c1") != nullptr) return "the content is still there (finalizer kept)";
  return "";
}

// ---- timing ---------------------------------------------------------------------------

// Times `syncs` syncs of row `t`, each on a fresh world built untimed (Prepare). Only
// `sync` is timed; then `sync_error` says what was wrong with its result ("" for
// nothing), `check` whether the row's effect is there, and a fixture failure counts too:
// any of them ends the run with an error naming the row.
template <class Row, class Fixture, class Sync, class SyncError>
Result<std::vector<double>> TimeSyncs(const Row& t, int syncs, int (*failure_count)(), Sync sync,
                                      SyncError sync_error, std::string (*check)(Fixture&)) {
  const int failures_before = failure_count();
  std::vector<double> out;
  out.reserve(static_cast<std::size_t>(syncs));
  for (int i = 0; i < syncs; ++i) {
    std::unique_ptr<Fixture> f = Prepare(t);
    if (failure_count() != failures_before) return Status::Internal(t.name + ": the fixture could not be built");
    auto start = Clock::now();
    auto result = sync(*f);
    auto stop = Clock::now();
    out.push_back(std::chrono::duration<double>(stop - start).count());
    std::string broken = sync_error(result);
    if (broken.empty()) broken = check(*f);
    if (broken.empty() && failure_count() != failures_before) broken = "fixture failure";
    if (!broken.empty()) return Status::Internal(t.name + ": " + broken);
  }
  return out;
}

Result<std::vector<double>> TimeControllerCase(const ct::ControllerTest& t, std::string (*check)(ct::Fixture&),
                                               int syncs) {
  const std::string key = csi::SnapshotKey(*t.snapshots.front().obj);
  return TimeSyncs(
      t, syncs, ct::FailureCount, [&](ct::Fixture& f) { return TimedSnapshotSync(f, key); },
      [](const Status& s) { return s.ok() ? std::string() : "sync failed: " + s.ToString(); }, check);
}

Result<std::vector<double>> TimeSidecarCase(const st::SidecarTest& t, std::string (*check)(st::Fixture&),
                                            int syncs) {
  const std::string key = t.contents.front().obj->metadata.name;
  return TimeSyncs(
      t, syncs, st::FailureCount, [&](st::Fixture& f) { return TimedContentSync(f, key); },
      [](const csi::SyncResult& r) {
        return r.status.ok() && !r.requeue ? std::string() : "sync failed or requeued: " + r.status.ToString();
      },
      check);
}

}  // namespace

std::string TableCaseTitle(TableCase c) {
  switch (c) {
    case TableCase::kDynamicCreate: return "snapshot-controller create (2-1 / 6-1)";
    case TableCase::kDynamicDelete: return "snapshot-controller delete (7-1 / 3-1)";
    case TableCase::kSidecarCreate: return "csi-snapshotter create (S-1 / 1-2)";
    case TableCase::kSidecarDelete: return "csi-snapshotter delete (S-31 / 1-1)";
  }
  return "";
}

std::string TableCaseRow(TableCase c) {
  switch (c) {
    case TableCase::kDynamicCreate: return "2-1";
    case TableCase::kDynamicDelete: return "7-1";
    case TableCase::kSidecarCreate: return "S-1";
    case TableCase::kSidecarDelete: return "S-31";
  }
  return "";
}

Result<std::vector<double>> TimeTableCase(TableCase c, int syncs) {
  switch (c) {
    case TableCase::kDynamicCreate: return TimeControllerCase(DynamicCreateRow(), CheckDynamicCreate, syncs);
    case TableCase::kDynamicDelete: return TimeControllerCase(DynamicDeleteRow(), CheckDynamicDelete, syncs);
    case TableCase::kSidecarCreate: return TimeSidecarCase(SidecarCreateRow(), CheckSidecarCreate, syncs);
    case TableCase::kSidecarDelete: return TimeSidecarCase(SidecarDeleteRow(), CheckSidecarDelete, syncs);
  }
  return Status::InvalidArgument("unknown table case");
}

}  // namespace snapsim::bench
