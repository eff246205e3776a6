#include "sim/scenario/runner.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sim/scenario/fake_host.h"
#include "sim/scenario/loader.h"

namespace snapsim::scenario {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

Scenario MustLoad(const std::string& text, const std::string& path = "t/s.yaml") {
  auto s = LoadScenarioText(text, path);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return s.ok() ? *s : Scenario{};
}

ScenarioResult RunText(const std::string& text, FakeScript script = {},
                       std::shared_ptr<FakeLog> log = nullptr, RunOptions options = {}) {
  return RunScenario(MustLoad(text), FakeHostFactory(std::move(script), std::move(log)), options);
}

TEST(RunnerTest, TranscriptReadsLikeATerminalSession) {
  FakeScript script;
  script.kubectl["get vs missing"] = {
      "", "Error from server (NotFound): volumesnapshots.snapshot.storage.k8s.io \"missing\" not found\n",
      1};
  script.kubectl["get vs -o jsonpath={.items[0].status.readyToUse}"] = {"true", "", 0};
  auto r = RunText(R"(name: demo/transcript
steps:
  - kubectl: echo hello   world
  - kubectl: get vs missing
    expect:
      exitCode: 1
      stderrContains: NotFound
  - kubectl: get vs -o jsonpath={.items[0].status.readyToUse}
    expect: {stdout: "true"}
  - kubectl: busy 1h
    settle: 30m
  - sleep: 90s
  - fault: {ecs: {api: CreateSnapshot, error: Throttling, times: 2}, note: "a: b"}
  - crash: snapshot-controller
  - kubectl: seed
    saveStdout: SEED
)",
                   script);
  EXPECT_TRUE(r.passed) << r.Text();
  EXPECT_EQ(r.Text(), R"(=== demo/transcript (t/s.yaml, seed 1)
$ kubectl echo hello   world
hello world
$ kubectl get vs missing
! Error from server (NotFound): volumesnapshots.snapshot.storage.k8s.io "missing" not found
# exit code 1
$ kubectl get vs -o jsonpath={.items[0].status.readyToUse}
true
$ kubectl busy 1h
# not at rest after 30m; still in flight:
#   fake work, 30m0s to go
# sleep 90s
# fault {ecs: {api: CreateSnapshot, error: Throttling, times: 2}, note: "a: b"}
# crash snapshot-controller
$ kubectl seed
1
# SEED=1
PASS demo/transcript
)");
  EXPECT_EQ(r.verdict, "PASS demo/transcript\n");
  EXPECT_EQ(r.virtual_time, engine::kHour);
}

TEST(RunnerTest, SettlesAfterEveryStepUnlessToldOtherwise) {
  auto log = std::make_shared<FakeLog>();
  auto r = RunText(R"(name: x
steps:
  - kubectl: echo a
  - kubectl: echo b
    settle: 2s
  - kubectl: echo c
    settle: false
  - sleep: 1m
)",
                   {}, log);
  EXPECT_TRUE(r.passed) << r.Text();
  EXPECT_THAT(log->lines(), ElementsAre("kubectl echo a", "settle 1h0m0s", "kubectl echo b",
                                        "settle 2s", "kubectl echo c", "sleep 1m0s",
                                        "settle 1h0m0s"));
}

TEST(RunnerTest, SeedFlagOverridesClusterSeed) {
  auto log = std::make_shared<FakeLog>();
  const std::string text = "name: x\ncluster: {seed: 5}\nsteps:\n  - kubectl: seed\n";
  auto r = RunText(text, {}, log);
  EXPECT_THAT(r.transcript, HasSubstr("$ kubectl seed\n5\n"));
  EXPECT_EQ(r.seed, 5u);
  RunOptions options;
  options.seed = 77;
  r = RunText(text, {}, log, options);
  EXPECT_THAT(r.transcript, HasSubstr("=== x (t/s.yaml, seed 77)\n$ kubectl seed\n77\n"));
  ASSERT_EQ(log->configs().size(), 2u);
  EXPECT_EQ(log->configs()[1].seed, 77u);
}

