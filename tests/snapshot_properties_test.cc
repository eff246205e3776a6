// Stateful property tests of the snapshot control plane (rapidcheck): random
// sequences of user operations against a real simulated cluster (every component
// running, Kubernetes 1.30), compared after every settle with a small reference
// model of the binding state (tests/binding_model.h, which also lists what the
// model leaves out and why).
//
// Operations (each with preconditions on the model): CreateClass(name, Delete|Retain),
// DeleteClass, CreateClaim (a PVC of alicloud-disk-essd - Immediate - and a pod using
// it), DeleteClaim (pod, then PVC), CreateSnapshot(name, claim, class; the claim or the
// class may not exist yet), DeleteSnapshot, SnapshotDeletedEarly (created, then deleted
// 0 ms to 15 s later, before the cluster settles), ImportStatic (aliyun ecs CreateSnapshot on
// a claim's disk, then a pre-provisioned content with that handle and a snapshot bound
// to it), DeleteContent, Restore (a new claim + pod from a ready snapshot),
// PatchContentPolicy, Crash(component) at rest. Any operation but Crash may also carry
// a crash of snapshot-controller, csi-snapshotter, csi-provisioner or csi-plugin a few
// (virtual) milliseconds to seconds after the user's command, before the settle.
//
// After each operation and settle (30 virtual minutes at most):
//   - Cluster::CheckInvariants() and CheckLiveness() are empty (the known leaks -
//     driver-leak, upstream-leak - are accepted and counted);
//   - the cluster is at rest when the model says so (BindingModel::ExpectedRest);
//   - the API server's VolumeSnapshots (name, readyToUse, bound content name),
//     VolumeSnapshotContents (name, deletionPolicy, readyToUse, terminating) and PVCs
//     (name, Bound, terminating) are the model's;
//   - ECS holds as many snapshots as the model says (plus known leaks), and one data
//     disk per claim.
// Each case boots its own cluster from a generated seed (and, half of the time, a
// generated schedule seed that reorders events due at the same instant), so a case
// replays identically; rapidcheck shrinks a failing case to a short sequence. By default
// the run uses a fixed rapidcheck seed (the same cases in every CI run); RC_PARAMS
// ("seed=1234 max_success=5000", or the "reproduce=..." a failure prints) overrides it.
// The situations reached are counted and printed; a default run must reach each of
// kMustExercise, so the property cannot pass vacuously.
//
// Preconditions are RC_PRE(static_cast<bool>(a && b)): rapidcheck captures the expression
// and its && and || do not short-circuit, so "it != end() && it->x" would read end().
// One known race is waited out rather than failed (kWaitForResyncOnKnownRace, with a
// disabled regression test at the end). FindsUpstreamBug292 runs the property on a
// cluster with upstream bug #292 put back (a snapshot whose content was flipped to
// Retain stays Terminating) and expects rapidcheck to find and shrink a counterexample.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/state.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "sim/cluster/cluster.h"
#include "sim/engine/time.h"
#include "src/api/kinds_core.h"
#include "src/api/kinds_pod.h"
#include "src/api/kinds_snapshot.h"
#include "src/api/kinds_storage.h"
#include "tests/binding_model.h"

namespace snapsim::props {
namespace {

using cluster::Cluster;

constexpr engine::Nanos kSettleLimit = 30 * engine::kMinute;
constexpr int kMaxCommands = 15;
constexpr int kDefaultCases = 500;  // a case takes ~5 ms: the whole binary runs in seconds
constexpr std::size_t kMaxClaims = 4;
constexpr std::string_view kNamespace = "default";

// A known race in csi-snapshotter (found by this property, reported, not fixed here):
// a snapshot deleted while its CreateSnapshot is in flight can leave its content
// Terminating - being-deleted, ready, no being-created, finalizer on - until the
// sidecar's 15-minute resync. The likely mechanism (consistent with the API write
// trace): after the CSI reply the sidecar writes the status (an update that flips
// readyToUse), removes being-created and keeps that last version in its private cache;
// the key, marked dirty meanwhile, is synced again from the informer, which may still
// hold an older version: dropped as older than the cache. The ready-flip event then
// also carries an older version (dropped), and the being-created removal is filtered
// out as an annotation-only change (§0), so nothing syncs the content again before the
// resync. (Upstream has the same filter and cache logic, so likely the same window.)
// While this holds, a failure that leaves exactly such a content waits for the resync
// and is compared again: every other difference still fails at once, and invariant
// violations are never excused. Set to false to see the race as a failure.
constexpr bool kWaitForResyncOnKnownRace = true;
constexpr engine::Nanos kSidecarResync = 16 * engine::kMinute;

const std::vector<std::string> kClassNames = {"gold", "silver"};
const std::vector<std::string> kClaimNames = {"data-a", "data-b", "data-c", "data-d"};
const std::vector<std::string> kSnapshotNames = {"snap-a", "snap-b", "snap-c"};
const std::vector<std::string> kStaticContentNames = {"imported-0", "imported-1"};
const std::vector<std::string> kPolicies = {"Delete", "Retain"};
const std::vector<std::string> kComponents = {"snapshot-controller", "csi-snapshotter",
                                              "csi-provisioner", "csi-plugin"};
const std::vector<int> kCrashDelaysMs = {0, 100, 500, 1000, 3000, 10000};
const std::vector<int> kEarlyDeleteDelaysMs = {0, 20, 50, 100, 200, 500, 1000, 2000, 5000, 15000};

// ---- manifests -------------------------------------------------------------

std::string ClassYaml(const std::string& name, const std::string& policy) {
  return fmt::format(R"(apiVersion: snapshot.storage.k8s.io/v1
kind: VolumeSnapshotClass
metadata:
  name: {}
driver: diskplugin.csi.alibabacloud.com
deletionPolicy: {}
)",
                     name, policy);
}

std::string ClaimYaml(const std::string& name, const std::string& restored_from) {
  std::string source;
  if (!restored_from.empty()) {
    source = fmt::format(R"(  dataSource:
    name: {}
    kind: VolumeSnapshot
    apiGroup: snapshot.storage.k8s.io
)",
                         restored_from);
  }
  return fmt::format(R"(apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: {0}
spec:
  accessModes: [ "ReadWriteOnce" ]
  storageClassName: alicloud-disk-essd
  resources:
    requests:
      storage: 20Gi
{1}---
apiVersion: v1
kind: Pod
metadata:
  name: {0}
spec:
  containers:
  - name: app
    image: nginx
    volumeMounts:
    - name: data
      mountPath: /data
  volumes:
  - name: data
    persistentVolumeClaim:
      claimName: {0}
)",
                     name, source);
}

