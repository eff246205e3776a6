// Every bundled scenario, written by WriteScenario and loaded again, equals the original.
#include "sim/chaos/scenario_writer.h"

#include <gtest/gtest.h>

#include "sim/scenario/loader.h"
#include "sim/scenario/suite.h"

namespace snapsim::chaos {
namespace {

using scenario::Scenario;
using scenario::Step;

std::string ActionText(const scenario::Action& a) {
  if (const auto* k = std::get_if<scenario::KubectlStep>(&a)) {
    std::string out = "kubectl|" + k->command.text;
    for (const auto& arg : k->command.args) out += "|" + arg;
    return out;
  }
  if (const auto* k = std::get_if<scenario::AliyunStep>(&a)) {
    std::string out = "aliyun|" + k->command.text;
    for (const auto& arg : k->command.args) out += "|" + arg;
    return out;
  }
  if (const auto* s = std::get_if<scenario::SleepStep>(&a)) return "sleep|" + s->text + "|" + std::to_string(s->duration);
  if (std::holds_alternative<scenario::FaultStep>(a)) return "fault";
  return "crash|" + std::get<scenario::CrashStep>(a).component;
}

void ExpectSameStep(const Step& a, const Step& b, const std::string& where) {
  EXPECT_EQ(ActionText(a.action), ActionText(b.action)) << where;
  if (const auto* fa = std::get_if<scenario::FaultStep>(&a.action)) {
    const auto* fb = std::get_if<scenario::FaultStep>(&b.action);
    ASSERT_NE(fb, nullptr) << where;
    EXPECT_TRUE(fa->rule == fb->rule) << where;
  }
  EXPECT_EQ(a.expect.stdout_exact, b.expect.stdout_exact) << where;
  EXPECT_EQ(a.expect.stderr_exact, b.expect.stderr_exact) << where;
  EXPECT_EQ(a.expect.stdout_contains, b.expect.stdout_contains) << where;
  EXPECT_EQ(a.expect.stderr_contains, b.expect.stderr_contains) << where;
  EXPECT_EQ(a.expect.stdout_matches.has_value(), b.expect.stdout_matches.has_value()) << where;
  if (a.expect.stdout_matches && b.expect.stdout_matches) {
    EXPECT_EQ(a.expect.stdout_matches->source, b.expect.stdout_matches->source) << where;
  }
  EXPECT_EQ(a.expect.stderr_matches.has_value(), b.expect.stderr_matches.has_value()) << where;
  if (a.expect.stderr_matches && b.expect.stderr_matches) {
    EXPECT_EQ(a.expect.stderr_matches->source, b.expect.stderr_matches->source) << where;
  }
  EXPECT_EQ(a.expect.exit_code, b.expect.exit_code) << where;
  ASSERT_EQ(a.save.size(), b.save.size()) << where;
  for (std::size_t i = 0; i < a.save.size(); ++i) {
    EXPECT_EQ(a.save[i].variable, b.save[i].variable) << where;
    EXPECT_EQ(a.save[i].jsonpath, b.save[i].jsonpath) << where;
  }
  EXPECT_EQ(a.save_stdout, b.save_stdout) << where;
  EXPECT_EQ(a.settle, b.settle) << where;
  EXPECT_EQ(a.settle_limit, b.settle_limit) << where;
  EXPECT_EQ(a.settle_text, b.settle_text) << where;
}

void ExpectSameScenario(const Scenario& a, const Scenario& b) {
  const std::string& where = a.path;
  EXPECT_EQ(a.name, b.name) << where;
  EXPECT_EQ(a.description, b.description) << where;
  EXPECT_EQ(a.cluster.kubernetes_version, b.cluster.kubernetes_version) << where;
  EXPECT_EQ(a.cluster.region, b.cluster.region) << where;
  EXPECT_EQ(a.cluster.zones, b.cluster.zones) << where;
  EXPECT_EQ(a.cluster.nodes, b.cluster.nodes) << where;
  EXPECT_EQ(a.cluster.seed, b.cluster.seed) << where;
  EXPECT_EQ(a.cluster.disk_driver_version, b.cluster.disk_driver_version) << where;
  EXPECT_EQ(a.cluster.components, b.cluster.components) << where;
  EXPECT_EQ(a.cluster.upstream_bugs, b.cluster.upstream_bugs) << where;
  EXPECT_TRUE(a.cluster.extra == b.cluster.extra) << where;
  EXPECT_EQ(a.files, b.files) << where;
  ASSERT_EQ(a.steps.size(), b.steps.size()) << where;
  for (std::size_t i = 0; i < a.steps.size(); ++i) {
    ExpectSameStep(a.steps[i], b.steps[i], where + " step " + std::to_string(i + 1));
  }
}

TEST(ScenarioWriterTest, EveryBundledScenarioRoundTrips) {
  auto files = scenario::CollectScenarioFiles({std::string(SNAPSIM_SOURCE_DIR) + "/scenarios"});
  ASSERT_GT(files.size(), 10u);
  for (const auto& f : files) {
    auto original = scenario::LoadScenarioFile(f.path);
    ASSERT_TRUE(original.ok()) << original.status().ToString();
    std::string text = WriteScenario(*original);
    auto again = scenario::LoadScenarioText(text, f.path);
    ASSERT_TRUE(again.ok()) << f.path << ": " << again.status().ToString() << "\n" << text;
    ExpectSameScenario(*original, *again);
    EXPECT_EQ(WriteScenario(*again), text) << f.path;
  }
}

TEST(ScenarioWriterTest, UpstreamBugsRoundTrip) {
  auto s = scenario::LoadScenarioText("name: x\ncluster:\n  upstreamBugs: [1388, \"#292\"]\nsteps:\n  - sleep: 1s\n", "x.yaml");
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  auto again = scenario::LoadScenarioText(WriteScenario(*s), "x.yaml");
  ASSERT_TRUE(again.ok()) << again.status().ToString() << WriteScenario(*s);
  EXPECT_EQ(again->cluster.upstream_bugs, s->cluster.upstream_bugs);
}

TEST(ScenarioWriterTest, AwkwardStringsRoundTrip) {
  for (std::string s : {"", " lead", "trail ", "a: b", "#x", "true", "1.5", "null", "two\nlines\n",
                        "no newline\nat end", "trailing\n\n\n", "  indented\nfirst\n", "\nleading blank\n",
                        "tab\there\n", "quote \" and \\ back", "${VAR} and {.x}", "- dash", "   \n",
                        "line with spaces   \nnext\n", "ctrl\x01char"}) {
    std::string doc = "name: x\ndescription: " + YamlString(s, 0) + "\nsteps:\n  - sleep: 1s\n";
    auto loaded = scenario::LoadScenarioText(doc, "x.yaml");
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString() << "\n" << doc;
    EXPECT_EQ(loaded->description, s) << doc;
  }
}

}  // namespace
}  // namespace snapsim::chaos
