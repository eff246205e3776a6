// The aliyun front end: argument syntax, output formatting, and the CLI's error texts.
#include "sim/aliyun/aliyun.h"

#include <gtest/gtest.h>

#include <regex>

#include "sim/aliyun/cli_args.h"
#include "sim/aliyun/fault_value.h"
#include "sim/aliyun/suggest.h"
#include "src/api/json.h"

namespace snapsim::aliyun {
namespace {

class AliyunTest : public ::testing::Test {
 protected:
  AliyunTest() : rng_(3), ecs_(loop_, rng_, Config()) {
    EXPECT_TRUE(ecs_.AddInstance(kI1, "cn-hangzhou-g", "node-0").ok());
    EXPECT_TRUE(ecs_.AddInstance(kI2, "cn-hangzhou-h", "node-1").ok());
  }
  static ecs::EcsConfig Config() {
    ecs::EcsConfig c;
    c.zones = {"cn-hangzhou-g", "cn-hangzhou-h"};
    return c;
  }
  CommandResult Run(std::vector<std::string> args) { return RunAliyun(ecs_, loop_, args); }
  api::Value Json(const CommandResult& r) {
    EXPECT_EQ(r.exit_code, 0) << r.err;
    auto v = api::ParseJson(r.out);
    EXPECT_TRUE(v.ok()) << r.out;
    return v.ok() ? *v : api::Value();
  }
  std::string NewDisk(std::string category = "cloud_essd") {
    auto v = Json(Run({"ecs", "CreateDisk", "--RegionId", "cn-hangzhou", "--ZoneId",
                       "cn-hangzhou-g", "--DiskCategory", category, "--Size", "20"}));
    loop_.Settle(engine::kHour);
    return v["DiskId"].as_string();
  }