std::string DynamicSnapshotYaml(const std::string& name, const std::string& claim,
                                const std::string& cls) {
  return fmt::format(R"(apiVersion: snapshot.storage.k8s.io/v1
kind: VolumeSnapshot
metadata:
  name: {}
spec:
  volumeSnapshotClassName: {}
  source:
    persistentVolumeClaimName: {}
)",
                     name, cls, claim);
}

std::string StaticYaml(const std::string& snapshot, const std::string& content,
                       const std::string& handle, const std::string& policy) {
  return fmt::format(R"(apiVersion: snapshot.storage.k8s.io/v1
kind: VolumeSnapshotContent
metadata:
  name: {1}
spec:
  deletionPolicy: {3}
  driver: diskplugin.csi.alibabacloud.com
  source:
    snapshotHandle: {2}
  volumeSnapshotRef:
    name: {0}
    namespace: default
---
apiVersion: snapshot.storage.k8s.io/v1
kind: VolumeSnapshot
metadata:
  name: {0}
spec:
  source:
    volumeSnapshotContentName: {1}
)",
                     snapshot, content, handle, policy);
}

// ---- the system under test -------------------------------------------------

template <class T>
std::vector<std::shared_ptr<const T>> All(const apiserver::ApiServer& server) {
  std::vector<std::shared_ptr<const T>> out;
  for (const auto& o : server.PeekAll(T::Info())) {
    if (auto t = api::As<T>(o);
        t != nullptr && t->metadata.namespace_ == (T::Info().namespaced ? kNamespace : "")) {
      out.push_back(std::move(t));
    }
  }
  return out;
}

struct Sut {
  explicit Sut(std::unique_ptr<Cluster> c)
      : cluster(std::move(c)), baseline_disks(cluster->ecs().AllDisks().size()) {}

  std::unique_ptr<Cluster> cluster;
  std::size_t baseline_disks;                        // the nodes' system disks
  std::map<std::string, std::string> content_names;  // model content key -> real name
  int manual_snapshots = 0;
  std::vector<std::string> problems;  // invariant violations seen at intermediate settles
  int driver_leaks = 0;               // known leaks (driver-leak, upstream-leak) at the last check
  cluster::SettleOutcome last_settle;

  void Kubectl(std::vector<std::string> args,
               const std::map<std::string, std::string>& files = {}) {
    auto reader = [&files](std::string_view name) -> Result<std::string> {
      auto it = files.find(std::string(name));
      if (it == files.end()) return Status::NotFound(fmt::format("no file {}", name));
      return it->second;
    };
    auto r = cluster->Kubectl(args, reader);
    if (r.exit_code != 0) {
      RC_FAIL(fmt::format("kubectl {} failed ({}): {}{}", fmt::join(args, " "), r.exit_code, r.out,
                          r.err));
    }
  }

  void Settle() {
    last_settle = cluster->Settle(kSettleLimit);
    driver_leaks = 0;
    for (const auto& v : cluster->CheckInvariants()) {
      // Known leaks (invariants.h): the real disk driver's own behaviour, or a race of the
      // upstream design: accepted, and the snapshot left counted on top of the model's.
      if (cluster::IsKnownDefect(v.invariant)) {
        ++driver_leaks;
        continue;
      }
      problems.push_back(v.invariant + ": " + v.detail);
    }
  }

  std::string DiskOf(const std::string& claim) {
    auto pvc = api::As<api::PersistentVolumeClaim>(
        cluster->server().Peek(api::PersistentVolumeClaim::Info(), kNamespace, claim));
    if (pvc == nullptr || pvc->spec.volume_name.empty())
      RC_FAIL("claim " + claim + " has no volume");
    auto pv = api::As<api::PersistentVolume>(
        cluster->server().Peek(api::PersistentVolume::Info(), "", pvc->spec.volume_name));
    if (pv == nullptr || !pv->spec.csi) RC_FAIL("claim " + claim + " has no CSI volume");
    return pv->spec.csi->volume_handle;
  }

  std::string ContentName(const std::string& key) const {
    auto it = content_names.find(key);
    return it == content_names.end() ? "<unknown " + key + ">" : it->second;
  }

  std::string Summary() const;
};

