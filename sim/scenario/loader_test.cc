#include "sim/scenario/loader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace snapsim::scenario {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

Result<Scenario> Load(const std::string& text) { return LoadScenarioText(text, "s.yaml"); }

std::string Err(const std::string& text) {
  auto s = Load(text);
  if (s.ok()) return "<loaded>";
  EXPECT_EQ(s.status().code(), Status::Code::kInvalidArgument);
  return s.status().message();
}

TEST(LoaderTest, LoadsTheContractExample) {
  auto s = Load(R"(name: ack-doc/dynamic-snapshot
description: Snapshot a disk.
cluster:
  kubernetesVersion: "1.20"
  region: cn-beijing
  zones: [cn-beijing-a, cn-beijing-b]
  nodes: 3
  seed: 42
  diskDriverVersion: v1.30.1
files:
  snapshot.yaml: |
    kind: VolumeSnapshot
steps:
  - kubectl: apply -f snapshot.yaml
  - kubectl: exec -it web-0 ls /data
    expect:
      stdout: "lost+found  test\n"
  - kubectl: get pv -o jsonpath={.items[0].spec.csi.volumeHandle}
    saveStdout: DISK_ID
  - aliyun: ecs CreateSnapshot --RegionId cn-hangzhou --DiskId ${DISK_ID}
    save: { SNAPSHOT_ID: "{.SnapshotId}" }
  - kubectl: apply -f vs.yaml
    settle: 2s
  - sleep: 36m
  - fault: { ecs: { api: CreateSnapshot, error: Throttling, times: 2 } }
  - crash: snapshot-controller
  - kubectl: delete volumesnapshot new-snapshot-demo --wait=false
    expect: { exitCode: 0 }
    settle: false
)");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->name, "ack-doc/dynamic-snapshot");
  EXPECT_EQ(s->description, "Snapshot a disk.");
  EXPECT_EQ(s->path, "s.yaml");
  EXPECT_EQ(s->cluster.kubernetes_version, "1.20");
  EXPECT_EQ(s->cluster.region, "cn-beijing");
  EXPECT_EQ(s->cluster.zones, (std::vector<std::string>{"cn-beijing-a", "cn-beijing-b"}));
  EXPECT_EQ(s->cluster.nodes, 3);
  EXPECT_EQ(s->cluster.seed, 42u);
  EXPECT_EQ(s->cluster.disk_driver_version, "v1.30.1");
  EXPECT_EQ(s->files.at("snapshot.yaml"), "kind: VolumeSnapshot\n");
  ASSERT_EQ(s->steps.size(), 9u);

  const auto& apply = std::get<KubectlStep>(s->steps[0].action);
  EXPECT_EQ(apply.command.text, "apply -f snapshot.yaml");
  EXPECT_EQ(apply.command.args, (std::vector<std::string>{"apply", "-f", "snapshot.yaml"}));
  EXPECT_TRUE(s->steps[0].settle);
  EXPECT_EQ(s->steps[0].settle_limit, engine::kHour);
  EXPECT_EQ(s->steps[0].pos.line, 14);
  EXPECT_EQ(s->steps[0].pos.column, 5);

  EXPECT_EQ(s->steps[1].expect.stdout_exact, "lost+found  test\n");
  EXPECT_EQ(s->steps[1].expect.pos.line, 16);
  EXPECT_EQ(s->steps[2].save_stdout, "DISK_ID");
  const auto& aliyun = std::get<AliyunStep>(s->steps[3].action);
  EXPECT_EQ(aliyun.command.args.back(), "${DISK_ID}");
  ASSERT_EQ(s->steps[3].save.size(), 1u);
  EXPECT_EQ(s->steps[3].save[0].variable, "SNAPSHOT_ID");
  EXPECT_EQ(s->steps[3].save[0].jsonpath, "{.SnapshotId}");
  EXPECT_EQ(s->steps[4].settle_limit, 2 * engine::kSecond);
  EXPECT_EQ(s->steps[4].settle_text, "2s");
  EXPECT_EQ(std::get<SleepStep>(s->steps[5].action).duration, 36 * engine::kMinute);
  const auto& fault = std::get<FaultStep>(s->steps[6].action);
  EXPECT_EQ(fault.rule.Find("ecs")->Find("times")->as_int(), 2);
  EXPECT_EQ(fault.rule.Find("ecs")->Find("api")->as_string(), "CreateSnapshot");
  EXPECT_EQ(std::get<CrashStep>(s->steps[7].action).component, "snapshot-controller");
  EXPECT_EQ(s->steps[8].expect.exit_code, 0);
  EXPECT_FALSE(s->steps[8].settle);
  EXPECT_EQ(ActionName(s->steps[7].action), "crash");
}

