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

// The filter as the upstream code states it: sanitize a copy of the new object (take
// every ignored field from the old one) and compare it whole. The implementation compares
// in place instead; both must agree on every pair.
bool SanitizedReference(const api::VolumeSnapshotContent& o, const api::VolumeSnapshotContent& n,
                        ContentUpdateFilter filter) {
  if (o.metadata.resource_version == n.metadata.resource_version) return filter == ContentUpdateFilter::kEnqueueReadyFlip;
  api::VolumeSnapshotContent sanitized = n;
  sanitized.metadata.resource_version = o.metadata.resource_version;
  sanitized.status = o.status;
  sanitized.metadata.managed_fields = o.metadata.managed_fields;
  sanitized.metadata.finalizers = o.metadata.finalizers;
  const std::string key(kBeingCreatedAnnotation);
  if (const std::string* v = o.metadata.Annotation(kBeingCreatedAnnotation)) {
    sanitized.metadata.annotations[key] = *v;
  } else {
    sanitized.metadata.annotations.erase(key);
  }
  if (!api::EncodesEqual(sanitized, o)) return true;
  return filter == ContentUpdateFilter::kEnqueueReadyFlip && !IsContentReady(o) && IsContentReady(n);
}

TEST(UpdateFilterTest, AgreesWithTheSanitizedCopyOnEveryCombinationOfChanges) {
  // Each bit of a variant sets one field the filter ignores or looks at.
  auto variant = [](unsigned bits) {
    api::VolumeSnapshotContent c = Base();
    if (bits & 1u) c.metadata.annotations[std::string(kBeingCreatedAnnotation)] = "yes";
    if (bits & 2u) c.metadata.annotations["a-other"] = "x";  // sorts before the being-created key
    if (bits & 4u) c.metadata.annotations["z-other"] = "y";  // ... and after it
    if (bits & 8u) c.metadata.finalizers.push_back("snapshot.storage.kubernetes.io/volumesnapshotcontent-bound-protection");
    if (bits & 16u) c.status->ready_to_use = true;
    if (bits & 32u) c.spec.deletion_policy = "Retain";
    if (bits & 64u) c.metadata.labels["l"] = "v";
    if (bits & 128u) c.metadata.deletion_timestamp = "2026-01-01T00:00:00Z";
    if (bits & 256u) c.status.reset();
    if (bits & 512u) c.metadata.annotations["a-other"] = "changed";  // same key, other value
    if (bits & 1024u) c.metadata.annotations[std::string(kBeingCreatedAnnotation)] = "other";
    return c;
  };
  int enqueued = 0, checked = 0;
  for (unsigned a = 0; a < 2048; a += 3) {
    for (unsigned b = 0; b < 2048; b += 29) {  // strides keep the pairs varied and few
      api::VolumeSnapshotContent o = variant(a), n = variant(b);
      n.metadata.resource_version = (a + b) % 5 == 0 ? o.metadata.resource_version : "11";
      for (auto f : {ContentUpdateFilter::kEnqueueReadyFlip, ContentUpdateFilter::kIgnoreStatus}) {
        bool want = SanitizedReference(o, n, f);
        ASSERT_EQ(ShouldEnqueueContentChange(o, n, f), want) << "old " << a << " new " << b;
        enqueued += want ? 1 : 0;
        ++checked;
      }
    }
  }
  EXPECT_GT(enqueued, 0);
  EXPECT_LT(enqueued, checked);  // both answers occur
}

}  // namespace
}  // namespace snapsim::csi