std::string Sut::Summary() const {
  auto& server = cluster->server();
  std::string out = "cluster:\n";
  for (const auto& vs : All<api::VolumeSnapshot>(server)) {
    const auto& st = vs->status;
    out += fmt::format(
        "  vs {} uid={} ready={} bound={}{}{} finalizers=[{}]\n", vs->metadata.name,
        vs->metadata.uid, st && st->ready_to_use ? (*st->ready_to_use ? "true" : "false") : "-",
        st && st->bound_volume_snapshot_content_name ? *st->bound_volume_snapshot_content_name
                                                     : "-",
        vs->metadata.being_deleted() ? " TERMINATING" : "",
        st && st->error && st->error->message ? " error=\"" + *st->error->message + "\"" : "",
        fmt::join(vs->metadata.finalizers, ","));
  }
  for (const auto& c : All<api::VolumeSnapshotContent>(server)) {
    const auto& st = c->status;
    std::vector<std::string> annotations;
    for (const auto& [k, v] : c->metadata.annotations)
      annotations.push_back(k.substr(k.rfind('/') + 1) + "=" + v);
    out +=
        fmt::format("  vsc {} {} ref={}/{} ready={} handle={}{} finalizers=[{}] annotations=[{}]\n",
                    c->metadata.name, c->spec.deletion_policy, c->spec.volume_snapshot_ref.name,
                    c->spec.volume_snapshot_ref.uid,
                    st && st->ready_to_use ? (*st->ready_to_use ? "true" : "false") : "-",
                    st && st->snapshot_handle ? *st->snapshot_handle : "-",
                    c->metadata.being_deleted() ? " TERMINATING" : "",
                    fmt::join(c->metadata.finalizers, ","), fmt::join(annotations, ","));
  }
  for (const auto& pvc : All<api::PersistentVolumeClaim>(server)) {
    out += fmt::format("  pvc {} {}{} finalizers=[{}]\n", pvc->metadata.name, pvc->status.phase,
                       pvc->metadata.being_deleted() ? " TERMINATING" : "",
                       fmt::join(pvc->metadata.finalizers, ","));
  }
  for (const auto& s : cluster->ecs().AllSnapshots()) {
    out += fmt::format("  ecs snapshot {} {} {}\n", s.snapshot_id, s.snapshot_name, s.status);
  }
  out += fmt::format("  ecs disks: {} (+{} system)\n",
                     cluster->ecs().AllDisks().size() - baseline_disks, baseline_disks);
  out += fmt::format("  last settle: at_rest={} in_flight=[{}]\n", last_settle.at_rest,
                     fmt::join(last_settle.in_flight, ", "));
  return out;
}

// Everything the model says about the cluster at rest, as a list of differences.
std::vector<std::string> Compare(const BindingModel& m, Sut& sut) {
  std::vector<std::string> out = std::move(sut.problems);
  sut.problems.clear();
  auto& server = sut.cluster->server();
  for (const auto& v : sut.cluster->CheckLiveness()) out.push_back(v.invariant + ": " + v.detail);
  BindingModel::Rest rest = m.ExpectedRest();
  if (rest != BindingModel::Rest::kEither &&
      sut.last_settle.at_rest != (rest == BindingModel::Rest::kAtRest)) {
    out.push_back(
        fmt::format("at rest: {}, but the model {}", sut.last_settle.at_rest,
                    rest == BindingModel::Rest::kBusy ? "has a waiting snapshot" : "expects rest"));
  }

  std::set<std::string> seen;
  for (const auto& vs : All<api::VolumeSnapshot>(server)) {
    const std::string& name = vs->metadata.name;
    seen.insert(name);
    auto it = m.snapshots.find(name);
    if (it == m.snapshots.end()) {
      out.push_back("VolumeSnapshot " + name + " exists; the model has none");
      continue;
    }
    const ModelSnapshot& s = it->second;
    if (vs->metadata.being_deleted()) out.push_back("VolumeSnapshot " + name + " is terminating");
    bool ready = vs->status && vs->status->ready_to_use.value_or(false);
    if (ready != s.ready)
      out.push_back(
          fmt::format("VolumeSnapshot {}: readyToUse {}, model {}", name, ready, s.ready));
    if (!s.ready) continue;
    std::string bound = vs->status && vs->status->bound_volume_snapshot_content_name
                            ? *vs->status->bound_volume_snapshot_content_name
                            : "";
    std::string want = s.dynamic ? "snapcontent-" + vs->metadata.uid : s.content;
    if (bound != want || sut.ContentName(s.content) != want) {
      out.push_back(
          fmt::format("VolumeSnapshot {}: bound to \"{}\", expected {} (model content {} = {})",
                      name, bound, want, s.content, sut.ContentName(s.content)));
    }
  }
  for (const auto& [name, s] : m.snapshots) {
    if (!seen.count(name)) out.push_back("VolumeSnapshot " + name + " is missing");
  }

  std::map<std::string, std::string> expected_contents;  // real name -> model key
  for (const auto& [key, c] : m.contents) expected_contents[sut.ContentName(key)] = key;
  seen.clear();
  for (const auto& c : All<api::VolumeSnapshotContent>(server)) {
    const std::string& name = c->metadata.name;
    seen.insert(name);
    auto key = expected_contents.find(name);
    if (key == expected_contents.end()) {
      out.push_back("VolumeSnapshotContent " + name + " exists; the model has none");
      continue;
    }
    const ModelContent& mc = m.contents.at(key->second);
    if (c->spec.deletion_policy != mc.policy) {
      out.push_back(fmt::format("VolumeSnapshotContent {}: deletionPolicy {}, model {}", name,
                                c->spec.deletion_policy, mc.policy));
    }
    if (c->metadata.being_deleted() != mc.terminating) {
      out.push_back(fmt::format("VolumeSnapshotContent {}: terminating {}, model {}", name,
                                c->metadata.being_deleted(), mc.terminating));
    }
    if (!(c->status && c->status->ready_to_use.value_or(false))) {
      out.push_back("VolumeSnapshotContent " + name + " is not ready");
    }
  }
  for (const auto& [name, key] : expected_contents) {
    if (!seen.count(name))
      out.push_back("VolumeSnapshotContent " + name + " (" + key + ") is missing");
  }

  seen.clear();
  for (const auto& pvc : All<api::PersistentVolumeClaim>(server)) {
    const std::string& name = pvc->metadata.name;
    seen.insert(name);
    if (!m.claims.count(name)) {
      out.push_back(fmt::format("PVC {} exists ({}{}); the model has none", name, pvc->status.phase,
                                pvc->metadata.being_deleted() ? ", terminating" : ""));
      continue;
    }
    const ModelClaim& c = m.claims.at(name);
    if (pvc->status.phase != "Bound" || pvc->metadata.being_deleted() != c.terminating) {
      out.push_back(fmt::format("PVC {}: {}{}, model Bound{}", name, pvc->status.phase,
                                pvc->metadata.being_deleted() ? " (terminating)" : "",
                                c.terminating ? " (terminating)" : ""));
    }
  }
  for (const auto& [name, c] : m.claims) {
    if (!seen.count(name)) out.push_back("PVC " + name + " is missing");
  }

  auto ecs_snapshots = sut.cluster->ecs().AllSnapshots().size();
  if (ecs_snapshots != static_cast<std::size_t>(m.ecs_snapshots + sut.driver_leaks)) {
    out.push_back(
        fmt::format("ECS has {} snapshots, model {}{}", ecs_snapshots, m.ecs_snapshots,
                    sut.driver_leaks ? fmt::format(" + {} known leaks", sut.driver_leaks) : ""));
  }
  auto disks = sut.cluster->ecs().AllDisks().size() - sut.baseline_disks;
  if (disks != m.claims.size())
    out.push_back(fmt::format("ECS has {} data disks, model {}", disks, m.claims.size()));
  return out;
}

