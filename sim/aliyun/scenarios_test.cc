// Replays scenarios/ecs/ through the real scenario runner on a host that has only the
// fake ECS and the aliyun front end — the same wiring sim/cluster does for the full
// cluster (instances registered per node; `fault: {ecs: ...}` -> ParseEcsFaultValue;
// diskDriverVersion below v1.6 -> the legacy instant-access world), so the scenarios
// are checked before the cluster runs them. Set SNAPSIM_PRINT_TRANSCRIPTS=1 to see them.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <map>

#include "sim/aliyun/aliyun.h"
#include "sim/aliyun/fault_value.h"
#include "sim/scenario/loader.h"
#include "sim/scenario/runner.h"

namespace snapsim::aliyun {
namespace {

// "v1.5.0" < "v1.6.0": the driver eras of reference §0 (legacy before v1.6).
bool LegacyDriver(const std::string& version) {
  if (version.empty()) return false;
  int major = 0, minor = 0;
  if (std::sscanf(version.c_str(), "v%d.%d", &major, &minor) != 2) return false;
  return major < 1 || (major == 1 && minor < 6);
}

class EcsOnlyHost : public scenario::ScenarioHost {
 public:
  explicit EcsOnlyHost(const scenario::ClusterConfig& c) : rng_(c.seed) {
    ecs::EcsConfig config;
    config.region = c.region;
    config.zones = c.zones;
    config.legacy_instant_access = LegacyDriver(c.disk_driver_version);
    ecs_ = std::make_unique<ecs::Ecs>(loop_, rng_, config);
    for (int i = 0; i < c.nodes; ++i) {
      std::string id = "i-bp1" + rng_.LowerAlnum(17);
      std::string zone = c.zones[static_cast<std::size_t>(i) % c.zones.size()];
      EXPECT_TRUE(ecs_->AddInstance(id, zone, fmt::format("node-{}", i)).ok());
    }
  }
  scenario::CommandOutput Kubectl(const std::vector<std::string>&,
                                  const scenario::FileResolver&) override {
    return {"", "error: this test host runs only aliyun commands\n", 1};
  }
  scenario::CommandOutput Aliyun(const std::vector<std::string>& args) override {
    CommandResult r = RunAliyun(*ecs_, loop_, args);
    return {r.out, r.err, r.exit_code};
  }
  void Sleep(engine::Nanos d) override { loop_.RunUntil(loop_.Now() + d); }
  scenario::SettleReport Settle(engine::Nanos limit) override {
    engine::SettleResult r = loop_.Settle(limit);
    scenario::SettleReport out{r.at_rest, r.elapsed, {}};
    if (!r.at_rest) {
      std::map<std::string, int> counts;
      for (const auto& label : loop_.PendingLabels()) ++counts[label];
      for (const auto& [label, n] : counts)
        out.in_flight.push_back(n == 1 ? label : fmt::format("{} (x{})", label, n));
    }
    return out;
  }
  Status Fault(const api::Value& rule) override {
    if (const api::Value* v = rule.Find("ecs")) {
      SNAPSIM_ASSIGN_OR_RETURN(ecs::FaultRule r, ParseEcsFaultValue(*v));
      ecs_->AddFault(std::move(r));
      return Status::Ok();
    }
    if (rule.Find("clear") != nullptr) {
      ecs_->ClearFaults();
      return Status::Ok();
    }
    return Status::Unsupported("fault: this test host models only ecs faults");
  }
  Status Crash(std::string_view) override {
    return Status::Unsupported("crash: no components here");
  }
  std::vector<scenario::Violation> CheckInvariants() override { return {}; }
  engine::Nanos Now() const override { return loop_.Now(); }

 private:
  engine::EventLoop loop_;
  engine::Rng rng_;
  std::unique_ptr<ecs::Ecs> ecs_;
};

scenario::HostFactory Factory() {
  return [](const scenario::ClusterConfig& c) -> Result<std::unique_ptr<scenario::ScenarioHost>> {
    return std::unique_ptr<scenario::ScenarioHost>(new EcsOnlyHost(c));
  };
}

std::vector<std::string> ScenarioFiles() {
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(SNAPSIM_ECS_SCENARIOS_DIR)) {
    if (e.path().extension() == ".yaml") files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(EcsScenariosTest, EveryScenarioPassesOnTheFakeEcs) {
  auto files = ScenarioFiles();
  ASSERT_GE(files.size(), 8u);
  bool print = std::getenv("SNAPSIM_PRINT_TRANSCRIPTS") != nullptr;
  for (const auto& path : files) {
    auto loaded = scenario::LoadScenarioFile(path);
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    scenario::ScenarioResult r = scenario::RunScenario(*loaded, Factory());
    EXPECT_TRUE(r.passed) << r.Text();
    if (print) std::cout << r.Text();
    // Same seed, same transcript.
    EXPECT_EQ(scenario::RunScenario(*loaded, Factory()).Text(), r.Text()) << path;
  }
}

}  // namespace
}  // namespace snapsim::aliyun