TEST(RunnerTest, SubstitutesVariablesInCommandsFilesAndFaults) {
  auto log = std::make_shared<FakeLog>();
  auto r = RunText(R"(name: x
files:
  vs.yaml: |
    name: ${NAME}
    script: echo $${HOME} costs $5
steps:
  - kubectl: echo snap-1
    saveStdout: NAME
  - kubectl: echo "${NAME} is" $${NAME}
  - kubectl: apply -f vs.yaml
  - fault: {ecs: {api: DeleteSnapshot, snapshotId: "${NAME}"}}
)",
                   {}, log);
  EXPECT_TRUE(r.passed) << r.Text();
  EXPECT_THAT(r.transcript, HasSubstr("$ kubectl echo \"snap-1 is\" ${NAME}\nsnap-1 is ${NAME}\n"));
  EXPECT_THAT(r.transcript,
              HasSubstr("applied vs.yaml\nname: snap-1\nscript: echo ${HOME} costs $5\n"));
  EXPECT_THAT(r.transcript, HasSubstr("# fault {ecs: {api: DeleteSnapshot, snapshotId: snap-1}}\n"));
  EXPECT_THAT(log->lines(), ::testing::Contains("fault {ecs: {api: DeleteSnapshot, snapshotId: snap-1}}"));
}

TEST(RunnerTest, UndefinedVariableFailsTheStep) {
  auto r = RunText("name: x\nsteps:\n  - kubectl: echo a\n  - kubectl: get pv ${DISK_ID}\n");
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.verdict,
            "FAIL x\n"
            "  step 2 (t/s.yaml:4): kubectl get pv ${DISK_ID}\n"
            "  undefined variable ${DISK_ID}: no earlier step saved it (save: or saveStdout:)\n");
  EXPECT_THAT(r.transcript, HasSubstr("$ kubectl get pv ${DISK_ID}\n"));
}

TEST(RunnerTest, UndefinedVariableInAnInlineFileFailsTheStep) {
  auto r = RunText("name: x\nfiles:\n  a.yaml: \"x: ${X}\"\nsteps:\n  - kubectl: apply -f a.yaml\n");
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.verdict,
            "FAIL x\n"
            "  step 1 (t/s.yaml:5): kubectl apply -f a.yaml\n"
            "  file a.yaml: undefined variable ${X}: no earlier step saved it (save: or "
            "saveStdout:)\n");
}

TEST(RunnerTest, ResolvesFilesRelativeToTheScenario) {
  auto r = RunText("name: x\nsteps:\n  - kubectl: apply -f ./missing.yaml\n    expect: {exitCode: 1}\n");
  EXPECT_TRUE(r.passed) << r.Text();
  EXPECT_THAT(r.transcript, HasSubstr("! error: the path \"./missing.yaml\" does not exist\n"));
}

TEST(RunnerTest, SaveEvaluatesJsonPathOverStdout) {
  FakeScript script;
  script.aliyun["ecs CreateSnapshot --RegionId cn-hangzhou --DiskId d-1"] = {
      "{\"RequestId\": \"r-1\", \"SnapshotId\": \"s-123\"}\n", "", 0};
  script.kubectl["get pv -o jsonpath={.items[0].spec.csi.volumeHandle}"] = {"d-1", "", 0};
  auto r = RunText(R"(name: x
steps:
  - kubectl: get pv -o jsonpath={.items[0].spec.csi.volumeHandle}
    saveStdout: DISK_ID
  - aliyun: ecs CreateSnapshot --RegionId cn-hangzhou --DiskId ${DISK_ID}
    save: { SNAPSHOT_ID: "{.SnapshotId}", BOTH: "{.RequestId}/{.SnapshotId}" }
  - kubectl: echo ${SNAPSHOT_ID} ${BOTH}
    expect: {stdout: "s-123 r-1/s-123\n"}
)",
                   script);
  EXPECT_TRUE(r.passed) << r.Text();
  EXPECT_THAT(r.transcript, HasSubstr("# DISK_ID=d-1\n"));
  EXPECT_THAT(r.transcript, HasSubstr("# SNAPSHOT_ID=s-123\n# BOTH=r-1/s-123\n"));
}

TEST(RunnerTest, SaveFailures) {
  auto r = RunText("name: x\nsteps:\n  - kubectl: echo not json\n    save: {A: \"{.a}\"}\n");
  EXPECT_FALSE(r.passed);
  EXPECT_THAT(r.verdict, HasSubstr("  save: stdout is not JSON: "));
  FakeScript script;
  script.kubectl["get j"] = {"{\"b\": 1}", "", 0};
  r = RunText("name: x\nsteps:\n  - kubectl: get j\n    save: {A: \"{.a}\"}\n", script);
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.verdict,
            "FAIL x\n  step 1 (t/s.yaml:3): kubectl get j\n"
            "  save: A: jsonpath {.a} over stdout: a is not found\n");
}

