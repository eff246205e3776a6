#include "sim/chaos/transform.h"

#include <gtest/gtest.h>

#include "sim/chaos/scenario_writer.h"
#include "sim/scenario/loader.h"

namespace snapsim::chaos {
namespace {

constexpr std::string_view kScenario = R"(
name: t/transform
steps:
  - kubectl: apply -f a.yaml
  - kubectl: get pods
    expect: { stdout: "x\n" }
  - kubectl: apply -f b.yaml
  - kubectl: apply -f c.yaml
    settle: 2s
  - kubectl: get vs
    expect: { stdoutContains: "false" }
  - fault: { ecs: { api: CreateSnapshot, error: Throttling } }
  - kubectl: apply -f d.yaml
  - aliyun: ecs CreateSnapshot --DiskId d-1
    expect: { exitCode: 1 }
  - fault: { clear: all }
  - kubectl: delete vs x
)";

scenario::Scenario Load() {
  auto s = scenario::LoadScenarioText(kScenario, "t.yaml");
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return *s;
}

bool IsClearStep(const PlanStep& ps) { return ps.origin == Origin::kClear; }

TEST(TransformTest, DeterministicPerSeedAndDifferentAcrossSeeds) {
  auto s = Load();
  std::string a = WriteScenario(Materialize(Transform(s, 7, {})));
  std::string b = WriteScenario(Materialize(Transform(s, 7, {})));
  EXPECT_EQ(a, b);
  int different = 0;
  for (std::uint64_t seed = 1; seed <= 10; ++seed) {
    different += WriteScenario(Materialize(Transform(s, seed, {}))) != a;
  }
  EXPECT_GE(different, 9);
}

TEST(TransformTest, KeepsOriginalStepsInOrderAndSetsTheSeed) {
  auto s = Load();
  for (std::uint64_t seed = 1; seed <= 50; ++seed) {
    ChaosPlan plan = Transform(s, seed, {});
    EXPECT_EQ(plan.base.cluster.seed, seed);
    int next = 0;
    for (const auto& ps : plan.steps) {
      if (ps.origin == Origin::kOriginal) {
        EXPECT_EQ(ps.index, next++);
      } else {
        EXPECT_FALSE(HasExpect(ps.step));
      }
    }
    EXPECT_EQ(next, static_cast<int>(s.steps.size()));
    ASSERT_FALSE(plan.steps.empty());
    EXPECT_TRUE(IsClearStep(plan.steps.back())) << "seed " << seed;
  }
}

TEST(TransformTest, FaultsAreLiftedBeforeEveryExpectation) {
  auto s = Load();
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    ChaosPlan plan = Transform(s, seed, {});
    scenario::Scenario run = Materialize(plan);
    bool in_force = false;  // an inserted fault not yet lifted
    for (std::size_t i = 0; i < plan.steps.size(); ++i) {
      const auto& ps = plan.steps[i];
      if (ps.origin == Origin::kInserted && std::holds_alternative<scenario::FaultStep>(ps.step.action)) {
        in_force = true;
      }
      if (IsClearStep(ps)) {
        in_force = false;
        EXPECT_TRUE(run.steps[i].settle) << "a clear settles to rest";
        EXPECT_EQ(run.steps[i].settle_limit, scenario::kDefaultSettleLimit);
      }
      if (ps.origin == Origin::kOriginal && HasExpect(ps.step)) {
        EXPECT_FALSE(in_force) << "seed " << seed << " step " << ps.index;
      }
    }
    // Nothing inserted between `settle: 2s` and the expectation that follows it, nor
    // while the scenario's own fault rule is in force (steps 6..8).
    for (std::size_t i = 0; i + 1 < plan.steps.size(); ++i) {
      if (plan.steps[i].origin == Origin::kOriginal && (plan.steps[i].index == 3 ||
                                                        (plan.steps[i].index >= 5 && plan.steps[i].index <= 7))) {
        EXPECT_NE(plan.steps[i + 1].origin, Origin::kInserted) << "seed " << seed;
      }
    }
  }
}

TEST(TransformTest, FaultKindsFilterTheMenu) {
  auto s = Load();
  ChaosOptions only_crash;
  only_crash.kinds = *ParseFaultKinds("crash");
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    for (const auto& ps : Transform(s, seed, only_crash).steps) {
      if (ps.origin == Origin::kInserted) {
        EXPECT_TRUE(std::holds_alternative<scenario::CrashStep>(ps.step.action));
      }
    }
  }
  EXPECT_FALSE(ParseFaultKinds("ecs-error,bogus").ok());
  EXPECT_EQ(ParseFaultKinds("").value().size(), kDefaultFaultKinds.size());
  EXPECT_EQ(ParseFaultKinds("all").value().size(), kAllFaultKinds.size());
}

// `schedule` is not a step: it gives the run cluster.scheduleSeed = the seed, and a
// reproducer keeps it. Only named (or "all"), never by default.
TEST(TransformTest, ScheduleSetsTheScheduleSeedAndInsertsNoStep) {
  auto s = Load();
  ChaosOptions only_schedule;
  only_schedule.kinds = *ParseFaultKinds("schedule");
  ChaosPlan plan = Transform(s, 7, only_schedule);
  ASSERT_TRUE(plan.base.cluster.schedule_seed.has_value());
  EXPECT_EQ(*plan.base.cluster.schedule_seed, 7u);
  EXPECT_EQ(plan.InsertedCount(), 0u);
  EXPECT_FALSE(Transform(s, 7, {}).base.cluster.schedule_seed.has_value());
  ChaosOptions all;
  all.kinds = *ParseFaultKinds("all");
  ChaosPlan with_all = Transform(s, 7, all);
  EXPECT_TRUE(with_all.base.cluster.schedule_seed.has_value());
  auto again = scenario::LoadScenarioText(WriteScenario(Materialize(with_all)), "again.yaml");
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->cluster.schedule_seed, std::optional<std::uint64_t>(7));
}

TEST(TransformTest, EveryFaultKindIsAcceptedByTheLoader) {
  // Reproducers must load: write a plan with every kind and load it back.
  auto s = Load();
  for (std::uint64_t seed = 1; seed <= 30; ++seed) {
    std::string text = WriteScenario(Materialize(Transform(s, seed, {})));
    auto again = scenario::LoadScenarioText(text, "again.yaml");
    ASSERT_TRUE(again.ok()) << again.status().ToString() << "\n" << text;
  }
}

}  // namespace
}  // namespace snapsim::chaos
