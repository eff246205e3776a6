#include "src/csi/util/upstream_bugs.h"

#include <gtest/gtest.h>

namespace snapsim::csi {
namespace {

TEST(UpstreamBugsTest, ParsesEachIssueWithOrWithoutHash) {
  auto bugs = ParseUpstreamBugs({"#1388", "1366", "292", "#1301", "134", "413"});
  ASSERT_TRUE(bugs.ok()) << bugs.status().message();
  EXPECT_TRUE(bugs->ignore_ready_flip);
  EXPECT_TRUE(bugs->restore_pending_returns_ok);
  EXPECT_TRUE(bugs->deletion_uses_class_policy);
  EXPECT_TRUE(bugs->finalizer_left_after_delete);
  EXPECT_TRUE(bugs->no_being_created_guard);
  EXPECT_TRUE(bugs->refuse_terminating_pvc);
}

TEST(UpstreamBugsTest, NoneByDefault) {
  auto bugs = ParseUpstreamBugs({});
  ASSERT_TRUE(bugs.ok());
  EXPECT_FALSE(bugs->ignore_ready_flip || bugs->restore_pending_returns_ok || bugs->deletion_uses_class_policy ||
               bugs->finalizer_left_after_delete || bugs->no_being_created_guard || bugs->refuse_terminating_pvc);
}

TEST(UpstreamBugsTest, UnknownIssueNamesTheKnownOnes) {
  auto bugs = ParseUpstreamBugs({"1234"});
  ASSERT_FALSE(bugs.ok());
  EXPECT_EQ(bugs.status().message(),
            "unknown upstream bug \"1234\"; expected some of: 1388, 1366, 292, 1301, 134, 413");
}

}  // namespace
}  // namespace snapsim::csi