// A content csi-snapshotter should release right away: deleting, marked being-deleted,
// no call in flight (no being-created), still holding its finalizer.
bool ReleasableContentLeft(const Sut& sut) {
  for (const auto& c : All<api::VolumeSnapshotContent>(sut.cluster->server())) {
    const auto& m = c->metadata;
    const std::string* bd =
        m.Annotation("snapshot.storage.kubernetes.io/volumesnapshot-being-deleted");
    if (m.being_deleted() && bd != nullptr && *bd == "yes" &&
        m.Annotation("snapshot.storage.kubernetes.io/volumesnapshot-being-created") == nullptr &&
        m.HasFinalizer("snapshot.storage.kubernetes.io/volumesnapshotcontent-bound-protection")) {
      return true;
    }
  }
  return false;
}

// ---- commands --------------------------------------------------------------

struct MidCrash {
  std::string component;
  int after_ms = 0;
};

// Draws in [0, n), uniformly whatever the generation size (the command sequence is
// generated at a small size, and rapidcheck scales inRange by it); shrinks towards 0.
std::size_t Draw(std::size_t n) {
  return *rc::gen::resize(100, rc::gen::inRange<std::size_t>(0, n));
}

// One of `from`; shrinks towards the first.
template <class T>
T Pick(const std::vector<T>& from) {
  RC_PRE(!from.empty());
  return from[Draw(from.size())];
}

template <class Map>
std::vector<std::string> Keys(const Map& m) {
  std::vector<std::string> out;
  for (const auto& [k, v] : m) out.push_back(k);
  return out;
}

template <class Map>
std::vector<std::string> Free(const std::vector<std::string>& pool, const Map& used) {
  std::vector<std::string> out;
  for (const auto& n : pool) {
    if (!used.count(n)) out.push_back(n);
  }
  return out;
}

std::vector<std::string> LiveClaims(const BindingModel& m) {
  std::vector<std::string> out;
  for (const auto& [name, c] : m.claims) {
    if (!c.terminating) out.push_back(name);
  }
  return out;
}

// Mostly (5 in 6) an existing name; now and then any name of the pool (it may not exist).
template <class Map>
std::string MostlyExisting(const std::vector<std::string>& pool, const Map& existing) {
  // (inRange shrinks towards 0: towards an existing name.)
  if (!existing.empty() && Draw(6) != 5) return Pick(Keys(existing));
  return Pick(pool);
}

using Base = rc::state::Command<BindingModel, Sut>;

// How often each situation was exercised (printed, and checked for coverage). Test-only
// bookkeeping: ordered, so the printout is deterministic.
std::map<std::string, int>& Exercised() {
  static std::map<std::string, int> counts;
  return counts;
}

// One user operation: act on the cluster, maybe crash a component, settle, compare.
class Operation : public Base {
 public:
  void run(const BindingModel& s0, Sut& sut) const final {
    Act(s0, sut);
    if (crash_) {
      sut.cluster->Sleep(crash_->after_ms * engine::kMillisecond);
      Status crashed = sut.cluster->Crash(crash_->component);
      RC_ASSERT(crashed.ok());
    }
    sut.Settle();
    BindingModel s1 = nextState(s0);
    ++Exercised()[Situation(s0, s1)];
    if (crash_) ++Exercised()["mid-flight crash of " + crash_->component];
    bool safe = sut.problems.empty();
    int leaks_before = sut.driver_leaks;
    auto diffs = Compare(s1, sut);
    if (!diffs.empty() && safe && kWaitForResyncOnKnownRace && ReleasableContentLeft(sut)) {
      // The known race (see kWaitForResyncOnKnownRace): give csi-snapshotter its resync.
      std::string before = fmt::format("{}\n{}", fmt::join(diffs, "\n  "), sut.Summary());
      sut.cluster->Sleep(kSidecarResync);
      sut.Settle();
      diffs = Compare(s1, sut);
      if (!diffs.empty()) diffs.push_back("(before the resync:\n  " + before + ")");
      ++Exercised()["known race: a deleted content released only at csi-snapshotter's resync"];
    }
    if (!diffs.empty()) {
      RC_FAIL(fmt::format("after {}:\n  {}\n{}{}", Show(), fmt::join(diffs, "\n  "), s1.Describe(),
                          sut.Summary()));
    }
    if (sut.driver_leaks > leaks_before)
      ++Exercised()["known leak (driver-leak or upstream-leak, accepted)"];
  }
  void show(std::ostream& os) const final { os << Show(); }

 protected:
  void DrawCrash() {
    if (Draw(5) != 4) return;  // one in five; shrinks towards no crash
    crash_ = MidCrash{Pick(kComponents), Pick(kCrashDelaysMs)};
  }
  virtual void Act(const BindingModel& s0, Sut& sut) const = 0;
  virtual std::string Describe() const = 0;
  // The situation this operation met, for the coverage count.
  virtual std::string Situation(const BindingModel& s0, const BindingModel& s1) const = 0;
  static int NewlyReady(const BindingModel& s0, const BindingModel& s1) {
    int n = 0;
    for (const auto& [name, s] : s1.snapshots) {
      auto before = s0.snapshots.find(name);
      n += s.ready && before != s0.snapshots.end() && !before->second.ready;
    }
    return n;
  }

