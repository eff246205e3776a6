// EncodesEqual / EncodesEqualExcept / Object::BodyEncodesEqual agree with comparing
// the encodings (what the API server's no-op check and the update filters did before).
#include <gtest/gtest.h>

#include <functional>
#include <vector>

#include "src/api/kinds_pod.h"
#include "src/api/kinds_snapshot.h"
#include "src/api/kinds_storage.h"

namespace snapsim::api {
namespace {

template <class T>
using Mutation = std::function<void(T&)>;

// Every pair (base, base+m_i), (base+m_i, base+m_j) must compare alike both ways.
template <class T>
void ExpectAgreement(const T& base, const std::vector<Mutation<T>>& mutations) {
  std::vector<T> variants{base};
  for (const auto& m : mutations) {
    T v = base;
    m(v);
    variants.push_back(v);
  }
  for (std::size_t i = 0; i < variants.size(); ++i) {
    for (std::size_t j = 0; j < variants.size(); ++j) {
      bool encoded = Encode(variants[i]) == Encode(variants[j]);
      EXPECT_EQ(EncodesEqual(variants[i], variants[j]), encoded) << "variants " << i << " and " << j;
      Value a = variants[i].ToValue(), b = variants[j].ToValue();
      a.Erase("metadata");
      b.Erase("metadata");
      EXPECT_EQ(variants[i].BodyEncodesEqual(variants[j], true), a == b) << "with status " << i << " " << j;
      a.Erase("status");
      b.Erase("status");
      EXPECT_EQ(variants[i].BodyEncodesEqual(variants[j], false), a == b) << "without status " << i << " " << j;
      Value ma = Encode(variants[i].metadata), mb = Encode(variants[j].metadata);
      ma.Erase("resourceVersion");
      mb.Erase("resourceVersion");
      EXPECT_EQ(EncodesEqualExcept(variants[i].metadata, variants[j].metadata, {"resourceVersion"}), ma == mb)
          << "metadata " << i << " " << j;
    }
  }
}

TEST(EncodesEqualTest, VolumeSnapshotContent) {
  VolumeSnapshotContent c;
  c.metadata.name = "snapcontent-1";
  c.metadata.resource_version = "7";
  c.metadata.annotations["a"] = "b";
  c.spec.driver = "diskplugin.csi.alibabacloud.com";
  c.spec.deletion_policy = "Delete";
  c.spec.source.volume_handle = "d-1";
  c.spec.volume_snapshot_ref.name = "snap";
  ExpectAgreement<VolumeSnapshotContent>(
      c, {
             [](auto& x) { x.metadata.resource_version = "8"; },
             [](auto& x) { x.metadata.annotations["c"] = "d"; },
             [](auto& x) { x.metadata.annotations.clear(); },
             [](auto& x) { x.metadata.finalizers.push_back("f"); },
             [](auto& x) { x.spec.source.volume_handle.reset(); },
             [](auto& x) { x.spec.source.volume_handle = ""; },  // present but empty: still encoded
             [](auto& x) { x.spec.source.snapshot_handle = "s-1"; },
             [](auto& x) { x.spec.driver.clear(); },
             [](auto& x) { x.status.emplace(); },
             [](auto& x) { x.status.emplace().ready_to_use = false; },
             [](auto& x) { x.status.emplace().ready_to_use = true; },
             [](auto& x) { x.status.emplace().restore_size = 0; },
             [](auto& x) { x.status.emplace().error.emplace().message = "m"; },
         });
}

TEST(EncodesEqualTest, PodAndClaim) {
  Pod p;
  p.metadata.name = "app";
  p.spec.containers.emplace_back();
  p.spec.containers[0].name = "c";
  p.spec.node_name = "n1";
  p.status.phase = "Running";
  ExpectAgreement<Pod>(p, {
                              [](auto& x) { x.spec.containers[0].name = "d"; },
                              [](auto& x) { x.spec.containers.emplace_back(); },
                              [](auto& x) { x.spec.node_name.clear(); },
                              [](auto& x) { x.status.phase = "Pending"; },
                              [](auto& x) { x.status.conditions.emplace_back(); },
                              [](auto& x) { x.metadata.labels["k"] = ""; },
                          });
  PersistentVolumeClaim c;
  c.metadata.name = "data";
  c.spec.resources.requests["storage"] = *Quantity::Parse("20Gi");
  ExpectAgreement<PersistentVolumeClaim>(
      c, {
             [](auto& x) { x.spec.resources.requests["storage"] = *Quantity::Parse("20480Mi"); },  // same text
             [](auto& x) { x.spec.resources.requests["storage"] = *Quantity::Parse("21Gi"); },
             [](auto& x) { x.spec.resources.requests.clear(); },
             [](auto& x) { x.spec.volume_name = "pv"; },
             [](auto& x) { x.status.capacity["storage"] = *Quantity::Parse("20Gi"); },
         });
}

}  // namespace
}  // namespace snapsim::api
