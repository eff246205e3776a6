// ShouldEnqueueContentChange (semantics reference §0, §7 #1388).
#include "src/csi/snapshotter_sidecar/update_filter.h"

#include <gtest/gtest.h>

#include "src/csi/util/snapshot_names.h"

namespace snapsim::csi {
namespace {

api::VolumeSnapshotContent Base() {
  api::VolumeSnapshotContent c;
  c.metadata.name = "c1";
  c.metadata.resource_version = "10";
  c.spec.driver = "diskplugin.csi.alibabacloud.com";
  c.spec.deletion_policy = "Delete";
  c.spec.source.volume_handle = "vol-1";
  c.status.emplace();
  c.status->ready_to_use = false;
  return c;
}

api::VolumeSnapshotContent Next(const api::VolumeSnapshotContent& c) {
  api::VolumeSnapshotContent n = c;
  n.metadata.resource_version = "11";
  return n;
}

bool Both(const api::VolumeSnapshotContent& o, const api::VolumeSnapshotContent& n, bool* bug) {
  *bug = ShouldEnqueueContentChange(o, n, ContentUpdateFilter::kIgnoreStatus);
  return ShouldEnqueueContentChange(o, n, ContentUpdateFilter::kEnqueueReadyFlip);
}

// A resync is enqueued since v8.6; before, it sanitized to "no change" and was dropped
// (so #1388 never healed).
TEST(UpdateFilterTest, ResyncIsEnqueuedSinceTheFix) {
  bool bug;
  EXPECT_TRUE(Both(Base(), Base(), &bug));
  EXPECT_FALSE(bug);
}

TEST(UpdateFilterTest, OwnWritesAreIgnored) {
  bool bug;
  auto o = Base();
  auto n = Next(o);
  n.status->snapshot_handle = "snap-1";
  n.status->error = api::VolumeSnapshotError{"t", "boom"};
  EXPECT_FALSE(Both(o, n, &bug));  // status only
  EXPECT_FALSE(bug);
  n = Next(o);
  n.metadata.annotations[std::string(kBeingCreatedAnnotation)] = "yes";
  EXPECT_FALSE(Both(o, n, &bug));  // the being-created annotation
  n = Next(o);
  n.metadata.finalizers.push_back(std::string(kVolumeSnapshotContentFinalizer));
  EXPECT_FALSE(Both(o, n, &bug));  // finalizers
  n = Next(o);
  n.metadata.managed_fields.push_back(api::Value("x"));
  EXPECT_FALSE(Both(o, n, &bug));  // managedFields
}

TEST(UpdateFilterTest, OtherChangesAreEnqueued) {
  bool bug;
  auto o = Base();
  auto n = Next(o);
  n.metadata.deletion_timestamp = "2026-01-01T00:00:01Z";
  EXPECT_TRUE(Both(o, n, &bug));
  EXPECT_TRUE(bug);
  n = Next(o);
  n.metadata.annotations[std::string(kBeingDeletedAnnotation)] = "yes";
  EXPECT_TRUE(Both(o, n, &bug));
  EXPECT_TRUE(bug);
  n = Next(o);
  n.spec.deletion_policy = "Retain";
  EXPECT_TRUE(Both(o, n, &bug));
  EXPECT_TRUE(bug);
}

TEST(UpdateFilterTest, ReadyFlipIsEnqueuedOnlySinceV86) {  // #1388 / PR #1392
  bool bug;
  auto o = Base();
  auto n = Next(o);
  n.status->ready_to_use = true;
  EXPECT_TRUE(Both(o, n, &bug));
  EXPECT_FALSE(bug);
  // true -> false, or an unchanged ready, is not.
  auto back = Next(o);
  back.metadata.resource_version = "12";
  EXPECT_FALSE(Both(n, back, &bug));
  auto n2 = Next(n);
  n2.metadata.resource_version = "12";
  EXPECT_FALSE(Both(n, n2, &bug));
}

}  // namespace
}  // namespace snapsim::csi
