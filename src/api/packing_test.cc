#include "src/api/packing.h"

#include <gtest/gtest.h>

#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "src/api/kinds_core.h"

namespace snapsim::api {
namespace {

// Every member of an Event set, none to its zero value where a zero would be omitted.
Event FullEvent() {
  Event e;
  ObjectMeta& m = e.metadata;
  m.name = "snap-1.17d2a3b4c5d6e7f8";
  m.generate_name = "snap-";
  m.namespace_ = "default";
  m.self_link = "/api/v1/namespaces/default/events/snap-1";
  m.uid = "1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e";
  m.resource_version = "4242";
  m.generation = -3;
  m.creation_timestamp = "2024-05-20T08:20:00Z";
  m.deletion_timestamp = "2024-05-20T09:20:00Z";
  m.deletion_grace_period_seconds = 0;
  m.labels = {{"app", "db"}, {"", "empty key"}};
  m.annotations = {{"a/b", std::string("nul\0inside", 10)}};
  m.owner_references = {{"v1", "Pod", "db-0", "u-1", true, std::nullopt}, {"v1", "Node", "n", "u-2", std::nullopt, false}};
  m.finalizers = {"f1", "f2"};
  m.managed_fields = {Value::EmptyObject(), Value(std::int64_t{1} << 40)};
  e.involved_object = {"snapshot.storage.k8s.io/v1", "VolumeSnapshot", "default", "snap-1", "u-3", "41", "spec"};
  e.reason = "CreatingSnapshot";
  e.message = std::string(300, 'x');  // a length past one varint byte
  e.source = {"snapshot-controller", "node-1"};
  e.first_timestamp = "2024-05-20T08:20:00Z";
  e.last_timestamp = "";
  e.count = std::numeric_limits<std::int32_t>::min();
  e.type = "Normal";
  e.event_time = std::nullopt;
  e.series = EventSeries{7, "2024-05-20T08:20:00.000000Z"};
  e.action = "Binding";
  e.related = ObjectReference{"v1", "Node", "", "n", "u-4", "", ""};
  e.reporting_component = "snapshot-controller";
  e.reporting_instance = "snapshot-controller-0";
  return e;
}

TEST(PackingTest, AnEventWithEveryMemberSetComesBackAsItWas) {
  const Event e = FullEvent();
  const std::string bytes = Pack(e);
  Event back;
  back.metadata.finalizers = {"stale"};  // unpacking replaces, it does not merge
  UnpackInto(bytes, back);
  EXPECT_EQ(back.ToValue(), e.ToValue());
  EXPECT_EQ(back.metadata.annotations.at("a/b"), std::string("nul\0inside", 10));
  EXPECT_EQ(back.metadata.deletion_grace_period_seconds, std::optional<std::int64_t>(0));  // set, though zero
  EXPECT_EQ(back.last_timestamp, std::optional<std::string>(""));
  EXPECT_FALSE(back.event_time.has_value());
  EXPECT_EQ(back.count, std::numeric_limits<std::int32_t>::min());
  EXPECT_LT(bytes.size(), 1100u);  // the struct alone is 1,096 bytes
}

TEST(PackingTest, AnEmptyEventPacksSmallAndComesBackEmpty) {
  const std::string bytes = Pack(Event());
  EXPECT_LT(bytes.size(), 64u);
  Event back = FullEvent();
  UnpackInto(bytes, back);
  EXPECT_EQ(back.ToValue(), Event().ToValue());
}

TEST(PackingTest, TruncatedBytesNeverReadPastTheEnd) {
  const std::string bytes = Pack(FullEvent());
  for (std::size_t n = 0; n < bytes.size(); n += 7) {
    Event back;
    UnpackInto(std::string_view(bytes).substr(0, n), back);  // garbage in, no crash (ASan checks)
  }
}

TEST(PackingTest, ScalarsAndNestedContainersRoundTrip) {
  for (std::int64_t v : {std::int64_t{0}, std::int64_t{-1}, std::int64_t{63}, std::int64_t{-64}, std::int64_t{1} << 40,
                         std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max()}) {
    std::string out;
    packing::Put(out, v);
    std::string_view in = out;
    std::int64_t back = 7;
    packing::Get(in, back);
    EXPECT_EQ(back, v);
    EXPECT_TRUE(in.empty());
  }
  std::map<std::string, std::vector<std::optional<std::string>>> nested = {{"a", {std::nullopt, "", "x"}}, {"b", {}}};
  std::string out;
  packing::Put(out, nested);
  packing::Put(out, IntOrString{false, 0, "http"});
  packing::Put(out, 2.5);
  std::string_view in = out;
  decltype(nested) nested_back;
  IntOrString port{true, 99, "stale"};  // unpacking replaces both members
  double d = 0;
  packing::Get(in, nested_back);
  packing::Get(in, port);
  packing::Get(in, d);
  EXPECT_EQ(nested_back, nested);
  EXPECT_EQ(port, (IntOrString{false, 0, "http"}));
  EXPECT_EQ(d, 2.5);
  EXPECT_TRUE(in.empty());
}

}  // namespace
}  // namespace snapsim::api
