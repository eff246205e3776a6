// Fault rules: parsing, matching, times/probability, latency, afterEffect, failed snapshots.
#include "src/fake_ecs/fault.h"

#include <gtest/gtest.h>

#include "src/fake_ecs/ecs_test_util.h"

namespace snapsim::ecs::testing {
namespace {

std::string ParseError(const std::map<std::string, std::string>& f) {
  auto r = ParseFaultRule(f);
  return r.ok() ? "OK" : r.status().message();
}

TEST(FaultParseTest, ParsesEveryKey) {
  auto r = ParseFaultRule({{"api", "CreateDisk"},
                           {"error", "InvalidDataDiskCategory.NotSupported"},
                           {"latency", "30s"},
                           {"times", "2"},
                           {"probability", "0.5"},
                           {"afterEffect", "false"},
                           {"component", "csi-provisioner"},
                           {"match.DiskCategory", "cloud_essd"}});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->api, "CreateDisk");
  EXPECT_EQ(r->error->code, "InvalidDataDiskCategory.NotSupported");
  EXPECT_EQ(r->error->http_status, 403);
  EXPECT_EQ(r->latency, 30 * kS);
  EXPECT_EQ(r->times, 2);
  EXPECT_EQ(r->probability, 0.5);
  EXPECT_EQ(r->component, "csi-provisioner");
  EXPECT_EQ(r->match.at("DiskCategory"), "cloud_essd");
}

TEST(FaultParseTest, PreciseMessages) {
  EXPECT_EQ(
      ParseError({{"api", "CreateSnapshots"}, {"error", "Throttling"}}),
      "fault.ecs.api: unknown ECS action \"CreateSnapshots\"; expected one of: *, AttachDisk, "
      "CreateDisk, CreateSnapshot, DeleteDisk, DeleteSnapshot, DescribeDisks, DescribeInstances, "
      "DescribeSnapshots, DetachDisk, ModifySnapshotAttribute, ResizeDisk");
  EXPECT_NE(ParseError({{"error", "Throttled"}})
                .find("fault.ecs.error: unknown ECS error code \"Throttled\""),
            std::string::npos);
  EXPECT_EQ(ParseError({{"error", "Throttling"}, {"times", "0"}}),
            "fault.ecs.times: expected a whole number of at least 1, got \"0\"");
  EXPECT_EQ(ParseError({{"error", "Throttling"}, {"probability", "1.5"}}),
            "fault.ecs.probability: expected a number in (0, 1], got \"1.5\"");
  EXPECT_EQ(ParseError({{"error", "Throttling"}, {"afterEffect", "yes"}}),
            "fault.ecs.afterEffect: expected true or false, got \"yes\"");
  EXPECT_NE(ParseError({{"latency", "soon"}}).find("fault.ecs.latency: invalid duration \"soon\""),
            std::string::npos);
  EXPECT_EQ(ParseError({{"api", "CreateDisk"}}),
            "fault.ecs: expected at least one of: error (e.g. Throttling), latency (e.g. 30s), "
            "snapshotStatus "
            "(failed)");
  EXPECT_EQ(ParseError({{"latency", "1s"}, {"afterEffect", "true"}}),
            "fault.ecs.afterEffect: needs an error: the call takes effect and the caller gets that "
            "error");
  EXPECT_EQ(
      ParseError({{"error", "Throttling"}, {"verb", "get"}}),
      "fault.ecs: unknown key \"verb\"; expected one of: api, error, latency, times, probability, "
      "afterEffect, component, snapshotStatus, match.<Param>");
  EXPECT_EQ(ParseError({{"api", "CreateDisk"}, {"error", "Throttling"}, {"match.Disk", "x"}}),
            "fault.ecs.match.Disk: ECS CreateDisk has no parameter \"Disk\"");
  EXPECT_EQ(ParseError({{"api", "CreateDisk"}, {"snapshotStatus", "failed"}}),
            "fault.ecs.snapshotStatus: only applies to api: CreateSnapshot");
}

using FaultTest = EcsTest;

FaultRule Rule(std::map<std::string, std::string> f) {
  auto r = ParseFaultRule(f);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return *r;
}

TEST_F(FaultTest, ThrottlingTwiceThenSuccessWithoutEffect) {
  std::string d = UsedDisk();
  ecs_->AddFault(Rule({{"api", "CreateSnapshot"}, {"error", "Throttling"}, {"times", "2"}}));
  EXPECT_ECS_ERROR(
      Snapshot(d), "Throttling",
      "Request was denied due to request throttling, please try again after 5 minutes.", 400);
  EXPECT_FALSE(Snapshot(d).ok());
  EXPECT_TRUE(ecs_->AllSnapshots().empty());
  EXPECT_TRUE(Snapshot(d).ok());
  const auto& log = ecs_->CallLog();
  EXPECT_FALSE(log[log.size() - 3].took_effect);
  EXPECT_EQ(log[log.size() - 3].outcome, "Throttling");
}

TEST_F(FaultTest, MatchAndComponentNarrowTheRule) {
  ecs_->AddFault(Rule({{"api", "CreateDisk"},
                       {"error", "InvalidDataDiskCategory.NotSupported"},
                       {"match.DiskCategory", "cloud_essd"},
                       {"component", "csi-provisioner"}}));
  CreateDiskRequest r{.zone_id = "cn-hangzhou-g", .disk_category = "cloud_essd", .size = 20};
  EXPECT_TRUE(ecs_->CreateDiskSync(r, {.caller = "aliyun-cli"}).ok());
  EXPECT_FALSE(ecs_->CreateDiskSync(r, {.caller = "csi-provisioner"}).ok());
  r.disk_category = "cloud_ssd";
  EXPECT_TRUE(ecs_->CreateDiskSync(r, {.caller = "csi-provisioner"}).ok());
  ecs_->ClearFaults();
  r.disk_category = "cloud_essd";
  EXPECT_TRUE(ecs_->CreateDiskSync(r, {.caller = "csi-provisioner"}).ok());
}

TEST_F(FaultTest, LatencyDelaysOnlyTheReply) {
  ecs_->AddFault(Rule({{"api", "CreateDisk"}, {"latency", "30s"}}));
  CreateDiskRequest r{.zone_id = "cn-hangzhou-g", .size = 20};
  engine::Nanos t0 = Now();
  auto resp = ecs_->CreateDiskSync(r);
  ASSERT_TRUE(resp.ok());
  EXPECT_EQ(Now() - t0, 30 * kS + 50 * engine::kMillisecond);
  EXPECT_EQ(PeekDisk(resp->disk_id)->status, "Available");  // it was created long ago
}

TEST_F(FaultTest, ProbabilityIsSeeded) {
  auto outcomes = [this] {
    EcsConfig c = DefaultConfig();
    Reset(c);
    ecs_->AddFault(
        Rule({{"api", "DescribeDisks"}, {"error", "Throttling.User"}, {"probability", "0.5"}}));
    std::string s;
    for (int i = 0; i < 32; ++i) s += ecs_->DescribeDisksSync({}).ok() ? '.' : 'x';
    return s;
  };
  std::string a = outcomes(), b = outcomes();
  EXPECT_EQ(a, b);
  EXPECT_NE(a.find('x'), std::string::npos);
  EXPECT_NE(a.find('.'), std::string::npos);
}

TEST_F(FaultTest, SnapshotStatusFailed) {
  std::string d = UsedDisk(20, "cloud_ssd");
  ecs_->AddFault(Rule({{"api", "CreateSnapshot"}, {"snapshotStatus", "failed"}, {"times", "1"}}));
  auto snap = Snapshot(d);
  ASSERT_TRUE(snap.ok());
  Settle();
  SnapshotInfo s = *Snap(snap->snapshot_id);
  EXPECT_EQ(s.status, "failed");
  EXPECT_FALSE(s.available);
  EXPECT_TRUE(Snapshot(d).ok());  // no longer in progress
}

TEST_F(FaultTest, EveryCallIsLogged) {
  size_t before = ecs_->CallLog().size();
  (void)ecs_->DescribeInstancesSync({}, {.caller = "test"});
  ASSERT_EQ(ecs_->CallLog().size(), before + 1);
  const CallRecord& r = ecs_->CallLog().back();
  EXPECT_EQ(r.action, "DescribeInstances");
  EXPECT_EQ(r.caller, "test");
  EXPECT_EQ(r.outcome, "OK");
  EXPECT_TRUE(r.took_effect);
  EXPECT_EQ(r.request_id.size(), 36u);
  EXPECT_EQ(r.request_id, [&] {
    std::string up(r.request_id.view());
    for (char& c : up) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return up;
  }());
}

TEST_F(FaultTest, CallLogLimitDropsTheOldest) {
  EcsConfig c = DefaultConfig();
  c.call_log_limit = 3;
  Reset(c);
  for (int i = 0; i < 5; ++i) (void)ecs_->DescribeDisksSync({});
  EXPECT_EQ(ecs_->CallLog().size(), 3u);
  EXPECT_EQ(ecs_->CallLog().back().outcome, "OK");
}

}  // namespace
}  // namespace snapsim::ecs::testing
