// `snapsim run` end to end over tests/data/scenario_suite with the scripted FakeHost:
// walking, ordering, summary, exit codes, --quiet, --jobs determinism, --junit, flags.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sim/scenario/fake_host.h"
#include "sim/scenario/run_command.h"

namespace snapsim::scenario {
namespace {

namespace fs = std::filesystem;
using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::StartsWith;

struct Outcome {
  int exit_code;
  std::string out;
  std::string err;
};

class ScenarioCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    saved_cwd_ = fs::current_path();
    fs::current_path(fs::path(SNAPSIM_TEST_DATA_DIR) / "scenario_suite");
  }
  void TearDown() override { fs::current_path(saved_cwd_); }

  Outcome Run(std::vector<std::string> args) {
    std::ostringstream out, err;
    int code = RunCommandMain(args, FakeHostFactory({}), out, err);
    return Outcome{code, out.str(), err.str()};
  }

 private:
  fs::path saved_cwd_;
};

constexpr const char* kGoodOutput = R"(=== suite/a (good/a.yaml, seed 1)
$ kubectl echo cm-1
cm-1
# NAME=cm-1
$ kubectl apply -f inline.yaml
applied inline.yaml
kind: ConfigMap
name: cm-1
$ kubectl apply -f manifests/pvc.yaml
applied manifests/pvc.yaml
# A Kubernetes manifest next to the scenarios: the suite walker skips it.
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: disk-${NOT_SUBSTITUTED}
PASS suite/a

=== suite/b (good/nested/b.yaml, seed 7)
$ kubectl seed
7
$ kubectl rand
RAND
$ kubectl busy 2h
# not at rest after 1h; still in flight:
#   fake work, 1h0m0s to go
# sleep 5m
PASS suite/b

2 passed, 0 failed
)";

TEST_F(ScenarioCliTest, RunsADirectoryInSortedOrder) {
  Outcome o = Run({"good"});
  EXPECT_EQ(o.exit_code, 0);
  EXPECT_EQ(o.err, "");
  // The one seeded number is whatever mt19937_64(7) gives; fix it after checking its shape.
  std::string out = o.out;
  std::size_t at = out.find("$ kubectl rand\n");
  ASSERT_NE(at, std::string::npos);
  std::size_t start = at + std::string("$ kubectl rand\n").size();
  std::size_t end = out.find('\n', start);
  std::string number = out.substr(start, end - start);
  EXPECT_FALSE(number.empty());
  EXPECT_EQ(number.find_first_not_of("0123456789"), std::string::npos) << number;
  out.replace(start, end - start, "RAND");
  EXPECT_EQ(out, kGoodOutput);
  // Same run again: byte-identical.
  EXPECT_EQ(Run({"good"}).out, o.out);
}

TEST_F(ScenarioCliTest, FailuresLoadErrorsAndDuplicates) {
  Outcome o = Run({"bad", "--quiet"});
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_EQ(o.out,
            "FAIL bad/broken.yaml\n"
            "  bad/broken.yaml:4:5: unknown step key \"kubect\"; expected one of: kubectl, "
            "aliyun, sleep, fault, crash\n"
            "PASS suite/dup\n"
            "FAIL bad/dup2.yaml\n"
            "  bad/dup2.yaml:1:1: duplicate scenario name \"suite/dup\"; bad/dup1.yaml already "
            "uses it (names must be unique in a suite)\n"
            "FAIL suite/failing\n"
            "  step 1 (bad/failing.yaml:3): kubectl echo '<ready> & \"done\"'\n"
            "  stdout differs from expect.stdout\n"
            "  --- expected stdout\n"
            "  +++ actual stdout\n"
            "  @@ -1 +1 @@\n"
            "  -ready\n"
            "  +<ready> & \"done\"\n"
            "1 passed, 3 failed\n");
}

TEST_F(ScenarioCliTest, FilesAndDirectoriesMix) {
  Outcome o = Run({"-q", "good/nested/b.yaml", "bad/dup1.yaml"});
  EXPECT_EQ(o.exit_code, 0);
  EXPECT_EQ(o.out, "PASS suite/b\nPASS suite/dup\n2 passed, 0 failed\n");
  o = Run({"-q", "nope.yaml"});
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_EQ(o.out, "FAIL nope.yaml\n  nope.yaml: no such scenario file\n0 passed, 1 failed\n");
}

TEST_F(ScenarioCliTest, JobsDoNotChangeTheOutput) {
  std::string one = Run({"good", "bad", "--jobs", "1"}).out;
  EXPECT_THAT(one, EndsWith("\n3 passed, 3 failed\n"));
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(Run({"good", "bad", "--jobs", "4"}).out, one);
    EXPECT_EQ(Run({"good", "bad", "-j", "2"}).out, one);
    EXPECT_EQ(Run({"good", "bad", "--jobs=16"}).out, one);
  }
}

