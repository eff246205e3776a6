// The request layer (wire parameters <-> typed requests) and the generic Invoke path.
#include "src/fake_ecs/params.h"

#include <gtest/gtest.h>

#include "src/fake_ecs/actions.h"
#include "src/fake_ecs/ecs_test_util.h"

namespace snapsim::ecs::testing {
namespace {

TEST(ParamsTest, IdArrays) {
  EXPECT_EQ(*ParseIdArray("[\"d-1\",\"d-2\"]"), (std::vector<std::string>{"d-1", "d-2"}));
  EXPECT_EQ(*ParseIdArray(" [ \"d-1\" , \"d-2\" ] "), (std::vector<std::string>{"d-1", "d-2"}));
  EXPECT_TRUE(ParseIdArray("[]")->empty());
  EXPECT_FALSE(ParseIdArray("d-1"));
  EXPECT_FALSE(ParseIdArray("[\"d-1\""));
  EXPECT_FALSE(ParseIdArray("[d-1]"));
  EXPECT_FALSE(ParseIdArray("[\"d-1\",]"));
  EXPECT_EQ(FormatIdArray({"d-1", "d-2"}), "[\"d-1\",\"d-2\"]");
}

TEST(ParamsTest, ParseAndEmitRoundTrip) {
  Params p{{"RegionId", "cn-hangzhou"}, {"DiskId", "d-1"},        {"SnapshotName", "s1"},
           {"RetentionDays", "3"},      {"Tag.2.Key", "b"},       {"Tag.2.Value", "2"},
           {"Tag.1.Key", "a"},          {"InstantAccess", "True"}};
  auto r = ParseCreateSnapshot(p);
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->disk_id, "d-1");
  EXPECT_EQ(r->retention_days, 3);
  EXPECT_EQ(r->instant_access, true);
  ASSERT_EQ(r->tags.size(), 2u);
  EXPECT_EQ(r->tags[0], (Tag{"a", ""}));
  EXPECT_EQ(r->tags[1], (Tag{"b", "2"}));
  Params back = ToParams(*r);
  EXPECT_EQ(back.at("InstantAccess"), "true");
  EXPECT_EQ(back.at("Tag.1.Key"), "a");
  EXPECT_EQ(back.at("Tag.2.Value"), "2");
}

TEST(ParamsTest, MalformedValuesAreEcsErrors) {
  auto size = ParseCreateDisk({{"Size", "big"}});
  ASSERT_FALSE(size.ok());
  EXPECT_EQ(size.error().code, "InvalidParameter");
  EXPECT_EQ(size.error().message, "The specified parameter \"Size\" is not valid.");
  auto ids = ParseDescribeDisks({{"DiskIds", "d-1"}});
  ASSERT_FALSE(ids.ok());
  EXPECT_EQ(ids.error().code, "InvalidDiskIds.Malformed");
  auto missing = ParseDeleteSnapshot({});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message,
            "The input parameter \"SnapshotId\" that is mandatory for processing this request is "
            "not supplied.");
  auto tag = ParseCreateDisk({{"Tag.1.Value", "v"}});
  ASSERT_FALSE(tag.ok());
  EXPECT_EQ(tag.error().code, "InvalidTagKey.Malformed");
}

TEST(ParamsTest, UnmodelledAndUnknownParametersAreRefusedLoudly) {
  auto r = ParseCreateDisk({{"StorageClusterId", "dbsc-1"}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "snapsim.Unsupported");
  EXPECT_EQ(
      r.error().message,
      "unsupported: snapsim does not model the parameter \"StorageClusterId\" of ECS CreateDisk");
  auto u = ParseDeleteDisk({{"DiskId", "d-1"}, {"Bogus", "1"}});
  ASSERT_FALSE(u.ok());
  EXPECT_EQ(u.error().message, "unsupported: ECS DeleteDisk has no parameter \"Bogus\"");
}

TEST(ActionsTest, Table) {
  EXPECT_TRUE(IsEcsAction("DescribeRegions"));
  EXPECT_TRUE(IsEcsAction("CreateSnapshot"));
  EXPECT_FALSE(IsEcsAction("CreateSnapshots"));
  EXPECT_EQ(FindModelledAction("DescribeRegions"), nullptr);
  const ActionSpec* cd = FindModelledAction("CreateDisk");
  ASSERT_NE(cd, nullptr);
  EXPECT_NE(FindParam(*cd, "Tag.20.Key"), nullptr);
  EXPECT_EQ(FindParam(*cd, "Tag.0.Key"), nullptr);
  EXPECT_EQ(FindParam(*cd, "Tag.x.Key"), nullptr);
  EXPECT_EQ(FindParam(*cd, "Tag.1.Kee"), nullptr);
  EXPECT_NE(FindParam(*cd, "RegionId"), nullptr);
  EXPECT_FALSE(FindParam(*cd, "InstanceId")->modelled);
  EXPECT_TRUE(FindParam(*FindModelledAction("AttachDisk"), "InstanceId")->required);
}

using InvokeTest = EcsTest;

TEST_F(InvokeTest, InvokeParsesWhenTheCallTakesEffect) {
  auto ok = ecs_->InvokeSync("CreateDisk", {{"ZoneId", "cn-hangzhou-g"}, {"Size", "20"}});
  ASSERT_TRUE(ok.ok()) << ok.error().ToString();
  ASSERT_TRUE(std::holds_alternative<CreateDiskResponse>(*ok));
  auto bad = ecs_->InvokeSync("CreateDisk", {{"ZoneId", "cn-hangzhou-g"}, {"Size", "x"}});
  EXPECT_ECS_ERROR(bad, "InvalidParameter", "The specified parameter \"Size\" is not valid.", 400);
  EXPECT_EQ(ecs_->CallLog().back().outcome, "InvalidParameter");
  EXPECT_EQ(ecs_->CallLog().back().params->at("Size"), "x");
  auto unmodelled = ecs_->InvokeSync("DescribeRegions", {});
  ASSERT_FALSE(unmodelled.ok());
  EXPECT_EQ(unmodelled.error().message,
            "unsupported: snapsim does not model the ECS action DescribeRegions");
  auto unknown = ecs_->InvokeSync("Nope", {});
  EXPECT_ECS_ERROR(unknown, "InvalidAction.NotFound",
                   "Specified api is not found, please check your url and method.", 404);
}

TEST_F(InvokeTest, TokenComparisonUsesNormalizedParameters) {
  std::string d = UsedDisk();
  Params p{{"DiskId", d}, {"ClientToken", "t"}, {"InstantAccess", "TRUE"}};
  auto a = ecs_->InvokeSync("CreateSnapshot", p);
  ASSERT_TRUE(a.ok());
  CreateSnapshotRequest typed{.disk_id = d, .client_token = "t", .instant_access = true};
  auto b = ecs_->CreateSnapshotSync(typed);
  ASSERT_TRUE(b.ok()) << b.error().ToString();
  EXPECT_EQ(std::get<CreateSnapshotResponse>(*a).snapshot_id, b->snapshot_id);
}

}  // namespace
}  // namespace snapsim::ecs::testing