 private:
  std::string Show() const {
    std::string s = Describe();
    if (crash_) s += fmt::format(" + crash {} after {}ms", crash_->component, crash_->after_ms);
    return s;
  }
  std::optional<MidCrash> crash_;
};

class CreateClass : public Operation {
 public:
  explicit CreateClass(const BindingModel& s0)
      : name_(Pick(Free(kClassNames, s0.classes))), policy_(Pick(kPolicies)) {
    DrawCrash();
  }
  void checkPreconditions(const BindingModel& s0) const override {
    RC_PRE(!s0.classes.count(name_));
  }
  void apply(BindingModel& s) const override { s.CreateClass(name_, policy_); }
  void Act(const BindingModel&, Sut& sut) const override {
    sut.Kubectl({"create", "-f", "class.yaml"}, {{"class.yaml", ClassYaml(name_, policy_)}});
  }
  std::string Describe() const override {
    return fmt::format("CreateClass({}, {})", name_, policy_);
  }
  std::string Situation(const BindingModel& s0, const BindingModel& s1) const override {
    return NewlyReady(s0, s1) ? "CreateClass unblocks a waiting snapshot" : "CreateClass";
  }

 private:
  std::string name_, policy_;
};

class DeleteClass : public Operation {
 public:
  explicit DeleteClass(const BindingModel& s0) : name_(Pick(Keys(s0.classes))) { DrawCrash(); }
  void checkPreconditions(const BindingModel& s0) const override {
    RC_PRE(s0.classes.count(name_) > 0);
  }
  void apply(BindingModel& s) const override { s.DeleteClass(name_); }
  void Act(const BindingModel&, Sut& sut) const override {
    sut.Kubectl({"delete", "volumesnapshotclass", name_, "--wait=false"});
  }
  std::string Describe() const override { return fmt::format("DeleteClass({})", name_); }
  std::string Situation(const BindingModel& s0, const BindingModel&) const override {
    for (const auto& [n, s] : s0.snapshots) {
      if (s.dynamic && s.cls == name_) return "DeleteClass of a class in use";
    }
    return "DeleteClass";
  }

 private:
  std::string name_;
};

class CreateClaim : public Operation {
 public:
  explicit CreateClaim(const BindingModel& s0) : name_(Pick(Free(kClaimNames, s0.claims))) {
    DrawCrash();
  }
  void checkPreconditions(const BindingModel& s0) const override {
    RC_PRE(static_cast<bool>(!s0.claims.count(name_) && s0.claims.size() < kMaxClaims));
  }
  void apply(BindingModel& s) const override { s.CreateClaim(name_, ""); }
  void Act(const BindingModel&, Sut& sut) const override {
    sut.Kubectl({"create", "-f", "claim.yaml"}, {{"claim.yaml", ClaimYaml(name_, "")}});
  }
  std::string Describe() const override { return fmt::format("CreateClaim({})", name_); }
  std::string Situation(const BindingModel& s0, const BindingModel& s1) const override {
    return NewlyReady(s0, s1) ? "CreateClaim unblocks a waiting snapshot" : "CreateClaim";
  }

 private:
  std::string name_;
};

class Restore : public Operation {
 public:
  explicit Restore(const BindingModel& s0) : name_(Pick(Free(kClaimNames, s0.claims))) {
    std::vector<std::string> ready;
    for (const auto& [n, s] : s0.snapshots) {
      if (s.ready) ready.push_back(n);
    }
    snapshot_ = Pick(ready);
    DrawCrash();
  }
  void checkPreconditions(const BindingModel& s0) const override {
    RC_PRE(static_cast<bool>(!s0.claims.count(name_) && s0.claims.size() < kMaxClaims));
    auto s = s0.snapshots.find(snapshot_);
    RC_PRE(static_cast<bool>(s != s0.snapshots.end() && s->second.ready));
  }
  void apply(BindingModel& s) const override { s.CreateClaim(name_, snapshot_); }
  void Act(const BindingModel&, Sut& sut) const override {
    sut.Kubectl({"create", "-f", "claim.yaml"}, {{"claim.yaml", ClaimYaml(name_, snapshot_)}});
  }
  std::string Describe() const override {
    return fmt::format("Restore({} from {})", name_, snapshot_);
  }
  std::string Situation(const BindingModel& s0, const BindingModel&) const override {
    return s0.snapshots.at(snapshot_).dynamic ? "Restore from a dynamic snapshot"
                                              : "Restore from a static snapshot";
  }

 private:
  std::string name_, snapshot_;
};

class DeleteClaim : public Operation {
 public:
  explicit DeleteClaim(const BindingModel& s0) : name_(Pick(LiveClaims(s0))) { DrawCrash(); }
  void checkPreconditions(const BindingModel& s0) const override {
    auto c = s0.claims.find(name_);
    RC_PRE(static_cast<bool>(c != s0.claims.end() && !c->second.terminating));
  }
  void apply(BindingModel& s) const override { s.DeleteClaim(name_); }
  void Act(const BindingModel&, Sut& sut) const override {
    sut.Kubectl({"delete", "pod", name_, "--wait=false"});
    sut.Settle();
    sut.Kubectl({"delete", "pvc", name_, "--wait=false"});
  }
  std::string Describe() const override { return fmt::format("DeleteClaim({})", name_); }
  std::string Situation(const BindingModel&, const BindingModel& s1) const override {
    return s1.claims.count(name_) ? "DeleteClaim held by pvc-as-source-protection" : "DeleteClaim";
  }

 private:
  std::string name_;
};