TEST(LoaderTest, DefaultsMatchTheContract) {
  auto s = Load("name: x\nsteps:\n  - kubectl: get pods\n");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->cluster.kubernetes_version, "1.22");
  EXPECT_EQ(s->cluster.region, "cn-hangzhou");
  EXPECT_EQ(s->cluster.zones, std::vector<std::string>{"cn-hangzhou-i"});
  EXPECT_EQ(s->cluster.nodes, 1);
  EXPECT_EQ(s->cluster.seed, 1u);
  EXPECT_EQ(s->cluster.disk_driver_version, "");
  EXPECT_FALSE(s->steps[0].expect.exit_code.has_value());
  EXPECT_EQ(s->cluster_pos.line, 1);  // no cluster: -> the name's position
}

TEST(LoaderTest, ShellQuotingInCommands) {
  auto s = Load(R"(name: x
steps:
  - kubectl: exec web-0 -- sh -c 'echo "a b" > /data/f'
  - kubectl: get vs -o "jsonpath={.items[*].metadata.name}" a\ b ''
)");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(std::get<KubectlStep>(s->steps[0].action).command.args,
            (std::vector<std::string>{"exec", "web-0", "--", "sh", "-c", "echo \"a b\" > /data/f"}));
  EXPECT_EQ(std::get<KubectlStep>(s->steps[1].action).command.args,
            (std::vector<std::string>{"get", "vs", "-o", "jsonpath={.items[*].metadata.name}",
                                      "a b", ""}));
}

TEST(LoaderTest, StepErrors) {
  EXPECT_EQ(Err("name: x\nsteps:\n  - kubect: get pods\n"),
            "s.yaml:3:5: unknown step key \"kubect\"; expected one of: kubectl, aliyun, sleep, "
            "fault, crash");
  EXPECT_EQ(Err("name: x\nsteps:\n  - kubectl: get pods\n    expct: {}\n"),
            "s.yaml:4:5: unknown step key \"expct\"; expected one of: expect, save, saveStdout, "
            "settle");
  EXPECT_EQ(Err("name: x\nsteps:\n  - settle: 2s\n"),
            "s.yaml:3:5: step has no command; expected one of: kubectl, aliyun, sleep, fault, crash");
  EXPECT_EQ(Err("name: x\nsteps:\n  - kubectl: get pods\n    aliyun: ecs DescribeDisks\n"),
            "s.yaml:4:5: step has two commands, \"kubectl\" and \"aliyun\"; write one command per "
            "step");
  EXPECT_EQ(Err("name: x\nsteps:\n  - get pods\n"),
            "s.yaml:3:5: expected a step such as \"- kubectl: get pods\", got a string");
  EXPECT_EQ(Err("name: x\nsteps:\n  - kubectl: get pods\n    kubectl: get pv\n"),
            "s.yaml:4:5: step: duplicate key \"kubectl\"");
}

TEST(LoaderTest, ExpectErrors) {
  EXPECT_EQ(Err("name: x\nsteps:\n  - kubectl: get pods\n    expect: {stdot: x}\n"),
            "s.yaml:4:14: expect: unknown key \"stdot\"; expected one of: stdout, stderr, "
            "stdoutContains, stderrContains, stdoutMatches, stderrMatches, exitCode");
  EXPECT_EQ(Err("name: x\nsteps:\n  - kubectl: get pods\n    expect: \"0\"\n"),
            "s.yaml:4:13: expect: expected a map such as {stdout: \"...\"}, got a string");
  std::string regex_err = Err(
      "name: x\nsteps:\n  - kubectl: get pods\n    expect:\n      stdoutMatches: \"a(b\"\n");
  EXPECT_THAT(regex_err, StartsWith("s.yaml:5:22: expect.stdoutMatches: invalid regular "
                                    "expression \"a(b\": "));
  EXPECT_GT(regex_err.size(), std::string("s.yaml:5:22: expect.stdoutMatches: invalid regular "
                                          "expression \"a(b\": ")
                                  .size());
  EXPECT_EQ(Err("name: x\nsteps:\n  - kubectl: get pods\n    expect: {exitCode: one}\n"),
            "s.yaml:4:24: expect.exitCode: expected an exit code from 0 to 255, got \"one\"");
  EXPECT_EQ(Err("name: x\nsteps:\n  - kubectl: get pods\n    expect: {exitCode: 256}\n"),
            "s.yaml:4:24: expect.exitCode: expected an exit code from 0 to 255, got \"256\"");
  EXPECT_EQ(Err("name: x\nsteps:\n  - kubectl: get pods\n    expect: {stdout: }\n"),
            "s.yaml:4:22: expect.stdout: expected a string (use \"\" for no output), got nothing "
            "(null)");
  EXPECT_EQ(Err("name: x\nsteps:\n  - kubectl: get pods\n    expect: {stderr: [a]}\n"),
            "s.yaml:4:22: expect.stderr: expected a string (use \"\" for no output), got a list");
}

