#include "src/csi/kube/scheduler_messages.h"

#include <gtest/gtest.h>

namespace snapsim::csi::kube {
namespace {

FitDiagnosis ThreeNodes() {
  FitDiagnosis d;
  d.num_nodes = 3;
  d.reasons = {{std::string(kReasonVolumeNodeConflict), 1}, {"Too many pods", 2}};
  d.preemption = {{std::string(kPreemptionNotHelpful), 1}, {std::string(kPreemptionNoVictims), 2}};
  return d;
}

TEST(FitErrorMessageTest, FollowsTheKubernetesVersion) {
  FitDiagnosis d = ThreeNodes();
  EXPECT_EQ(
      FitErrorMessage(d, 22),
      "0/3 nodes are available: 1 node(s) had volume node affinity conflict, 2 Too many pods.");
  EXPECT_EQ(FitErrorMessage(d, 24),
            "0/3 nodes are available: 1 node(s) had volume node affinity conflict, 2 Too many "
            "pods. preemption: 0/3 "
            "nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption "
            "victims found for "
            "incoming pod.");
  EXPECT_EQ(FitErrorMessage(d, 29),
            "0/3 nodes are available: 1 node(s) had volume node affinity conflict, 2 Too many "
            "pods. preemption: 0/3 "
            "nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption "
            "victims found for "
            "incoming pod..");
  EXPECT_EQ(FitErrorMessage(d, 30), FitErrorMessage(d, 24));
}

TEST(FitErrorMessageTest, PreFilterRejection) {
  FitDiagnosis d;
  d.num_nodes = 2;
  d.prefilter_reason = "persistentvolumeclaim \"data\" not found";
  d.preemption = {{std::string(kPreemptionNotHelpful), 2}};
  EXPECT_EQ(FitErrorMessage(d, 23),
            "0/2 nodes are available: 2 persistentvolumeclaim \"data\" not found.");
  EXPECT_EQ(FitErrorMessage(d, 30),
            "0/2 nodes are available: persistentvolumeclaim \"data\" not found. preemption: 0/2 "
            "nodes are available: 2 "
            "Preemption is not helpful for scheduling.");
  d.preemption_never = true;
  EXPECT_EQ(FitErrorMessage(d, 26),
            "0/2 nodes are available: 2 persistentvolumeclaim \"data\" not found. preemption: not "
            "eligible due to "
            "preemptionPolicy=Never.");
}

TEST(FitErrorMessageTest, ReasonWording) {
  api::Taint t{"node.kubernetes.io/not-ready", "", "NoSchedule", {}};
  EXPECT_EQ(UntoleratedTaintReason(t, 24),
            "node(s) had taint {node.kubernetes.io/not-ready: }, that the pod didn't tolerate");
  EXPECT_EQ(UntoleratedTaintReason(t, 25),
            "node(s) had untolerated taint {node.kubernetes.io/not-ready: }");
  EXPECT_EQ(PvNotExistReason(22), "pvc(s) bound to non-existent pv(s)");
  EXPECT_EQ(PvNotExistReason(30),
            "node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)");
}

}  // namespace
}  // namespace snapsim::csi::kube