class CreateSnapshot : public Operation {
 public:
  explicit CreateSnapshot(const BindingModel& s0)
      : name_(Pick(Free(kSnapshotNames, s0.snapshots))),
        claim_(MostlyExisting(kClaimNames, s0.claims)),
        class_(MostlyExisting(kClassNames, s0.classes)) {
    DrawCrash();
  }
  void checkPreconditions(const BindingModel& s0) const override {
    RC_PRE(!s0.snapshots.count(name_));
  }
  void apply(BindingModel& s) const override { s.CreateSnapshot(name_, claim_, class_); }
  void Act(const BindingModel& s0, Sut& sut) const override {
    sut.Kubectl({"create", "-f", "snapshot.yaml"},
                {{"snapshot.yaml", DynamicSnapshotYaml(name_, claim_, class_)}});
    auto vs = sut.cluster->server().Peek(api::VolumeSnapshot::Info(), kNamespace, name_);
    RC_ASSERT(vs != nullptr);
    sut.content_names[BindingModel::DynamicContentKey(name_, s0.NextGeneration(name_))] =
        "snapcontent-" + vs->metadata.uid;
  }
  std::string Describe() const override {
    return fmt::format("CreateSnapshot({}, claim={}, class={})", name_, claim_, class_);
  }
  std::string Situation(const BindingModel&, const BindingModel& s1) const override {
    return s1.snapshots.at(name_).ready ? "CreateSnapshot ready"
                                        : "CreateSnapshot waits for its class or claim";
  }

 private:
  std::string name_, claim_, class_;
};

class DeleteSnapshot : public Operation {
 public:
  explicit DeleteSnapshot(const BindingModel& s0) {
    std::vector<std::string> names;
    for (const auto& [n, s] : s0.snapshots) {
      if (s0.DeletableWithoutSync(n)) names.push_back(n);
    }
    name_ = Pick(names);
    DrawCrash();
  }
  void checkPreconditions(const BindingModel& s0) const override {
    RC_PRE(s0.DeletableWithoutSync(name_));
  }
  void apply(BindingModel& s) const override { s.DeleteSnapshot(name_); }
  void Act(const BindingModel&, Sut& sut) const override {
    sut.Kubectl({"delete", "volumesnapshot", name_, "--wait=false"});
  }
  std::string Describe() const override { return fmt::format("DeleteSnapshot({})", name_); }
  std::string Situation(const BindingModel& s0, const BindingModel&) const override {
    const ModelSnapshot& s = s0.snapshots.at(name_);
    if (!s.ready) return "DeleteSnapshot not ready (D4)";
    const ModelContent& c = s0.contents.at(s.content);
    return fmt::format("DeleteSnapshot {} {} content{}", s.dynamic ? "dynamic" : "static", c.policy,
                       c.terminating          ? " already terminating (D3 then D1/D2)"
                       : c.policy == "Delete" ? " (D1)"
                                              : " (D2)");
  }

 private:
  std::string name_;
};

// A snapshot deleted while it is still being made (D4/D5): create it with a Delete
// class, run the cluster for a moment, delete it. Whenever the deletion lands - before
// the controller saw the snapshot, before or during CreateSnapshot, or after - nothing
// may remain: no snapshot, no content, no ECS snapshot (issues #1388, #134, #1258).
// Preconditions keep the outcome timing-free: the class is Delete, and no other unready
// snapshot names the claim (which would otherwise keep pvc-as-source-protection, or
// not, depending on when the deletion landed).
class SnapshotDeletedEarly : public Operation {
 public:
  explicit SnapshotDeletedEarly(const BindingModel& s0)
      : name_(Pick(Free(kSnapshotNames, s0.snapshots))),
        claim_(Pick(LiveClaims(s0))),
        class_(Pick(DeleteClasses(s0))),
        after_ms_(Pick(kEarlyDeleteDelaysMs)) {
    DrawCrash();
  }
  void checkPreconditions(const BindingModel& s0) const override {
    RC_PRE(!s0.snapshots.count(name_));
    auto claim = s0.claims.find(claim_);
    RC_PRE(static_cast<bool>(claim != s0.claims.end() && !claim->second.terminating));
    auto cls = s0.classes.find(class_);
    RC_PRE(static_cast<bool>(cls != s0.classes.end() && cls->second == "Delete"));
    for (const auto& [n, s] : s0.snapshots) RC_PRE(static_cast<bool>(s.ready || !s.dynamic || s.claim != claim_));
  }
  void apply(BindingModel& s) const override { s.Settle(); }
  void Act(const BindingModel&, Sut& sut) const override {
    sut.Kubectl({"create", "-f", "snapshot.yaml"},
                {{"snapshot.yaml", DynamicSnapshotYaml(name_, claim_, class_)}});
    sut.cluster->Sleep(after_ms_ * engine::kMillisecond);
    sut.Kubectl({"delete", "volumesnapshot", name_, "--wait=false"});
  }
  std::string Describe() const override {
    return fmt::format("SnapshotDeletedEarly({}, claim={}, class={}, deleted after {}ms)", name_,
                       claim_, class_, after_ms_);
  }
  std::string Situation(const BindingModel&, const BindingModel&) const override {
    return fmt::format("SnapshotDeletedEarly after {}ms", after_ms_);
  }

 private:
  static std::vector<std::string> DeleteClasses(const BindingModel& m) {
    std::vector<std::string> out;
    for (const auto& [name, policy] : m.classes) {
      if (policy == "Delete") out.push_back(name);
    }
    return out;
  }
  std::string name_, claim_, class_;
  int after_ms_;
};

