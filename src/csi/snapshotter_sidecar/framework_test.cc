// The runner of csi-snapshotter's table tests (testing/framework.h describes it;
// the fixture is testing/fixture.cc). Holds no tests itself.
#include "src/csi/snapshotter_sidecar/testing/framework.h"

#include <fmt/format.h>
#include <gtest/gtest-spi.h>

#include <algorithm>

#include "src/api/yaml.h"

namespace snapsim::csi::sidecar_testing {
namespace {

// Failures of the fixture and the fake driver (ReportFailure) fail the running test.
[[maybe_unused]] const bool kGtestReporter = [] {
  SetFailureReporter([](std::string_view message) { ADD_FAILURE() << message; });
  return true;
}();

api::Value Project(const api::Value& v) {
  api::Value out = api::Value::EmptyObject();
  const api::Value* md = v.Find("metadata");
  out["name"] = md->Find("name")->as_string();
  const api::Value* dt = md->Find("deletionTimestamp");
  out["deleting"] = dt != nullptr && !dt->is_null();
  std::vector<std::string> fs;
  if (const api::Value* f = md->Find("finalizers"); f && f->is_array()) {
    for (const auto& e : f->as_array()) fs.push_back(e.as_string());
  }
  std::sort(fs.begin(), fs.end());
  api::Value::Array fa(fs.begin(), fs.end());
  out["finalizers"] = api::Value(std::move(fa));
  for (std::string_view key : {"annotations", "labels"}) {
    if (const api::Value* a = md->Find(key); a && a->is_object() && a->size() > 0) out[key] = *a;
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

bool MessageMatches(const std::string& want, const std::string& got) {
  if (want.size() >= 3 && want.compare(want.size() - 3, 3, "...") == 0) {
    return got.rfind(want.substr(0, want.size() - 3), 0) == 0;
  }
  return want == got;
}

}  // namespace

// ---- the runner -----------------------------------------------------------------------------

void RunSidecarTest(const SidecarTest& t) {
  SCOPED_TRACE(t.name);
  Fixture f;
  f.Seed(t);
  if (::testing::Test::HasFailure()) return;
  f.csi().script = t.csi;
  f.csi().list_supported = t.list_supported;
  f.InstallFaults(t.errors);
  f.StartSidecar(t.options);
  if (t.before) t.before(f);
  Result<SyncResult> result = t.op.run(f);

  if (!result.ok()) {
    ADD_FAILURE() << "operation failed: " << result.status().ToString();
  } else if (t.outcome.ok) {
    EXPECT_TRUE(result->status.ok()) << "expected success, got " << result->status.ToString();
    EXPECT_EQ(result->requeue, t.outcome.requeue) << "requeue";
  } else {
    EXPECT_FALSE(result->status.ok()) << "expected an error, got success";
    EXPECT_TRUE(result->requeue) << "an error requeues";
    if (t.outcome.message && !result->status.ok()) {
      EXPECT_TRUE(MessageMatches(*t.outcome.message, result->status.message()))
          << "error message\n  expected: " << *t.outcome.message << "\n  actual:   " << result->status.message();
    }
  }

  std::map<std::string, std::string> want, got;
  for (const auto& c : t.expected_contents.value_or(t.contents)) {
    api::Value p = Project(c.obj->ToValue());
    want[p.Find("name")->as_string()] = api::ToYaml(p);
  }
  for (const auto& o : f.server().PeekAll(api::VolumeSnapshotContent::Info())) {
    api::Value p = Project(o->ToValue());
    got[p.Find("name")->as_string()] = api::ToYaml(p);
  }
  for (const auto& [k, y] : want) {
    auto it = got.find(k);
    if (it == got.end()) {
      ADD_FAILURE() << "content " << k << " expected but absent:\n" << y;
    } else {
      EXPECT_EQ(y, it->second) << "content " << k << " differs (expected first, actual second)";
    }
  }
  for (const auto& [k, y] : got) {
    if (want.count(k) == 0) ADD_FAILURE() << "content " << k << " present but not expected:\n" << y;
  }

  auto events = f.events();
  bool same = events.size() == t.expected_events.size();
  for (std::size_t i = 0; same && i < events.size(); ++i) {
    same = events[i].type == t.expected_events[i].type && events[i].reason == t.expected_events[i].reason &&
           MessageMatches(t.expected_events[i].message, events[i].message);
  }
  if (!same) {
    std::string w, g;
    for (const auto& e : t.expected_events) w += fmt::format("  {} {} {}\n", e.type, e.reason, e.message);
    for (const auto& e : events) g += fmt::format("  {} {} {}\n", e.type, e.reason, e.message);
    ADD_FAILURE() << "events differ\nexpected:\n" << w << "got:\n" << g;
  }
  if (t.expected_trace) {
    EXPECT_EQ(fmt::format("{}", fmt::join(*t.expected_trace, "\n")), fmt::format("{}", fmt::join(f.trace(), "\n")))
        << "trace differs";
  }
  for (const auto& c : f.csi().script) ADD_FAILURE() << "expected CSI call never made: " << c.method;
  for (const auto& fault : f.unused_faults()) {
    ADD_FAILURE() << "injected error never used: " << fault.verb << " " << fault.resource << " " << fault.reason;
  }
  if (t.check) t.check(f);
}

void PrintTo(const SidecarTest& t, std::ostream* os) { *os << '"' << t.name << '"'; }

std::string CaseParamName(const ::testing::TestParamInfo<SidecarTest>& info) {
  std::string out;
  for (char c : info.param.name) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (alnum) {
      out += c;
    } else if (!out.empty() && out.back() != '_') {
      out += '_';
    }
    if (out.size() >= 80) break;
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

TEST_P(SidecarTableTest, Run) { RunSidecarTest(GetParam()); }

// The builders and the fixture report through ReportFailure(); in this binary that
// must fail the running test.
TEST(TableFramework, ReportFailureFailsTheRunningTest) {
  EXPECT_NONFATAL_FAILURE(ReportFailure("no such placeholder"), "no such placeholder");
}

}  // namespace snapsim::csi::sidecar_testing