TEST(LoaderTest, DurationAndSettleErrors) {
  EXPECT_EQ(Err("name: x\nsteps:\n  - sleep: 5 minutes\n"),
            "s.yaml:3:12: sleep: invalid duration \"5 minutes\": expected a number and a unit "
            "(ns, us, ms, s, m, h, d), e.g. 90s or 1h30m");
  EXPECT_EQ(Err("name: x\nsteps:\n  - sleep: -1s\n"),
            "s.yaml:3:12: sleep: invalid duration \"-1s\": expected a number and a unit (ns, us, "
            "ms, s, m, h, d), e.g. 90s or 1h30m");
  EXPECT_EQ(Err("name: x\nsteps:\n  - kubectl: get pods\n    settle: soon\n"),
            "s.yaml:4:13: settle: expected a duration such as 2s, or false; got \"soon\"");
  EXPECT_EQ(Err("name: x\nsteps:\n  - kubectl: get pods\n    settle: true\n"),
            "s.yaml:4:13: settle: expected a duration such as 2s, or false; got \"true\"");
  EXPECT_EQ(Err("name: x\nsteps:\n  - kubectl: get pods\n    settle: {a: 1}\n"),
            "s.yaml:4:13: settle: expected a duration such as 2s, or false, got a map");
}

TEST(LoaderTest, TopLevelErrors) {
  EXPECT_EQ(Err("description: d\nsteps:\n  - kubectl: get pods\n"),
            "s.yaml:1:1: missing required key \"name\" (the scenario's name)");
  EXPECT_EQ(Err("name: x\n"), "s.yaml:1:1: missing required key \"steps\" (the list of steps)");
  EXPECT_EQ(Err("name: x\nstep:\n  - kubectl: get pods\n"),
            "s.yaml:2:1: unknown top-level key \"step\"; expected one of: name, description, "
            "cluster, chaos, liveness, files, steps");
  EXPECT_EQ(Err("name: x\nsteps: []\n"), "s.yaml:2:8: steps: expected at least one step");
  EXPECT_EQ(Err("name: x\nsteps: {kubectl: get pods}\n"),
            "s.yaml:2:8: steps: expected a list of steps such as \"- kubectl: get pods\", got a "
            "map");
  EXPECT_EQ(Err("name: x\nname: y\nsteps: [kubectl: a]\n"),
            "s.yaml:2:1: scenario: duplicate key \"name\"");
  EXPECT_EQ(Err("- a\n"),
            "s.yaml:1:1: expected a scenario: a map with name, steps and optionally description, "
            "cluster, files; got a list");
  EXPECT_EQ(Err(""), "s.yaml:1:1: expected a scenario: a map with name and steps; the file is "
                     "empty");
  EXPECT_EQ(Err("name: x\nsteps: [kubectl: a]\n---\nname: y\n"),
            "s.yaml:4:1: expected one scenario per file; found a second YAML document");
  EXPECT_EQ(Err("name: \"\"\nsteps: [kubectl: a]\n"),
            "s.yaml:1:7: name: expected a non-empty, one-line scenario name");
  EXPECT_EQ(Err("name: [a]\nsteps: [kubectl: a]\n"),
            "s.yaml:1:7: name: expected a scenario name, got a list");
}

