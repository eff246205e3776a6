// The runner of the snapshot controller's table tests (testing/framework.h
// describes it; the fixture is testing/fixture.cc). Its one test checks that
// ReportFailure() fails the running test.
#include "src/csi/snapshot_controller/testing/framework.h"

#include <fmt/format.h>
#include <gtest/gtest-spi.h>

#include <algorithm>
#include <cstdlib>

#include "src/api/yaml.h"

namespace snapsim::csi::testing {
namespace {

// Failures of the builders and the fixture (ReportFailure) fail the running test.
[[maybe_unused]] const bool kGtestReporter = [] {
  SetFailureReporter([](std::string_view message) { ADD_FAILURE() << message; });
  return true;
}();

enum class Kind { kSnapshot, kContent, kClaim };

// The fields of an object a row's expectation covers (framework.h, step 5).
api::Value Project(const api::Value& v, Kind kind) {
  api::Value out = api::Value::EmptyObject();
  const api::Value* md = v.Find("metadata");
  auto str = [&](const api::Value* p, std::string_view key) -> std::string {
    const api::Value* x = p ? p->Find(key) : nullptr;
    return x && x->is_string() ? x->as_string() : "";
  };
  out["name"] = str(md, "name");
  if (kind != Kind::kContent) out["namespace"] = str(md, "namespace");
  const api::Value* dt = md ? md->Find("deletionTimestamp") : nullptr;
  out["deleting"] = dt != nullptr && !dt->is_null();
  std::vector<std::string> finalizers;
  if (const api::Value* fs = md ? md->Find("finalizers") : nullptr; fs && fs->is_array()) {
    for (const auto& f : fs->as_array()) {
      if (kind == Kind::kClaim && f.as_string().rfind("snapshot.storage.kubernetes.io/", 0) != 0)
        continue;
      finalizers.push_back(f.as_string());
    }
  }
  std::sort(finalizers.begin(), finalizers.end());
  api::Value::Array fa;
  for (auto& f : finalizers) fa.emplace_back(f);
  out["finalizers"] = api::Value(std::move(fa));
  if (kind == Kind::kClaim) return out;
  for (std::string_view key : {"annotations", "labels"}) {
    if (const api::Value* a = md ? md->Find(key) : nullptr; a && a->is_object() && a->size() > 0)
      out[key] = *a;
  }
  if (const api::Value* spec = v.Find("spec")) {
    api::Value s = *spec;
    if (api::Value* ref = s.FindMutable("volumeSnapshotRef")) ref->Erase("resourceVersion");
    out["spec"] = s;
  }
  if (const api::Value* status = v.Find("status"); status && !status->is_null()) {
    api::Value s = *status;
    if (api::Value* err = s.FindMutable("error")) err->Erase("time");
    out["status"] = s;
  }
  return out;
}

std::string KeyOf(const api::Value& projected) {
  const api::Value* ns = projected.Find("namespace");
  std::string name = projected.Find("name")->as_string();
  return ns ? ns->as_string() + "/" + name : name;
}

void CompareObjects(const Fixture& f, std::string_view what, Kind kind,
                    const std::vector<api::ObjectPtr>& actual,
                    const std::vector<const api::Object*>& expected) {
  std::map<std::string, std::string> want, got;
  for (const api::Object* o : expected) {
    api::Value p = Project(f.ResolvedValue(*o), kind);
    want[KeyOf(p)] = api::ToYaml(p);
  }
  for (const auto& o : actual) {
    api::Value p = Project(o->ToValue(), kind);
    got[KeyOf(p)] = api::ToYaml(p);
  }
  for (const auto& [key, yaml] : want) {
    auto it = got.find(key);
    if (it == got.end()) {
      ADD_FAILURE() << what << " " << key << " expected but absent from the store; expected:\n"
                    << yaml;
      continue;
    }
    EXPECT_EQ(yaml, it->second) << what << " " << key << " differs (expected first, actual second)";
  }
  for (const auto& [key, yaml] : got) {
    if (want.count(key) == 0)
      ADD_FAILURE() << what << " " << key << " present but not expected:\n" << yaml;
  }
}

bool MessageMatches(const std::string& want, const std::string& got) {
  if (want.size() >= 3 && want.compare(want.size() - 3, 3, "...") == 0) {
    return got.rfind(want.substr(0, want.size() - 3), 0) == 0;
  }
  return want == got;
}

template <class T>
std::vector<const api::Object*> Objects(const std::vector<T>& builders) {
  std::vector<const api::Object*> out;
  for (const auto& b : builders) out.push_back(b.obj.get());
  return out;
}

}  // namespace

// ---- the runner ---------------------------------------------------------------------

void RunControllerTest(const ControllerTest& t) {
  // SNAPSIM_RUN_BUG_CASES=1 runs them anyway (to see the failure, or to check a fix).
  const char* run_bugs = std::getenv("SNAPSIM_RUN_BUG_CASES");
  if (!t.bug.empty() && (run_bugs == nullptr || std::string_view(run_bugs) != "1")) {
    GTEST_SKIP() << "BUG: " << t.bug;
  }
  SCOPED_TRACE(t.name);
  Fixture f;
  f.Seed(t);
  if (::testing::Test::HasFailure()) return;
  f.InstallFaults(t.errors);
  f.StartController();
  if (t.op.single_sync) f.PrimeCaches(t);
  if (t.before) t.before(f);
  Status result = t.op.run(f);

  if (t.outcome.ok) {
    EXPECT_TRUE(result.ok()) << "expected success, got " << result.ToString();
  } else {
    EXPECT_FALSE(result.ok()) << "expected an error, got success";
    if (t.outcome.message && !result.ok()) {
      EXPECT_EQ(result.message(), f.Resolve(*t.outcome.message));
    }
  }

  CompareObjects(f, "VolumeSnapshot", Kind::kSnapshot,
                 f.server().PeekAll(api::VolumeSnapshot::Info()),
                 Objects(t.expected_snapshots.value_or(t.snapshots)));
  CompareObjects(f, "VolumeSnapshotContent", Kind::kContent,
                 f.server().PeekAll(api::VolumeSnapshotContent::Info()),
                 Objects(t.expected_contents.value_or(t.contents)));
  CompareObjects(f, "PersistentVolumeClaim", Kind::kClaim,
                 f.server().PeekAll(api::PersistentVolumeClaim::Info()),
                 Objects(t.expected_claims.value_or(t.claims)));

  std::vector<EmittedEvent> got = f.events();
  bool same = got.size() == t.expected_events.size();
  for (std::size_t i = 0; same && i < got.size(); ++i) {
    const ExpectedEvent& want = t.expected_events[i];
    same = want.type == got[i].type && want.reason == got[i].reason &&
           MessageMatches(f.Resolve(want.message), got[i].message);
  }
  if (!same) {
    std::string w, g;
    for (const auto& e : t.expected_events)
      w += fmt::format("  {} {} {}\n", e.type, e.reason, f.Resolve(e.message));
    for (const auto& e : got)
      g += fmt::format("  {} {} {}  (on {})\n", e.type, e.reason, e.message, e.object);
    ADD_FAILURE() << "events differ\nexpected:\n" << w << "got:\n" << g;
  }

  if (t.expected_writes) {
    EXPECT_EQ(fmt::format("{}", fmt::join(*t.expected_writes, "\n")),
              fmt::format("{}", fmt::join(f.writes(), "\n")))
        << "write requests differ";
  }
  for (const Fault& fault : f.unused_faults()) {
    ADD_FAILURE() << "injected error never used: " << fault.verb << " " << fault.resource << " "
                  << fault.reason;
  }
  if (t.check) t.check(f);
}

std::string CaseName(const std::string& name) {
  std::string out = "C";
  for (char c : name) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (alnum) {
      out += c;
    } else if (out.back() != '_') {
      out += '_';
    }
    if (out.size() >= 80) break;
  }
  while (out.back() == '_') out.pop_back();
  return out;
}

void PrintTo(const ControllerTest& t, std::ostream* os) { *os << '"' << t.name << '"'; }

std::string CaseParamName(const ::testing::TestParamInfo<ControllerTest>& info) {
  return CaseName(info.param.name);
}

TEST_P(ControllerTableTest, Run) { RunControllerTest(GetParam()); }

// The builders and the fixture report through ReportFailure(); in this binary that
// must fail the running test.
TEST(TableFramework, ReportFailureFailsTheRunningTest) {
  EXPECT_NONFATAL_FAILURE(ReportFailure("no such placeholder"), "no such placeholder");
}

}  // namespace snapsim::csi::testing