class ImportStatic : public Operation {
 public:
  explicit ImportStatic(const BindingModel& s0)
      : name_(Pick(Free(kSnapshotNames, s0.snapshots))),
        content_(Pick(Free(kStaticContentNames, s0.contents))),
        claim_(Pick(Keys(s0.claims))),
        policy_(Pick(kPolicies)) {
    DrawCrash();
  }
  void checkPreconditions(const BindingModel& s0) const override {
    RC_PRE(static_cast<bool>(!s0.snapshots.count(name_) && !s0.contents.count(content_) &&
           s0.claims.count(claim_) > 0));
  }
  void apply(BindingModel& s) const override { s.ImportStatic(name_, content_, policy_); }
  void Act(const BindingModel&, Sut& sut) const override {
    std::string disk = sut.DiskOf(claim_);
    auto r =
        sut.cluster->Aliyun({"ecs", "CreateSnapshot", "--RegionId", "cn-hangzhou", "--DiskId", disk,
                             "--SnapshotName", fmt::format("manual-{}", sut.manual_snapshots++)});
    std::smatch id;
    if (r.exit_code != 0 ||
        !std::regex_search(r.out, id, std::regex("\"SnapshotId\": \"(s-[a-z0-9]+)\""))) {
      RC_FAIL(fmt::format("aliyun ecs CreateSnapshot on {} failed: {}{}", disk, r.out, r.err));
    }
    sut.content_names[content_] = content_;
    sut.Kubectl({"create", "-f", "static.yaml"},
                {{"static.yaml", StaticYaml(name_, content_, id[1], policy_)}});
  }
  std::string Describe() const override {
    return fmt::format("ImportStatic({}, content={}, disk of {}, {})", name_, content_, claim_,
                       policy_);
  }
  std::string Situation(const BindingModel&, const BindingModel&) const override {
    return "ImportStatic " + policy_;
  }

 private:
  std::string name_, content_, claim_, policy_;
};

class DeleteContent : public Operation {
 public:
  explicit DeleteContent(const BindingModel& s0) {
    std::vector<std::string> live;
    for (const auto& [k, c] : s0.contents) {
      if (!c.terminating) live.push_back(k);
    }
    key_ = Pick(live);
    DrawCrash();
  }
  void checkPreconditions(const BindingModel& s0) const override {
    auto c = s0.contents.find(key_);
    RC_PRE(static_cast<bool>(c != s0.contents.end() && !c->second.terminating));
  }
  void apply(BindingModel& s) const override { s.DeleteContent(key_); }
  void Act(const BindingModel&, Sut& sut) const override {
    sut.Kubectl({"delete", "volumesnapshotcontent", sut.ContentName(key_), "--wait=false"});
  }
  std::string Describe() const override { return fmt::format("DeleteContent({})", key_); }
  std::string Situation(const BindingModel& s0, const BindingModel&) const override {
    const ModelContent& c = s0.contents.at(key_);
    if (!c.snapshot.empty()) return "DeleteContent of a live snapshot (D3)";
    return "DeleteContent released " + c.policy;
  }

 private:
  std::string key_;
};

class PatchContentPolicy : public Operation {
 public:
  explicit PatchContentPolicy(const BindingModel& s0) : key_(Pick(Keys(s0.contents))) {
    policy_ = s0.contents.at(key_).policy == "Delete" ? "Retain" : "Delete";
    DrawCrash();
  }
  void checkPreconditions(const BindingModel& s0) const override {
    RC_PRE(s0.contents.count(key_) > 0);
  }
  void apply(BindingModel& s) const override { s.PatchContentPolicy(key_, policy_); }
  void Act(const BindingModel&, Sut& sut) const override {
    sut.Kubectl({"patch", "volumesnapshotcontent", sut.ContentName(key_), "--type=merge", "-p",
                 fmt::format(R"({{"spec":{{"deletionPolicy":"{}"}}}})", policy_)});
  }
  std::string Describe() const override {
    return fmt::format("PatchContentPolicy({}, {})", key_, policy_);
  }
  std::string Situation(const BindingModel& s0, const BindingModel&) const override {
    const ModelContent& c = s0.contents.at(key_);
    return fmt::format("PatchContentPolicy {} -> {} ({})", c.policy, policy_,
                       c.terminating        ? "terminating"
                       : c.snapshot.empty() ? "released"
                                            : "bound");
  }

 private:
  std::string key_, policy_;
};

class Crash : public Operation {
 public:
  Crash() : component_(Pick(kComponents)) {}
  void Act(const BindingModel&, Sut& sut) const override {
    Status crashed = sut.cluster->Crash(component_);
    RC_ASSERT(crashed.ok());
  }
  std::string Describe() const override { return fmt::format("Crash({})", component_); }
  std::string Situation(const BindingModel&, const BindingModel&) const override {
    return "Crash " + component_ + " at rest";
  }

 private:
  std::string component_;
};

// ---- the property ----------------------------------------------------------

void ModelAndClusterAgree(const std::vector<std::string>& upstream_bugs) {
  cluster::ClusterOptions options;
  options.kubernetes_version = "1.30";
  options.upstream_bugs = upstream_bugs;
  options.seed =
      *rc::gen::resize(100, rc::gen::inRange<std::uint64_t>(1, 1000000)).as("cluster seed");
  if (*rc::gen::arbitrary<bool>().as("reorder same-instant events")) {
    options.schedule_seed =
        *rc::gen::resize(100, rc::gen::inRange<std::uint64_t>(1, 1000000)).as("schedule seed");
  }
  auto created = Cluster::Create(options);
  if (!created.ok()) RC_FAIL("Cluster::Create: " + created.status().ToString());
  Sut sut(std::move(*created));

  // CreateClass, CreateClaim and CreateSnapshot twice: most sequences need all three.
  auto generate =
      rc::state::gen::execOneOfWithArgs<CreateClass, CreateClass, DeleteClass, CreateClaim,
                                        CreateClaim, DeleteClaim, CreateSnapshot, CreateSnapshot,
                                        DeleteSnapshot, SnapshotDeletedEarly, ImportStatic,
                                        DeleteContent, Restore, PatchContentPolicy, Crash>();
  const auto commands =
      *rc::gen::resize(kMaxCommands - 1, rc::state::gen::commands(BindingModel{}, generate));
  rc::state::runAll(commands, BindingModel{}, sut);
}

// Reports nothing: for a run that is expected to fail (rapidcheck's default listener
// would print a "to reproduce" line at exit).
class QuietListener : public rc::detail::TestListener {
 public:
  void onTestCaseFinished(const rc::detail::CaseDescription&) override {}
  void onShrinkTried(const rc::detail::CaseDescription&, bool) override {}
  void onTestFinished(const rc::detail::TestMetadata&, const rc::detail::TestResult&) override {}
};

