#include "sim/chaos/chaos_run.h"

#include <gtest/gtest.h>

#include <sstream>

#include "sim/chaos/chaos_command.h"
#include "sim/chaos/reproducer.h"
#include "sim/chaos/scenario_writer.h"
#include "sim/cluster/host_factory.h"
#include "sim/scenario/fake_host.h"
#include "sim/scenario/loader.h"

namespace snapsim::chaos {
namespace {

std::string SourcePath(std::string_view rel) { return std::string(SNAPSIM_SOURCE_DIR) + "/" + std::string(rel); }

TEST(ChaosRunTest, StatefulSetScenarioPassesTwentySeeds) {
  auto s = scenario::LoadScenarioFile(SourcePath("scenarios/ack-doc/statefulset.yaml"));
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  auto factory = cluster::NewHostFactory();
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    CaseOutcome o = RunPlan(Transform(*s, seed, {}), factory, {});
    EXPECT_FALSE(o.failed) << "seed " << seed << ": " << o.invariant << ": " << o.detail << "\n" << o.result.Text();
  }
}

TEST(ChaosRunTest, SameSeedSameFinalStateAndTranscript) {
  auto s = scenario::LoadScenarioFile(SourcePath("scenarios/ack-doc/dynamic-snapshot.yaml"));
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  auto factory = cluster::NewHostFactory();
  std::set<std::uint64_t> digests;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    ChaosPlan plan = Transform(*s, seed, {});
    CaseOutcome a = RunPlan(plan, factory, {.dump_state = true});
    CaseOutcome b = RunPlan(Transform(*s, seed, {}), factory, {.dump_state = true});
    EXPECT_FALSE(a.state.empty());
    EXPECT_EQ(a.digest, b.digest) << "seed " << seed;
    EXPECT_EQ(a.result.Text(), b.result.Text()) << "seed " << seed;
    EXPECT_EQ(a.state, b.state) << "seed " << seed;
    digests.insert(a.digest);
  }
  EXPECT_EQ(digests.size(), 20u);  // seeds differ
}

// A scripted host where `kubectl violate` (the culprit) breaks an invariant: the shrinker
// must remove every inserted fault and every harmless step, keeping only the culprit.
TEST(ChaosRunTest, ShrinksToTheCulpritStep) {
  auto s = scenario::LoadScenarioText(R"(
name: t/shrink
steps:
  - kubectl: echo one
  - kubectl: echo two
  - kubectl: violate no-leak snapshot s-1 leaked
  - kubectl: echo three
  - kubectl: echo four
)",
                                      "t.yaml");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  auto factory = scenario::FakeHostFactory({});
  ChaosPlan plan = Transform(*s, 3, {.max_per_step = 2});
  ASSERT_GT(plan.InsertedCount(), 0u);
  CaseOutcome failing = RunPlan(plan, factory, {});
  ASSERT_TRUE(failing.failed);
  EXPECT_EQ(failing.signature, "invariant/no-leak");
  ShrinkResult shrunk = Shrink(plan, failing, factory, {});
  EXPECT_EQ(shrunk.plan.InsertedCount(), 0u);
  ASSERT_EQ(shrunk.plan.OriginalCount(), 1u);
  const PlanStep* culprit = nullptr;
  for (const auto& ps : shrunk.plan.steps) {
    if (ps.origin == Origin::kOriginal) culprit = &ps;
  }
  ASSERT_NE(culprit, nullptr);
  EXPECT_EQ(culprit->index, 2);
  EXPECT_EQ(shrunk.outcome.signature, "invariant/no-leak");

  // The reproducer loads and fails the same way under the plain runner.
  std::string text = WriteScenario(ReproducerScenario(shrunk.plan, shrunk.outcome));
  auto repro = scenario::LoadScenarioText(text, "repro.yaml");
  ASSERT_TRUE(repro.ok()) << repro.status().ToString() << "\n" << text;
  auto result = scenario::RunScenario(*repro, factory);
  EXPECT_FALSE(result.passed);
  EXPECT_NE(result.verdict.find("invariant no-leak violated"), std::string::npos) << result.verdict;
  EXPECT_NE(text.find("seed 3"), std::string::npos);
}

TEST(ChaosRunTest, InsertedFaultsHitAnExpectationOnlyAfterBeingLifted) {
  // A failing expectation is reported with the scenario's step, and the shrinker keeps
  // the scenario's steps (the expectation depends on them).
  auto s = scenario::LoadScenarioText(R"(
name: t/expect
steps:
  - kubectl: echo one
  - kubectl: echo two
    expect: { stdout: "three\n" }
)",
                                      "t.yaml");
  ASSERT_TRUE(s.ok());
  auto factory = scenario::FakeHostFactory({});
  ChaosPlan plan = Transform(*s, 5, {});
  CaseOutcome o = RunPlan(plan, factory, {});
  ASSERT_TRUE(o.failed);
  EXPECT_EQ(o.signature, "expect/1");
  ShrinkResult shrunk = Shrink(plan, o, factory, {});
  EXPECT_EQ(shrunk.plan.InsertedCount(), 0u);
  EXPECT_EQ(shrunk.plan.OriginalCount(), 2u);
}

TEST(ChaosRunTest, LivenessFailureWhenNotAtRestAfterFaultsClear) {
  auto s = scenario::LoadScenarioText(R"(
name: t/liveness
steps:
  - kubectl: echo one
  - kubectl: busy 3h
    settle: false
)",
                                      "t.yaml");
  ASSERT_TRUE(s.ok());
  CaseOutcome o = RunPlan(Transform(*s, 1, {}), scenario::FakeHostFactory({}), {});
  ASSERT_TRUE(o.failed);
  EXPECT_EQ(o.signature, "liveness");
  EXPECT_NE(o.detail.find("fake work"), std::string::npos) << o.detail;
}

TEST(ChaosCommandTest, SameOutputForAnyJobsAndUsageErrors) {
  std::string file = SourcePath("scenarios/ack-doc/statefulset.yaml");
  std::string out_dir = ::testing::TempDir() + "/chaos-cmd";
  auto run = [&](std::vector<std::string> args, std::string* out_text) {
    std::ostringstream out, err;
    int code = ChaosCommandMain(args, cluster::NewHostFactory(), out, err);
    *out_text = out.str();
    return code;
  };
  std::string one, two;
  EXPECT_EQ(run({file, "--seeds", "6", "--jobs", "1", "--out", out_dir}, &one), 0) << one;
  EXPECT_EQ(run({file, "--seeds", "6", "--jobs", "3", "--out", out_dir}, &two), 0) << two;
  EXPECT_EQ(one, two);
  EXPECT_EQ(one, "6 seeds, 6 passed, 0 failed\n");
  std::string ignored;
  EXPECT_EQ(run({file, "--faults", "nope"}, &ignored), 2);
  EXPECT_EQ(run({file, "--seeds", "0"}, &ignored), 2);
}

}  // namespace
}  // namespace snapsim::chaos