  static constexpr const char* kI1 = "i-bp1aaaaaaaaaaaaaaaaa";
  static constexpr const char* kI2 = "i-bp1bbbbbbbbbbbbbbbbb";
  engine::EventLoop loop_;
  engine::Rng rng_;
  ecs::Ecs ecs_;
};

TEST_F(AliyunTest, CreateDiskPrintsSortedTabIndentedJson) {
  CommandResult r = Run({"ecs", "CreateDisk", "--RegionId", "cn-hangzhou", "--ZoneId",
                         "cn-hangzhou-g", "--DiskCategory", "cloud_essd", "--Size", "20"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  std::regex want(
      "\\{\n\t\"DiskId\": \"d-bp1[a-z0-9]{17}\",\n\t\"RequestId\": "
      "\"[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-"
      "[89AB][0-9A-F]{3}-[0-9A-F]{12}\"\n\\}\n");
  EXPECT_TRUE(std::regex_match(r.out, want)) << r.out;
  EXPECT_EQ(loop_.Now(), 50 * engine::kMillisecond);
  EXPECT_EQ(ecs_.CallLog().back().caller, "aliyun-cli");
  EXPECT_EQ(ecs_.CallLog().back().params->at("RegionId"), "cn-hangzhou");
}

TEST_F(AliyunTest, DescribeSnapshotsShape) {
  std::string d = NewDisk();
  ASSERT_EQ(Run({"ecs", "AttachDisk", "--InstanceId", kI1, "--DiskId", d}).exit_code, 0);
  loop_.Settle(engine::kHour);
  auto snap = Json(Run({"ecs", "CreateSnapshot", "--DiskId", d, "--SnapshotName=snap-1",
                        "--Tag.1.Key", "k", "--Tag.1.Value", "v", "--RetentionDays", "7"}));
  std::string id = snap["SnapshotId"].as_string();
  loop_.Settle(engine::kHour);
  auto v = Json(Run({"ecs", "DescribeSnapshots", "--RegionId", "cn-hangzhou", "--SnapshotIds",
                     "[\"" + id + "\",\"s-bp1unknown\"]"}));
  EXPECT_EQ(v["TotalCount"].as_int(), 1);
  EXPECT_EQ(v["PageNumber"].as_int(), 1);
  EXPECT_EQ(v["PageSize"].as_int(), 10);
  EXPECT_EQ(v["RequestId"].as_string().size(), 36u);
  api::Value s = v["Snapshots"]["Snapshot"].as_array().at(0);
  EXPECT_EQ(s["SnapshotId"].as_string(), id);
  EXPECT_EQ(s["Status"].as_string(), "accomplished");
  EXPECT_EQ(s["Progress"].as_string(), "100%");
  EXPECT_EQ(s["SourceDiskSize"].as_string(), "20");
  EXPECT_EQ(s["SourceDiskId"].as_string(), d);
  EXPECT_TRUE(s["Available"].as_bool());
  EXPECT_EQ(s["RetentionDays"].as_int(), 7);
  EXPECT_EQ(s["Tags"]["Tag"].mutable_array().at(0)["TagKey"].as_string(), "k");
  EXPECT_EQ(s["Tags"]["Tag"].mutable_array().at(0)["TagValue"].as_string(), "v");
  // Keys come out sorted at every level.
  CommandResult raw = Run({"ecs", "DescribeSnapshots", "--SnapshotIds", "[\"" + id + "\"]"});
  EXPECT_LT(raw.out.find("\"PageNumber\""), raw.out.find("\"RequestId\""));
  EXPECT_LT(raw.out.find("\"Snapshots\""), raw.out.find("\"TotalCount\""));
  EXPECT_NE(raw.out.find("\n\t\t\"Snapshot\": [\n\t\t\t{\n\t\t\t\t\"Available\": true,"),
            std::string::npos)
      << raw.out;
}

TEST_F(AliyunTest, ServerErrorsPrintAsTheSdkDoes) {
  CommandResult r = Run({"ecs", "DeleteDisk", "--DiskId", "d-bp1nothere"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  std::smatch m;
  ASSERT_TRUE(std::regex_match(
      r.err, m,
      std::regex("ERROR: SDK.ServerError\nErrorCode: InvalidDiskId.NotFound\nRecommend: "
                 "https://api.aliyun.com/troubleshoot\\?q=InvalidDiskId.NotFound&product=Ecs&"
                 "requestId=([0-9A-F-]{36})\nRequestId: ([0-9A-F-]{36})\nMessage: The "
                 "specified disk does not exist.\n")))
      << r.err;
  EXPECT_EQ(m[1], m[2]);
  EXPECT_EQ(ecs_.CallLog().back().request_id, m[1].str());
}

TEST_F(AliyunTest, CliErrors) {
  CommandResult api = Run({"ecs", "CreateSnapshots", "--DiskId", "d-1"});
  EXPECT_EQ(api.exit_code, 2);
  EXPECT_EQ(api.err, "ERROR: 'CreateSnapshots' is not a valid api. See `aliyun help ecs`.\n");
  EXPECT_EQ(api.out, "\nDid you mean:\n  CreateSnapshot\n");

  CommandResult param = Run({"ecs", "CreateSnapshot", "--DiskID", "d-1"});
  EXPECT_EQ(param.exit_code, 2);
  EXPECT_EQ(param.err,
            "ERROR: '--DiskID' is not a valid parameter or flag. See `aliyun help ecs "
            "CreateSnapshot`.\n");
  EXPECT_EQ(param.out, "\nDid you mean:\n  DiskId\n");

  CommandResult req = Run({"ecs", "AttachDisk", "--DiskId", "d-1"});
  EXPECT_EQ(req.exit_code, 3);
  EXPECT_EQ(req.err,
            "ERROR: required parameters not assigned: \n  --InstanceId\n\nuse `aliyun ecs "
            "AttachDisk --help` to "
            "get more information\n");

  CommandResult dup = Run({"ecs", "DeleteDisk", "--DiskId", "a", "--DiskId", "b"});
  EXPECT_EQ(dup.exit_code, 1);
  EXPECT_EQ(dup.err, "ERROR: --DiskId duplicated\n");

  CommandResult novalue = Run({"ecs", "DeleteDisk", "--DiskId", "--RegionId", "cn-hangzhou"});
  EXPECT_EQ(novalue.err, "ERROR: --DiskId must be assigned with value\n");

  CommandResult extra = Run({"ecs", "DescribeDisks", "extra"});
  EXPECT_EQ(extra.exit_code, 3);
  EXPECT_EQ(extra.err,
            "ERROR: invalid argument extra\n\nUse `aliyun help ecs` see more information.\n");

  CommandResult product = Run({"ecss", "DescribeDisks"});
  EXPECT_EQ(product.exit_code, 2);
  EXPECT_EQ(product.err, "ERROR: 'ecss' is not a valid command or product. See `aliyun help`.\n");
  EXPECT_EQ(product.out, "\nDid you mean:\n  ecs\n  ess\n");
  EXPECT_EQ(ecs_.CallLog().size(), 0u);  // none of these reached ECS
}

TEST_F(AliyunTest, UnsupportedThingsFailLoudly) {
  CommandResult vpc = Run({"vpc", "DescribeVpcs"});
  EXPECT_EQ(vpc.exit_code, 1);
  EXPECT_EQ(vpc.err,
            "ERROR: unsupported: snapsim models only the ecs product of the aliyun CLI, not vpc\n");
  CommandResult action = Run({"ecs", "DescribeRegions"});
  EXPECT_EQ(action.err,
            "ERROR: unsupported: snapsim does not model the ECS action DescribeRegions\n");
  CommandResult param =
      Run({"ecs", "CreateDisk", "--ZoneId", "cn-hangzhou-g", "--StorageClusterId", "x"});
  EXPECT_EQ(param.err,
            "ERROR: unsupported: snapsim does not model the parameter \"StorageClusterId\" of ECS "
            "CreateDisk\n");
  CommandResult flag = Run({"ecs", "DescribeDisks", "--output", "cols=DiskId"});
  EXPECT_EQ(flag.err, "ERROR: unsupported: snapsim's aliyun does not model the --output flag\n");
  CommandResult value = Run({"ecs", "CreateDisk", "--ZoneId", "cn-hangzhou-g", "--Size", "20",
                             "--MultiAttach", "Enabled"});
  EXPECT_EQ(value.exit_code, 1);
  EXPECT_EQ(value.err, "ERROR: unsupported: snapsim does not model multi-attach disks\n");
}

TEST_F(AliyunTest, QuietRegionAndJsonArrays) {
  std::string a = NewDisk(), b = NewDisk();
  CommandResult q = Run({"ecs", "DescribeDisks", "--quiet"});
  EXPECT_EQ(q.exit_code, 0);
  EXPECT_EQ(q.out, "");
  auto v = Json(Run({"ecs", "DescribeDisks", "--DiskIds", "[\"" + a + "\", \"" + b + "\"]"}));
  EXPECT_EQ(v["TotalCount"].as_int(), 2);
  CommandResult bad = Run({"ecs", "DescribeDisks", "--DiskIds", a});
  EXPECT_NE(bad.err.find("ErrorCode: InvalidDiskIds.Malformed\n"), std::string::npos) << bad.err;
  CommandResult region = Run({"ecs", "DescribeDisks", "--region", "cn-mars"});
  EXPECT_NE(region.err.find("ErrorCode: InvalidRegionId.NotFound\n"), std::string::npos)
      << region.err;
  auto disk = Json(Run({"ecs", "DescribeDisks", "--DiskIds=[\"" + a + "\"]"}))["Disks"]["Disk"]
                  .as_array()
                  .at(0);
  EXPECT_EQ(disk["Status"].as_string(), "Available");
  EXPECT_EQ(disk["Category"].as_string(), "cloud_essd");
  EXPECT_EQ(disk["PerformanceLevel"].as_string(), "PL1");
  EXPECT_EQ(disk["SerialNumber"].as_string(), a.substr(2));
  EXPECT_EQ(disk["Attachments"]["Attachment"].as_array().size(), 0u);
}

TEST(CliArgsTest, ParserForms) {
  auto r = ParseCommandLine({"ecs", "X", "--A", "1", "--B=2", "--C:3", "--quiet", "---cert---"},
                            {"quiet"});
  ASSERT_TRUE(std::holds_alternative<CommandLine>(r));
  const auto& c = std::get<CommandLine>(r);
  EXPECT_EQ(c.positional, (std::vector<std::string>{"ecs", "X", "---cert---"}));
  ASSERT_EQ(c.flags.size(), 4u);
  EXPECT_EQ(c.flags[1], (std::pair<std::string, std::string>{"B", "2"}));
  EXPECT_EQ(c.flags[2], (std::pair<std::string, std::string>{"C", "3"}));
  EXPECT_EQ(std::get<std::string>(ParseCommandLine({"--", "x"}, {})),
            "not support '--' in command line");
  EXPECT_EQ(std::get<std::string>(ParseCommandLine({"-abc"}, {})), "not support flag form -abc");
}

TEST(SuggestTest, SmallestDistanceWins) {
  EXPECT_EQ(EditDistance("DiskID", "DiskId"), 2);
  EXPECT_EQ(Suggest("DescribeDisk", {"DescribeDisks", "DescribeDisk2", "DeleteDisk"}),
            (std::vector<std::string>{"DescribeDisks", "DescribeDisk2"}));
  EXPECT_TRUE(Suggest("Zzz", {"DescribeDisks"}).empty());
}

TEST(FaultValueTest, FlattensScalarsAndMatch) {
  api::Value::Object match;
  match["DiskCategory"] = "cloud_essd";
  api::Value::Object rule;
  rule["api"] = "CreateDisk";
  rule["error"] = "Throttling";
  rule["times"] = 2;
  rule["probability"] = 0.5;
  rule["afterEffect"] = true;
  rule["match"] = match;
  auto r = ParseEcsFaultValue(api::Value(rule));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->times, 2);
  EXPECT_EQ(r->probability, 0.5);
  EXPECT_TRUE(r->after_effect);
  EXPECT_EQ(r->match.at("DiskCategory"), "cloud_essd");
  rule["times"] = api::Value::Array{};
  EXPECT_EQ(ParseEcsFaultValue(api::Value(rule)).status().message(),
            "fault.ecs.times: expected a scalar, got array");
  EXPECT_EQ(ParseEcsFaultValue(api::Value("x")).status().message(), "fault.ecs: expected a map");
}

}  // namespace
}  // namespace snapsim::aliyun