TEST(LoaderTest, MalformedYaml) {
  std::string e = Err("name: x\nsteps:\n  - kubectl: [get\n");
  EXPECT_THAT(e, StartsWith("s.yaml:4:1: invalid YAML: ")) << e;
  e = Err("name: x\n  bad: indent\n");
  EXPECT_THAT(e, StartsWith("s.yaml:2:6: invalid YAML: ")) << e;
}

TEST(LoaderTest, ChaosOptOut) {
  auto on = LoadScenarioText("name: x\nsteps: [kubectl: a]\n", "s.yaml");
  ASSERT_TRUE(on.ok());
  EXPECT_TRUE(on->chaos);
  auto off = LoadScenarioText("name: x\nchaos: false\nsteps: [kubectl: a]\n", "s.yaml");
  ASSERT_TRUE(off.ok());
  EXPECT_FALSE(off->chaos);
  EXPECT_EQ(Err("name: x\nchaos: maybe\nsteps: [kubectl: a]\n"),
            "s.yaml:2:8: chaos: expected true or false, got \"maybe\"");
}

TEST(LoaderTest, ClusterComponents) {
  auto s = LoadScenarioText("name: x\ncluster: {components: [kubelet, csi-attacher]}\nsteps: [kubectl: a]\n", "s.yaml");
  ASSERT_TRUE(s.ok()) << s.status().message();
  ASSERT_TRUE(s->cluster.components.has_value());
  EXPECT_EQ(*s->cluster.components, (std::vector<std::string>{"kubelet", "csi-attacher"}));
  auto none = LoadScenarioText("name: x\ncluster: {components: []}\nsteps: [kubectl: a]\n", "s.yaml");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->cluster.components.has_value() && none->cluster.components->empty());
  auto all = LoadScenarioText("name: x\nsteps: [kubectl: a]\n", "s.yaml");
  ASSERT_TRUE(all.ok());
  EXPECT_FALSE(all->cluster.components.has_value());
  EXPECT_EQ(Err("name: x\ncluster: {components: [kubelet, etcd]}\nsteps: [kubectl: a]\n"),
            "s.yaml:2:33: cluster.components: unknown component \"etcd\"; expected some of: snapshot-controller, "
            "csi-snapshotter, csi-provisioner, csi-attacher, csi-plugin, kube-controller-manager, kube-scheduler, "
            "kubelet");
  EXPECT_EQ(Err("name: x\ncluster: {components: kubelet}\nsteps: [kubectl: a]\n"),
            "s.yaml:2:23: cluster.components: expected a list of components (some of: snapshot-controller, "
            "csi-snapshotter, csi-provisioner, csi-attacher, csi-plugin, kube-controller-manager, kube-scheduler, "
            "kubelet), got a string");
}

TEST(LoaderTest, ClusterErrors) {
  EXPECT_EQ(Err("name: x\ncluster:\n  node: 3\nsteps: [kubectl: a]\n"),
            "s.yaml:3:3: cluster: unknown key \"node\"; expected one of: kubernetesVersion, "
            "region, zones, nodes, seed, scheduleSeed, diskDriverVersion, components, upstreamBugs");
  EXPECT_EQ(Err("name: x\ncluster: {scheduleSeed: -1}\nsteps: [kubectl: a]\n"),
            "s.yaml:2:25: cluster.scheduleSeed: expected a non-negative integer below 2^64, got \"-1\"");
  EXPECT_EQ(Err("name: x\nliveness: maybe\nsteps: [kubectl: a]\n"),
            "s.yaml:2:11: liveness: expected true or false, got \"maybe\"");
  auto ok = LoadScenarioText("name: x\nliveness: true\ncluster: {scheduleSeed: 9}\nsteps: [kubectl: a]\n", "s.yaml");
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_TRUE(ok->liveness);
  EXPECT_EQ(ok->cluster.schedule_seed, std::optional<std::uint64_t>(9));
  EXPECT_EQ(Err("name: x\ncluster: {nodes: 0}\nsteps: [kubectl: a]\n"),
            "s.yaml:2:18: cluster.nodes: expected a number of nodes from 1 to 10000, got \"0\"");
  EXPECT_EQ(Err("name: x\ncluster: {nodes: -2}\nsteps: [kubectl: a]\n"),
            "s.yaml:2:18: cluster.nodes: expected a number of nodes from 1 to 10000, got \"-2\"");
  EXPECT_EQ(Err("name: x\ncluster: {kubernetesVersion: \"2.0\"}\nsteps: [kubectl: a]\n"),
            "s.yaml:2:30: cluster.kubernetesVersion: expected a version of the form 1.N such as "
            "\"1.22\", got \"2.0\"");
  EXPECT_EQ(Err("name: x\ncluster: {kubernetesVersion: v1.22}\nsteps: [kubectl: a]\n"),
            "s.yaml:2:30: cluster.kubernetesVersion: expected a version of the form 1.N such as "
            "\"1.22\", got \"v1.22\"");
  EXPECT_EQ(Err("name: x\ncluster: {seed: abc}\nsteps: [kubectl: a]\n"),
            "s.yaml:2:17: cluster.seed: expected a non-negative integer below 2^64, got \"abc\"");
  EXPECT_EQ(Err("name: x\ncluster: {zones: []}\nsteps: [kubectl: a]\n"),
            "s.yaml:2:18: cluster.zones: expected a list of zone IDs such as [cn-hangzhou-i], "
            "got an empty list");
  EXPECT_EQ(Err("name: x\ncluster: [a]\nsteps: [kubectl: a]\n"),
            "s.yaml:2:10: cluster: expected a map such as {kubernetesVersion: \"1.22\", nodes: 1}, "
            "got a list");
  // A plain 1.20 is the text "1.20", not the float 1.2.
  auto s = Load("name: x\ncluster: {kubernetesVersion: 1.20}\nsteps: [kubectl: a]\n");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->cluster.kubernetes_version, "1.20");
}

