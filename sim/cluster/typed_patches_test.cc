// The API server's typed patches (ApiServer::PatchTyped), checked against their JSON
// on every call while each bundled scenario runs on a real cluster.
#include <gtest/gtest.h>

#include "sim/cluster/host_factory.h"
#include "sim/scenario/loader.h"
#include "sim/scenario/runner.h"
#include "sim/scenario/suite.h"

namespace snapsim::cluster {
namespace {

TEST(TypedPatchesTest, EveryBundledScenarioWritesWhatItsJsonPatchesWould) {
  auto files = scenario::CollectScenarioFiles({std::string(SNAPSIM_SOURCE_DIR) + "/scenarios"});
  ASSERT_GE(files.size(), 90u);
  for (const auto& f : files) {
    auto loaded = scenario::LoadScenarioFile(f.path);
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
    scenario::ScenarioResult r = scenario::RunScenario(*loaded, NewHostFactory(/*check_typed_patches=*/true));
    EXPECT_TRUE(r.passed) << r.Text();
  }
}

}  // namespace
}  // namespace snapsim::cluster
