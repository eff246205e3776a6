#include "sim/scenario/junit.h"

#include <gtest/gtest.h>

namespace snapsim::scenario {
namespace {

TEST(JUnitTest, Escapes) {
  EXPECT_EQ(XmlEscape("a<b>&\"c\"'d'\t\n\r\x01z"),
            "a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;\t\n&#13;\xEF\xBF\xBDz");
}

TEST(JUnitTest, OneTestcasePerScenario) {
  SuiteResult suite;
  SuiteCase pass;
  pass.file = {"s/a.yaml", "s"};
  pass.result.name = "x/a";
  pass.result.passed = true;
  pass.result.transcript = "=== x/a\n$ kubectl get <x>\n";
  pass.result.verdict = "PASS x/a\n";
  SuiteCase fail;
  fail.file = {"s/sub/b.yaml", "s/sub"};
  fail.result.name = "x/b";
  fail.result.transcript = "=== x/b\n";
  fail.result.failure = Failure{2, "s/sub/b.yaml:7", "kubectl get", "stdout differs\nmore", {}};
  fail.result.verdict = "FAIL x/b\n";
  SuiteCase load;
  load.file = {"s/c.yaml", "s"};
  load.result = LoadFailure("s/c.yaml", Status::InvalidArgument("s/c.yaml:1:1: bad"));
  suite.cases = {pass, fail, load};
  suite.passed = 1;
  suite.failed = 2;
  EXPECT_EQ(JUnitXml(suite),
            R"(<?xml version="1.0" encoding="UTF-8"?>
<testsuite name="snapsim" tests="3" failures="2" errors="0" skipped="0">
  <testcase name="x/a" classname="s" file="s/a.yaml">
    <system-out>=== x/a
$ kubectl get &lt;x&gt;
</system-out>
  </testcase>
  <testcase name="x/b" classname="s/sub" file="s/sub/b.yaml">
    <failure message="step 2 (s/sub/b.yaml:7): stdout differs" type="ScenarioFailure">=== x/b
FAIL x/b
</failure>
  </testcase>
  <testcase name="s/c.yaml" classname="s" file="s/c.yaml">
    <failure message="s/c.yaml:1:1: bad" type="LoadError">FAIL s/c.yaml
  s/c.yaml:1:1: bad
</failure>
  </testcase>
</testsuite>
)");
}

}  // namespace
}  // namespace snapsim::scenario