TEST(LoaderTest, FaultAndCrashErrors) {
  EXPECT_EQ(Err("name: x\nsteps:\n  - fault: clear\n"),
            "s.yaml:3:12: fault: expected a rule (a map) such as {ecs: {api: CreateSnapshot, "
            "error: Throttling, times: 2}} or {clear: all}, got a string");
  EXPECT_EQ(Err("name: x\nsteps:\n  - fault: {}\n"),
            "s.yaml:3:12: fault: expected a rule (a map) such as {ecs: {api: CreateSnapshot, "
            "error: Throttling, times: 2}} or {clear: all}, got an empty map");
  EXPECT_EQ(Err("name: x\nsteps:\n  - crash: snapshotcontroller\n"),
            "s.yaml:3:12: crash: unknown component \"snapshotcontroller\"; expected one of: "
            "snapshot-controller, csi-snapshotter, csi-provisioner, csi-attacher, csi-plugin, "
            "kube-controller-manager, kube-scheduler, kubelet");
  for (auto c : kCrashableComponents) {
    EXPECT_TRUE(Load("name: x\nsteps:\n  - crash: " + std::string(c) + "\n").ok()) << c;
  }
  // Contents are the host's business: any map loads, quoted scalars stay strings.
  auto s = Load("name: x\nsteps:\n  - fault: {whatever: {times: \"2\", n: 2, on: yes}}\n");
  ASSERT_TRUE(s.ok());
  const auto& rule = std::get<FaultStep>(s->steps[0].action).rule;
  EXPECT_TRUE(rule.Find("whatever")->Find("times")->is_string());
  EXPECT_TRUE(rule.Find("whatever")->Find("n")->is_int());
  EXPECT_TRUE(rule.Find("whatever")->Find("on")->as_bool());
}

TEST(LoaderTest, SaveErrors) {
  EXPECT_EQ(Err("name: x\nsteps:\n  - kubectl: get x\n    save: {ID: {.SnapshotId}}\n"),
            "s.yaml:4:16: save: ID: expected a jsonpath string such as \"{.SnapshotId}\" (quote "
            "it: a bare {...} is a YAML map), got a map");
  EXPECT_EQ(Err("name: x\nsteps:\n  - kubectl: get x\n    save: {ID: 12}\n"),
            "s.yaml:4:16: save: ID: expected a jsonpath string such as \"{.SnapshotId}\", got "
            "\"12\"");
  EXPECT_EQ(Err("name: x\nsteps:\n  - kubectl: get x\n    save: {ID: [a]}\n"),
            "s.yaml:4:16: save: ID: expected a jsonpath string such as \"{.SnapshotId}\", got a "
            "list");
  EXPECT_EQ(Err("name: x\nsteps:\n  - kubectl: get x\n    save: {1D: \"{.a}\"}\n"),
            "s.yaml:4:12: save: invalid variable name \"1D\"; expected letters, digits and _, not "
            "starting with a digit");
  EXPECT_EQ(Err("name: x\nsteps:\n  - kubectl: get x\n    save: \"{.a}\"\n"),
            "s.yaml:4:11: save: expected a map from variable name to jsonpath such as "
            "{SNAPSHOT_ID: \"{.SnapshotId}\"}, got a string");
  EXPECT_THAT(Err("name: x\nsteps:\n  - kubectl: get x\n    save: {ID: \"{.a\"}\n"),
              StartsWith("s.yaml:4:16: save: ID: invalid jsonpath \"{.a\": "));
  EXPECT_EQ(Err("name: x\nsteps:\n  - kubectl: get x\n    saveStdout: my-var\n"),
            "s.yaml:4:17: saveStdout: invalid variable name \"my-var\"; expected letters, digits "
            "and _, not starting with a digit");
  EXPECT_EQ(Err("name: x\nsteps:\n  - kubectl: get x\n    saveStdout: A\n    save: {A: "
                "\"{.a}\"}\n"),
            "s.yaml:3:5: variable A is set by both save and saveStdout in this step");
}

