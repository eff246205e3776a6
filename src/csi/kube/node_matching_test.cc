#include "src/csi/kube/node_matching.h"

#include <gtest/gtest.h>

#include "src/csi/kube/kube_names.h"

namespace snapsim::csi::kube {
namespace {

api::NodeSelector ZoneIn(std::vector<std::string> zones) {
  api::NodeSelector s;
  api::NodeSelectorTerm term;
  term.match_expressions.push_back(
      {"topology.diskplugin.csi.alibabacloud.com/zone", "In", std::move(zones)});
  s.node_selector_terms.push_back(term);
  return s;
}

TEST(NodeMatchingTest, NodeSelectorTerms) {
  Labels zone_i = {{"topology.diskplugin.csi.alibabacloud.com/zone", "cn-hangzhou-i"}};
  EXPECT_TRUE(MatchNodeSelectorTerms(ZoneIn({"cn-hangzhou-i"}), zone_i, "node-0"));
  EXPECT_FALSE(MatchNodeSelectorTerms(ZoneIn({"cn-hangzhou-k"}), zone_i, "node-0"));
  api::NodeSelector two = ZoneIn({"cn-hangzhou-k"});
  two.node_selector_terms.push_back(ZoneIn({"cn-hangzhou-i"}).node_selector_terms[0]);
  EXPECT_TRUE(MatchNodeSelectorTerms(two, zone_i, "node-0"));  // terms are ORed
  EXPECT_FALSE(MatchNodeSelectorTerms(api::NodeSelector{}, zone_i, "node-0"));
  api::NodeSelector by_name;
  by_name.node_selector_terms.emplace_back().match_fields.push_back(
      {"metadata.name", "In", {"node-0"}});
  EXPECT_TRUE(MatchNodeSelectorTerms(by_name, {}, "node-0"));
  EXPECT_FALSE(MatchNodeSelectorTerms(by_name, {}, "node-1"));
  EXPECT_TRUE(MatchNodeSelectorRequirement({"n", "Gt", {"3"}}, {{"n", "4"}}));
  EXPECT_FALSE(MatchNodeSelectorRequirement({"n", "Lt", {"3"}}, {{"n", "4"}}));
  EXPECT_TRUE(MatchNodeSelectorRequirement({"x", "DoesNotExist", {}}, {}));
}

TEST(NodeMatchingTest, AllowedTopologies) {
  Labels zone_i = {{"topology.diskplugin.csi.alibabacloud.com/zone", "cn-hangzhou-i"}};
  EXPECT_TRUE(MatchTopologySelectorTerms({}, zone_i));
  api::TopologySelectorTerm term;
  term.match_label_expressions.push_back(
      {"topology.diskplugin.csi.alibabacloud.com/zone", {"cn-hangzhou-k"}});
  EXPECT_FALSE(MatchTopologySelectorTerms({term}, zone_i));
  term.match_label_expressions[0].values.push_back("cn-hangzhou-i");
  EXPECT_TRUE(MatchTopologySelectorTerms({term}, zone_i));
  EXPECT_FALSE(MatchTopologySelectorTerms({api::TopologySelectorTerm{}}, zone_i));
}

TEST(NodeMatchingTest, Taints) {
  api::Taint not_ready{"node.kubernetes.io/not-ready", "", "NoSchedule", {}};
  api::Taint prefer{"x", "", "PreferNoSchedule", {}};
  EXPECT_EQ(FindUntoleratedTaint({prefer, not_ready}, {})->key, "node.kubernetes.io/not-ready");
  api::Toleration exists{"node.kubernetes.io/not-ready", "Exists", "", "", {}};
  EXPECT_FALSE(FindUntoleratedTaint({not_ready}, {exists}).has_value());
  api::Toleration other_effect{"node.kubernetes.io/not-ready", "Exists", "", "NoExecute", {}};
  EXPECT_TRUE(FindUntoleratedTaint({not_ready}, {other_effect}).has_value());
  api::Toleration everything{"", "Exists", "", "", {}};
  EXPECT_FALSE(FindUntoleratedTaint({not_ready}, {everything}).has_value());
}

}  // namespace
}  // namespace snapsim::csi::kube