TEST_F(ScenarioCliTest, SeedFlagOverridesEveryScenario) {
  Outcome o = Run({"good", "--seed", "42"});
  EXPECT_THAT(o.out, HasSubstr("=== suite/a (good/a.yaml, seed 42)\n"));
  EXPECT_THAT(o.out, HasSubstr("=== suite/b (good/nested/b.yaml, seed 42)\n$ kubectl seed\n42\n"));
  EXPECT_EQ(Run({"good", "--seed=42"}).out, o.out);
}

TEST_F(ScenarioCliTest, WritesJUnitXml) {
  fs::path report = fs::path(::testing::TempDir()) / "snapsim-junit-test.xml";
  Outcome o = Run({"good", "bad", "-q", "--junit", report.string()});
  EXPECT_EQ(o.exit_code, 1);
  std::ifstream in(report);
  std::stringstream xml;
  xml << in.rdbuf();
  std::string x = xml.str();
  EXPECT_THAT(x, StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite "
                            "name=\"snapsim\" tests=\"6\" failures=\"3\" errors=\"0\" "
                            "skipped=\"0\">\n"));
  EXPECT_THAT(x, HasSubstr("<testcase name=\"suite/a\" classname=\"good\" file=\"good/a.yaml\">"));
  EXPECT_THAT(x, HasSubstr("<testcase name=\"suite/b\" classname=\"good/nested\" "
                           "file=\"good/nested/b.yaml\">"));
  EXPECT_THAT(x, HasSubstr("<testcase name=\"bad/broken.yaml\" classname=\"bad\" "
                           "file=\"bad/broken.yaml\">\n    <failure message=\"bad/broken.yaml:4:5: "
                           "unknown step key &quot;kubect&quot;; expected one of: kubectl, aliyun, "
                           "sleep, fault, crash\" type=\"LoadError\">"));
  EXPECT_THAT(x, HasSubstr("<failure message=\"step 1 (bad/failing.yaml:3): stdout differs from "
                           "expect.stdout\" type=\"ScenarioFailure\">=== suite/failing "
                           "(bad/failing.yaml, seed 1)\n$ kubectl echo &apos;&lt;ready&gt; &amp; "
                           "&quot;done&quot;&apos;\n"));
  EXPECT_THAT(x, EndsWith("</testsuite>\n"));
  fs::remove(report);
}

TEST_F(ScenarioCliTest, UsageErrors) {
  Outcome o = Run({"--frobnicate"});
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_EQ(o.out, "");
  EXPECT_EQ(o.err,
            "snapsim run: unknown flag \"--frobnicate\"\nRun 'snapsim run --help' for usage.\n");
  o = Run({"good", "--seed"});
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_THAT(o.err, StartsWith("snapsim run: flag --seed needs a value\n"));
  o = Run({"--seed", "-3"});
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_THAT(o.err, StartsWith("snapsim run: invalid value \"-3\" for --seed: expected a "
                                "non-negative integer\n"));
  o = Run({"--jobs", "0"});
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_THAT(o.err, StartsWith("snapsim run: invalid value \"0\" for --jobs: expected a number "
                                "of jobs from 1 to 1024\n"));
  o = Run({"--quiet=yes"});
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_THAT(o.err, StartsWith("snapsim run: flag --quiet takes no value\n"));
  o = Run({"good", "--junit", "/nonexistent-dir/x.xml"});
  EXPECT_EQ(o.exit_code, 2);
  EXPECT_EQ(o.err, "snapsim run: cannot write the JUnit report to \"/nonexistent-dir/x.xml\"\n");
}

TEST_F(ScenarioCliTest, Help) {
  Outcome o = Run({"good", "--help"});
  EXPECT_EQ(o.exit_code, 0);
  EXPECT_EQ(o.out, RunUsage());
  EXPECT_THAT(o.out, StartsWith("Usage: snapsim run [flags] [FILE|DIR ...]\n"));
  EXPECT_THAT(o.out, HasSubstr("Examples:\n"));
}

TEST_F(ScenarioCliTest, EmptyDirectoryIsAnError) {
  Outcome o = Run({"empty"});
  EXPECT_EQ(o.exit_code, 1);
  EXPECT_EQ(o.out, "0 passed, 0 failed\n");
  EXPECT_EQ(o.err, "snapsim run: no scenario files (*.yaml) in empty\n");
}

}  // namespace
}  // namespace snapsim::scenario