TEST(LoaderTest, CommandLineErrors) {
  EXPECT_EQ(Err("name: x\nsteps:\n  - kubectl: exec web-0 -- sh -c 'ls /data\n"),
            "s.yaml:3:34: kubectl: unterminated single quote");
  EXPECT_EQ(Err("name: x\nsteps:\n  - kubectl: 'get \"pods'\n"),
            "s.yaml:3:19: kubectl: unterminated double quote");
  EXPECT_EQ(Err("name: x\nsteps:\n  - kubectl: get pods | grep web\n"),
            "s.yaml:3:23: kubectl: unquoted '|': a step runs one command, without pipes, "
            "redirections or command lists; quote it to pass it as an argument");
  EXPECT_EQ(Err("name: x\nsteps:\n  - kubectl: kubectl get pods\n"),
            "s.yaml:3:14: kubectl: write the command line without the leading \"kubectl\", e.g. "
            "kubectl: get pods");
  EXPECT_EQ(Err("name: x\nsteps:\n  - aliyun: \"\"\n"),
            "s.yaml:3:13: aliyun: expected a aliyun command line such as \"ecs DescribeDisks "
            "--RegionId cn-hangzhou\", got an empty command line");
  EXPECT_EQ(Err("name: x\nsteps:\n  - kubectl: get pv ${DISK-ID}\n"),
            "s.yaml:3:21: kubectl: invalid variable reference \"${DISK-ID}\": expected ${NAME} "
            "with NAME made of letters, digits and _ (write $${ for a literal ${)");
  EXPECT_EQ(Err("name: x\nsteps:\n  - kubectl: get pv ${DISK\n"),
            "s.yaml:3:21: kubectl: unterminated ${: expected ${NAME} (write $${ for a literal ${)");
  // Inside a block scalar the position is the scalar's own.
  EXPECT_EQ(Err("name: x\nsteps:\n  - kubectl: |\n      get 'pods\n"),
            "s.yaml:3:14: kubectl: unterminated single quote");
}

TEST(LoaderTest, FileErrors) {
  EXPECT_EQ(Err("name: x\nfiles:\n  a.yaml: [1]\nsteps: [kubectl: a]\n"),
            "s.yaml:3:11: files: \"a.yaml\": expected the file's text (a string, usually a | "
            "block), got a list");
  EXPECT_EQ(Err("name: x\nfiles:\n  a.yaml: |\n    x: 1\n    y: ${Y\nsteps: [kubectl: a]\n"),
            "s.yaml:3:11: files: \"a.yaml\", line 2 of the file: unterminated ${: expected ${NAME} "
            "(write $${ for a literal ${)");
  EXPECT_EQ(Err("name: x\nfiles: [a]\nsteps: [kubectl: a]\n"),
            "s.yaml:2:8: files: expected a map from file name to contents, got a list");
}

TEST(LoaderTest, LoadScenarioFileErrors) {
  auto missing = LoadScenarioFile("/nonexistent/dir/x.yaml");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message(), "/nonexistent/dir/x.yaml: no such scenario file");
  auto dir = LoadScenarioFile("/");
  ASSERT_FALSE(dir.ok());
  EXPECT_EQ(dir.status().message(), "/: is a directory, not a scenario file");
}

}  // namespace
}  // namespace snapsim::scenario