TEST(RunnerTest, ExpectFailuresShowTheFirstDifference) {
  FakeScript script;
  script.kubectl["get vs -o jsonpath={.status.readyToUse}"] = {"false", "", 0};
  script.kubectl["ls"] = {"lost+found\ntest\nzzz\n", "", 0};
  auto r = RunText(R"(name: diff
steps:
  - kubectl: get vs -o jsonpath={.status.readyToUse}
    expect: {stdout: "true"}
)",
                   script);
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.verdict,
            "FAIL diff\n"
            "  step 1 (t/s.yaml:3): kubectl get vs -o jsonpath={.status.readyToUse}\n"
            "  stdout differs from expect.stdout\n"
            "  --- expected stdout\n"
            "  +++ actual stdout\n"
            "  @@ -1 +1 @@\n"
            "  -true\n"
            "  +false\n");
  r = RunText("name: diff\nsteps:\n  - kubectl: ls\n    expect: {stdout: \"lost+found\\ntest\\n\"}\n",
              script);
  EXPECT_EQ(r.verdict,
            "FAIL diff\n"
            "  step 1 (t/s.yaml:3): kubectl ls\n"
            "  stdout differs from expect.stdout\n"
            "  --- expected stdout\n"
            "  +++ actual stdout\n"
            "  @@ -3 +3 @@\n"
            "   test\n"
            "  \\ expected stdout ends after line 2\n"
            "  +zzz\n");
}

TEST(RunnerTest, FailingCommandWithoutExitCodeFailsAndStops) {
  auto log = std::make_shared<FakeLog>();
  auto r = RunText("name: x\nsteps:\n  - kubectl: nope\n  - kubectl: echo never\n", {}, log);
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.verdict,
            "FAIL x\n"
            "  step 1 (t/s.yaml:3): kubectl nope\n"
            "  command failed with exit code 1 (set expect.exitCode to expect a failure)\n"
            "  actual stderr (1 line):\n"
            "    fake: unscripted command: kubectl nope\n");
  EXPECT_THAT(log->lines(), ElementsAre("kubectl nope", "settle 1h0m0s"));
  EXPECT_THAT(r.transcript, ::testing::Not(HasSubstr("never")));
}

TEST(RunnerTest, InvariantViolationFailsTheScenario) {
  auto r = RunText(
      "name: x\nsteps:\n  - kubectl: echo ok\n  - kubectl: violate no-leaked-snapshot ECS snapshot "
      "s-1 has no content\n  - kubectl: echo never\n");
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.verdict,
            "FAIL x\n"
            "  step 2 (t/s.yaml:4): kubectl violate no-leaked-snapshot ECS snapshot s-1 has no "
            "content\n"
            "  invariant no-leaked-snapshot violated: ECS snapshot s-1 has no content\n");
  ASSERT_TRUE(r.failure.has_value());
  EXPECT_EQ(r.failure->step, 2u);
}

TEST(RunnerTest, FaultAndCrashErrorsAreOutput) {
  auto r = RunText(
      "name: x\nsteps:\n  - fault: {invalid: 1}\n    expect: {exitCode: 1, stderr: \"fault: "
      "invalid rule\\n\"}\n  - fault: {invalid: 2}\n");
  EXPECT_FALSE(r.passed);
  EXPECT_THAT(r.transcript, HasSubstr("# fault {invalid: 1}\n! fault: invalid rule\n# exit code 1\n"));
  EXPECT_THAT(r.verdict, HasSubstr("  step 2 (t/s.yaml:5): fault {invalid: 2}\n  command failed "
                                   "with exit code 1"));
}

TEST(RunnerTest, ClusterCreationFailure) {
  auto r = RunText("name: x\ncluster:\n  region: nowhere\nsteps:\n  - kubectl: echo a\n");
  EXPECT_FALSE(r.passed);
  EXPECT_EQ(r.verdict,
            "FAIL x\n  t/s.yaml:2: cannot create the cluster: unknown region nowhere\n");
}

TEST(RunnerTest, SameScenarioTwiceGivesByteIdenticalTranscripts) {
  const std::string text = R"(name: det
steps:
  - kubectl: rand
  - kubectl: rand
    saveStdout: R
  - kubectl: busy 3h
  - kubectl: echo ${R}
  - kubectl: rand
    expect: {stdout: "never"}
)";
  Scenario s = MustLoad(text);
  for (std::uint64_t seed : {1, 2, 3, 99, 12345}) {
    RunOptions options;
    options.seed = seed;
    auto a = RunScenario(s, FakeHostFactory({}), options);
    auto b = RunScenario(s, FakeHostFactory({}), options);
    EXPECT_EQ(a.Text(), b.Text()) << "seed " << seed;
    EXPECT_FALSE(a.passed);
  }
  RunOptions one, two;
  one.seed = 1;
  two.seed = 2;
  EXPECT_NE(RunScenario(s, FakeHostFactory({}), one).transcript,
            RunScenario(s, FakeHostFactory({}), two).transcript);
}

}  // namespace
}  // namespace snapsim::scenario
