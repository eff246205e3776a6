#include "src/fake_ecs/actions.h"

#include <algorithm>
#include <cctype>

namespace snapsim::ecs {
namespace {

constexpr bool M = true;   // modelled
constexpr bool U = false;  // real, not modelled
constexpr bool R = true;   // required

// Account parameters every action has; snapsim has one account and models none.
void AddAccountParams(std::vector<ParamSpec>& p) {
  for (std::string_view n :
       {"OwnerAccount", "OwnerId", "ResourceOwnerAccount", "ResourceOwnerId"}) {
    p.push_back({n, U, false});
  }
}

ActionSpec Action(std::string_view name, std::vector<ParamSpec> params) {
  AddAccountParams(params);
  std::sort(params.begin(), params.end(),
            [](const ParamSpec& a, const ParamSpec& b) { return a.name < b.name; });
  return {name, std::move(params)};
}

std::vector<ActionSpec> BuildActions() {
  std::vector<ActionSpec> a;
  a.push_back(Action("AttachDisk", {{"Bootable", U},
                                    {"DeleteWithInstance", M},
                                    {"Device", M},
                                    {"DiskId", M, R},
                                    {"Force", U},
                                    {"InstanceId", M, R},
                                    {"KeyPairName", U},
                                    {"Password", U}}));
  a.push_back(Action("CreateDisk", {{"AdvancedFeatures", U},
                                    {"Arn.N.AssumeRoleFor", U},
                                    {"Arn.N.RoleType", U},
                                    {"Arn.N.Rolearn", U},
                                    {"BurstingEnabled", M},
                                    {"ClientToken", M},
                                    {"Description", M},
                                    {"DiskCategory", M},
                                    {"DiskName", M},
                                    {"EncryptAlgorithm", U},
                                    {"Encrypted", M},
                                    {"InstanceId", U},
                                    {"KMSKeyId", M},
                                    {"MultiAttach", M},
                                    {"PerformanceLevel", M},
                                    {"ProvisionedIops", M},
                                    {"ResourceGroupId", M},
                                    {"Size", M},
                                    {"SnapshotId", M},
                                    {"StorageClusterId", U},
                                    {"StorageSetId", U},
                                    {"StorageSetPartitionNumber", U},
                                    {"Tag.N.Key", M},
                                    {"Tag.N.Value", M},
                                    {"ZoneId", M}}));
  a.push_back(Action("CreateSnapshot", {{"Category", M},
                                        {"ClientToken", M},
                                        {"Description", M},
                                        {"DiskId", M, R},
                                        {"InstantAccess", M},
                                        {"InstantAccessRetentionDays", M},
                                        {"ResourceGroupId", M},
                                        {"RetentionDays", M},
                                        {"SnapshotName", M},
                                        {"StorageLocationArn", U},
                                        {"Tag.N.Key", M},
                                        {"Tag.N.Value", M}}));
  a.push_back(Action("DeleteDisk", {{"DiskId", M, R}}));
  a.push_back(Action("DeleteSnapshot", {{"Force", M}, {"SnapshotId", M, R}}));
  a.push_back(Action("DescribeDisks", {{"AdditionalAttributes.N", U},
                                       {"AutoSnapshotPolicyId", U},
                                       {"Category", M},
                                       {"DeleteAutoSnapshot", U},
                                       {"DeleteWithInstance", M},
                                       {"DiskChargeType", U},
                                       {"DiskIds", M},
                                       {"DiskName", M},
                                       {"DiskType", M},
                                       {"DryRun", U},
                                       {"EnableAutoSnapshot", U},
                                       {"EnableAutomatedSnapshotPolicy", U},
                                       {"EnableShared", U},
                                       {"Encrypted", M},
                                       {"Filter.N.Key", U},
                                       {"Filter.N.Value", U},
                                       {"InstanceId", M},
                                       {"KMSKeyId", U},
                                       {"LockReason", U},
                                       {"MaxResults", M},
                                       {"MultiAttach", U},
                                       {"NextToken", M},
                                       {"PageNumber", M},
                                       {"PageSize", M},
                                       {"Portable", M},
                                       {"ResourceGroupId", U},
                                       {"SnapshotId", M},
                                       {"Status", M},
                                       {"Tag.N.Key", M},
                                       {"Tag.N.Value", M},
                                       {"ZoneId", M}}));
  a.push_back(Action("DescribeInstances", {{"AdditionalAttributes.N", U},
                                           {"DeviceAvailable", U},
                                           {"DryRun", U},
                                           {"EipAddresses", U},
                                           {"Filter.N.Key", U},
                                           {"Filter.N.Value", U},
                                           {"HpcClusterId", U},
                                           {"HttpEndpoint", U},
                                           {"HttpPutResponseHopLimit", U},
                                           {"HttpTokens", U},
                                           {"ImageId", U},
                                           {"InnerIpAddresses", U},
                                           {"InstanceChargeType", U},
                                           {"InstanceIds", M},
                                           {"InstanceName", M},
                                           {"InstanceNetworkType", U},
                                           {"InstanceType", U},
                                           {"InstanceTypeFamily", U},
                                           {"InternetChargeType", U},
                                           {"IoOptimized", U},
                                           {"Ipv6Address.N", U},
                                           {"KeyPairName", U},
                                           {"LockReason", U},
                                           {"MaxResults", M},
                                           {"NeedSaleCycle", U},
                                           {"NextToken", M},
                                           {"PageNumber", M},
                                           {"PageSize", M},
                                           {"PrivateIpAddresses", U},
                                           {"PublicIpAddresses", U},
                                           {"RdmaIpAddresses", U},
                                           {"ResourceGroupId", U},
                                           {"SecurityGroupId", U},
                                           {"Status", M},
                                           {"Tag.N.Key", U},
                                           {"Tag.N.Value", U},
                                           {"VSwitchId", U},
                                           {"VpcId", U},
                                           {"ZoneId", M}}));
  a.push_back(Action(
      "DescribeSnapshots",
      {{"Category", M},        {"DiskId", M},         {"DryRun", U},         {"Encrypted", M},
       {"Filter.N.Key", U},    {"Filter.N.Value", U}, {"InstanceId", M},     {"KMSKeyId", U},
       {"MaxResults", M},      {"NextToken", M},      {"PageNumber", M},     {"PageSize", M},
       {"ResourceGroupId", U}, {"SnapshotIds", M},    {"SnapshotLinkId", U}, {"SnapshotName", M},
       {"SnapshotType", M},    {"SourceDiskType", M}, {"Status", M},         {"Tag.N.Key", M},
       {"Tag.N.Value", M},     {"Usage", M}}));
  a.push_back(
      Action("DetachDisk", {{"DeleteWithInstance", M}, {"DiskId", M, R}, {"InstanceId", M, R}}));
  a.push_back(Action("ModifySnapshotAttribute", {{"Description", M},
                                                 {"DisableInstantAccess", M},
                                                 {"RetentionDays", M},
                                                 {"SnapshotId", M, R},
                                                 {"SnapshotName", M}}));
  a.push_back(
      Action("ResizeDisk", {{"ClientToken", M}, {"DiskId", M, R}, {"NewSize", M, R}, {"Type", M}}));
  return a;
}

// Does `pattern` ("Tag.N.Key") match `name` ("Tag.12.Key")? N stands for a positive integer.
bool Matches(std::string_view pattern, std::string_view name) {
  std::size_t n = pattern.find(".N");
  if (n == std::string_view::npos) return pattern == name;
  if (name.substr(0, n + 1) != pattern.substr(0, n + 1)) return false;
  std::size_t i = n + 1;
  std::size_t digits = 0;
  while (i < name.size() && std::isdigit(static_cast<unsigned char>(name[i]))) ++i, ++digits;
  if (digits == 0 || name[n + 1] == '0') return false;
  return name.substr(i) == pattern.substr(n + 2);
}

}  // namespace

const std::vector<ActionSpec>& ModelledActions() {
  static const std::vector<ActionSpec> kActions = BuildActions();
  return kActions;
}

const ActionSpec* FindModelledAction(std::string_view name) {
  for (const auto& a : ModelledActions()) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

const std::vector<std::string_view>& AllEcsActions() {
  static const std::vector<std::string_view> kAll = [] {
    std::vector<std::string_view> v = internal::EcsActionNames();
    std::sort(v.begin(), v.end());
    return v;
  }();
  return kAll;
}

bool IsEcsAction(std::string_view name) {
  const auto& all = AllEcsActions();
  return std::binary_search(all.begin(), all.end(), name);
}

const ParamSpec* FindParam(const ActionSpec& action, std::string_view name) {
  static constexpr ParamSpec kRegionId{"RegionId", true, false};
  if (name == "RegionId") return &kRegionId;
  for (const auto& p : action.params) {
    if (Matches(p.name, name)) return &p;
  }
  return nullptr;
}

}  // namespace snapsim::ecs
