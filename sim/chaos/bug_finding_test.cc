// Bug-finding power (issue 6): with each fixed upstream bug put back into our
// controllers (cluster.upstreamBugs), a chaos campaign over the scenarios of
// scenarios/chaos/ finds it within 1,000 seeds, shrinks it to a reproducer of at most ten
// steps that fails under `snapsim run` and passes once the bug is taken out again; and
// the correct build passes the same campaign.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "sim/chaos/chaos_run.h"
#include "sim/chaos/reproducer.h"
#include "sim/chaos/scenario_writer.h"
#include "sim/chaos/transform.h"
#include "sim/cluster/host_factory.h"
#include "sim/scenario/loader.h"
#include "sim/scenario/runner.h"

namespace snapsim::chaos {
namespace {

constexpr std::uint64_t kSeeds = 1000;
constexpr std::size_t kMaxReproducerSteps = 10;

std::string SourcePath(std::string_view rel) { return std::string(SNAPSIM_SOURCE_DIR) + "/" + std::string(rel); }

struct Campaign {
  scenario::Scenario scenario;
  bool liveness = true;  // judged iff the correct build ends live without faults
};

Campaign LoadCampaign(const std::string& rel, const scenario::HostFactory& factory) {
  auto s = scenario::LoadScenarioFile(SourcePath(rel));
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  if (!s.ok()) return {};
  ChaosOptions none;
  none.kinds.clear();
  CaseOutcome base = RunPlan(Transform(*s, s->cluster.seed, none), factory, {.check_liveness = true});
  EXPECT_FALSE(base.failed) << rel << " fails without faults: " << base.invariant << ": " << base.detail;
  return {*s, !base.failed};
}

struct BugCase {
  const char* bug;
  const char* scenario;  // the campaign scenario that exercises it
};

void PrintTo(const BugCase& c, std::ostream* os) { *os << "#" << c.bug; }

class BugFindingTest : public ::testing::TestWithParam<BugCase> {};

TEST_P(BugFindingTest, ChaosFindsItAndShrinksItToAShortReproducer) {
  const BugCase& c = GetParam();
  auto factory = cluster::NewHostFactory();
  Campaign campaign = LoadCampaign(c.scenario, factory);
  ASSERT_FALSE(campaign.scenario.name.empty());
  scenario::Scenario buggy = campaign.scenario;
  buggy.cluster.upstream_bugs = {c.bug};

  ChaosPlan plan;
  CaseOutcome found;
  std::uint64_t seed = 1;
  for (; seed <= kSeeds; ++seed) {
    plan = Transform(buggy, seed, {});
    found = RunPlan(plan, factory, {.check_liveness = campaign.liveness});
    if (found.failed && !found.known) break;
  }
  ASSERT_TRUE(found.failed && !found.known) << "#" << c.bug << " not found in " << kSeeds << " seeds of " << c.scenario;
  ShrinkResult shrunk = Shrink(plan, found, factory, {.check_liveness = campaign.liveness});
  scenario::Scenario repro = ReproducerScenario(shrunk.plan, shrunk.outcome);
  std::cout << fmt::format("#{}: found at seed {} ({}: {}); shrunk {} -> {} steps in {} runs\n", c.bug, seed,
                           found.invariant, found.detail, plan.steps.size(), repro.steps.size(), shrunk.runs);
  EXPECT_LE(repro.steps.size(), kMaxReproducerSteps) << WriteScenario(repro);

  // The reproducer file, read back, fails under `snapsim run` ...
  std::string text = WriteScenario(repro);
  auto reloaded = scenario::LoadScenarioText(text, "reproducer.yaml");
  ASSERT_TRUE(reloaded.ok()) << reloaded.status().ToString() << "\n" << text;
  scenario::ScenarioResult run = scenario::RunScenario(*reloaded, factory);
  ASSERT_TRUE(run.failure.has_value()) << "the reproducer passes:\n" << text << "\n" << run.Text();
  if (shrunk.outcome.signature.rfind("invariant/", 0) == 0) {
    EXPECT_NE(run.failure->summary.find(shrunk.outcome.invariant), std::string::npos)
        << run.failure->summary << "\n" << text;
  }
  // ... and passes with the bug taken out: the failure is the bug's.
  reloaded->cluster.upstream_bugs.clear();
  scenario::ScenarioResult fixed = scenario::RunScenario(*reloaded, factory);
  EXPECT_FALSE(fixed.failure.has_value()) << "the reproducer fails without the bug too:\n" << fixed.Text();
}

INSTANTIATE_TEST_SUITE_P(UpstreamBugs, BugFindingTest,
                         ::testing::Values(BugCase{"1388", "scenarios/chaos/delete-while-creating.yaml"},
                                           BugCase{"1366", "scenarios/chaos/delete-while-restore-runs.yaml"},
                                           BugCase{"292", "scenarios/chaos/retain-flip-then-delete.yaml"},
                                           BugCase{"1301", "scenarios/chaos/delete-while-restoring.yaml"},
                                           BugCase{"134", "scenarios/chaos/delete-while-creating.yaml"},
                                           BugCase{"413", "scenarios/chaos/claim-deleted-while-snapshotting.yaml"}),
                         [](const ::testing::TestParamInfo<BugCase>& info) { return std::string("bug") + info.param.bug; });

// The correct build passes the campaign the bugs are found in.
class CorrectBuildTest : public ::testing::TestWithParam<const char*> {};

TEST_P(CorrectBuildTest, PassesTheCampaign) {
  auto factory = cluster::NewHostFactory();
  Campaign campaign = LoadCampaign(GetParam(), factory);
  ASSERT_FALSE(campaign.scenario.name.empty());
  int failures = 0;
  for (std::uint64_t seed = 1; seed <= kSeeds && failures < 3; ++seed) {
    CaseOutcome o = RunPlan(Transform(campaign.scenario, seed, {}), factory, {.check_liveness = campaign.liveness});
    if (o.failed && !o.known) {
      ++failures;
      ADD_FAILURE() << GetParam() << " seed " << seed << ": " << o.invariant << ": " << o.detail;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Campaign, CorrectBuildTest,
                         ::testing::Values("scenarios/chaos/claim-deleted-while-snapshotting.yaml",
                                           "scenarios/chaos/delete-while-creating.yaml",
                                           "scenarios/chaos/delete-while-restore-runs.yaml",
                                           "scenarios/chaos/delete-while-restoring.yaml",
                                           "scenarios/chaos/retain-flip-then-delete.yaml"),
                         [](const ::testing::TestParamInfo<const char*>& info) {
                           std::string name = std::filesystem::path(info.param).stem().string();
                           for (char& ch : name) {
                             if (ch == '-') ch = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace snapsim::chaos