rc::detail::TestResult Check(const std::string& id, rc::detail::TestParams params,
                             const std::vector<std::string>& upstream_bugs,
                             bool expect_failure = false) {
  rc::detail::TestMetadata metadata;
  metadata.id = id;
  metadata.description = id;
  auto property = rc::detail::toProperty([&] { ModelAndClusterAgree(upstream_bugs); });
  if (expect_failure) {
    QuietListener quiet;
    return rc::detail::checkProperty(property, metadata, params, quiet);
  }
  return rc::detail::checkProperty(property, metadata, params);
}

std::string Message(const rc::detail::TestResult& result) {
  std::ostringstream ss;
  rc::detail::printResultMessage(result, ss);
  return ss.str();
}

// The situations a default run must reach, so that the property cannot pass vacuously.
const std::vector<std::string> kMustExercise = {
    "CreateSnapshot ready",
    "CreateSnapshot waits for its class or claim",
    "CreateClass unblocks a waiting snapshot",
    "DeleteSnapshot dynamic Delete content (D1)",
    "DeleteSnapshot dynamic Retain content (D2)",
    "DeleteSnapshot not ready (D4)",
    "DeleteContent of a live snapshot (D3)",
    "DeleteContent released Retain",
    "ImportStatic Delete",
    "ImportStatic Retain",
    "Restore from a dynamic snapshot",
    "Restore from a static snapshot",
    "PatchContentPolicy Delete -> Retain (bound)",
    "DeleteClaim",
};

TEST(SnapshotPropertiesTest, ModelAndClusterAgree) {
  // A fixed seed by default, so that CI runs the same cases every time; RC_PARAMS
  // ("seed=N max_success=M", "reproduce=...") explores or replays others.
  bool configured = std::getenv("RC_PARAMS") != nullptr;
  rc::detail::TestParams params = rc::detail::configuration().testParams;
  if (!configured) {
    params.seed = 20240613;
    params.maxSuccess = kDefaultCases;
  }
  Exercised().clear();
  std::vector<std::string> bugs;
  if (const char* b = std::getenv("TMP_BUGS")) bugs.push_back(b);
  auto result = Check("SnapshotPropertiesTest/ModelAndClusterAgree", params, bugs);
  ASSERT_TRUE(result.is<rc::detail::SuccessResult>()) << Message(result);
  std::cout << "situations exercised:\n";
  for (const auto& [situation, n] : Exercised())
    std::cout << fmt::format("  {:5} {}\n", n, situation);
  if (!configured) {
    for (const auto& situation : kMustExercise) {
      EXPECT_GT(Exercised()[situation], 0) << "the property no longer reaches: " << situation;
    }
  }
}

// With #292 back, deleting a snapshot whose content was flipped from Delete to Retain
// leaves the snapshot Terminating: the property must find that and shrink it to the
// few operations that matter.
TEST(SnapshotPropertiesTest, FindsUpstreamBug292) {
  rc::detail::TestParams params;
  params.seed = 292;
  params.maxSuccess = 1000;  // stops at the first failure (about 70 cases in)
  auto result =
      Check("SnapshotPropertiesTest/FindsUpstreamBug292", params, {"292"}, /*expect_failure=*/true);
  ASSERT_TRUE(result.is<rc::detail::FailureResult>()) << Message(result);
  std::string message = Message(result);
  std::cout << "the expected counterexample:\n" << message << "\n";
  EXPECT_NE(message.find("PatchContentPolicy"), std::string::npos) << message;
  EXPECT_NE(message.find("DeleteSnapshot"), std::string::npos) << message;
  EXPECT_NE(message.find("liveness/snapshot-deleted"), std::string::npos) << message;
  // Shrunk to the few operations that matter (claim, class or import, snapshot, flip, delete).
  for (const auto& [type, value] : result.get<rc::detail::FailureResult>().counterExample) {
    if (type.find("Command<") == std::string::npos) continue;
    auto operations = std::count(value.begin(), value.end(), '\n');
    EXPECT_LE(operations, 6) << value;
  }
}

// The race of kWaitForResyncOnKnownRace, as the property found and shrank it (cluster
// seed 236624, schedule seed 1): a snapshot deleted as soon as the snapshot controller
// made its content. Disabled while the race is there; run it with
// --gtest_also_run_disabled_tests. (The seeds pin one interleaving: after changes to
// the simulator it may need the property to find a new one.)
TEST(SnapshotPropertiesTest, DISABLED_SnapshotDeletedDuringCreateIsGoneAtRest) {
  cluster::ClusterOptions options;
  options.kubernetes_version = "1.30";
  options.seed = 236624;
  options.schedule_seed = 1;
  auto created = Cluster::Create(options);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  Cluster& c = **created;
  auto apply = [&](const std::string& yaml) {
    auto r = c.Kubectl({"create", "-f", "f.yaml"},
                       [&](std::string_view) -> Result<std::string> { return yaml; });
    ASSERT_EQ(r.exit_code, 0) << r.err;
  };
  apply(ClassYaml("gold", "Delete"));
  c.Settle(kSettleLimit);
  apply(ClaimYaml("data-a", ""));
  c.Settle(kSettleLimit);
  apply(ClaimYaml("data-b", ""));
  c.Settle(kSettleLimit);
  apply(DynamicSnapshotYaml("snap-a", "data-a", "gold"));
  c.Sleep(0);  // the snapshot controller creates the content, csi-snapshotter calls CreateSnapshot
  ASSERT_EQ(c.Kubectl({"delete", "volumesnapshot", "snap-a", "--wait=false"}, nullptr).exit_code,
            0);
  EXPECT_TRUE(c.Settle(kSettleLimit).at_rest);
  EXPECT_TRUE(c.CheckInvariants().empty());
  for (const auto& v : c.CheckLiveness()) ADD_FAILURE() << v.invariant << ": " << v.detail;
  EXPECT_TRUE(All<api::VolumeSnapshotContent>(c.server()).empty());
  EXPECT_TRUE(c.ecs().AllSnapshots().empty());
}

}  // namespace
}  // namespace snapsim::props
