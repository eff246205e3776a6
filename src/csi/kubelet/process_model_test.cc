#include "src/csi/kubelet/process_model.h"

#include <gtest/gtest.h>

#include "src/csi/kubelet/image_ref.h"
#include "src/csi/kubelet/kubelet_messages.h"

namespace snapsim::csi::kubelet {
namespace {

using Kind = ProcessStep::Kind;

api::Container C(std::string image, std::vector<std::string> command = {},
                 std::vector<std::string> args = {}) {
  api::Container c;
  c.name = "c";
  c.image = std::move(image);
  c.command = std::move(command);
  c.args = std::move(args);
  return c;
}

TEST(ProcessModelTest, NginxRunsForeverAndHandlesTheStopSignal) {
  ProcessPlan p = PlanFor(C("nginx"));
  EXPECT_EQ(p.argv, (std::vector<std::string>{"/docker-entrypoint.sh", "nginx", "-g", "daemon off;"}));
  ASSERT_EQ(p.steps.size(), 1u);
  EXPECT_EQ(p.steps[0].kind, Kind::kForever);
  EXPECT_TRUE(p.handles_sigterm);
}

TEST(ProcessModelTest, SleepAndShellScripts) {
  ProcessPlan p = PlanFor(C("busybox", {"sleep", "10000"}));
  ASSERT_EQ(p.steps.size(), 1u);
  EXPECT_EQ(p.steps[0].kind, Kind::kSleep);
  EXPECT_EQ(p.steps[0].duration, 10000 * engine::kSecond);
  EXPECT_FALSE(p.handles_sigterm);

  p = PlanFor(C("busybox", {"sh", "-c"}, {"echo hi > /tmp/x; sleep 5m && exit 3"}));
  ASSERT_EQ(p.steps.size(), 3u);
  EXPECT_EQ(p.steps[0].kind, Kind::kRun);
  EXPECT_EQ(p.steps[0].argv, (std::vector<std::string>{"sh", "-c", "echo hi > /tmp/x"}));
  EXPECT_EQ(p.steps[1].duration, 300 * engine::kSecond);
  EXPECT_EQ(p.steps[2].kind, Kind::kExit);
  EXPECT_EQ(p.steps[2].exit_code, 3);

  p = PlanFor(C("busybox", {"/bin/sh", "-c", "while true; do sleep 1; done"}));
  EXPECT_EQ(p.steps.back().kind, Kind::kForever);
  EXPECT_FALSE(p.handles_sigterm);

  p = PlanFor(C("busybox"));  // sh with no stdin
  ASSERT_EQ(p.steps.size(), 1u);
  EXPECT_EQ(p.steps[0].kind, Kind::kExit);
  EXPECT_EQ(PlanFor(C("busybox", {"false"})).steps[0].exit_code, 1);
  EXPECT_EQ(PlanFor(C("busybox", {"sleep", "infinity"})).steps[0].kind, Kind::kForever);
  EXPECT_EQ(PlanFor(C("registry.example.com/team/app:v1")).steps[0].kind, Kind::kForever);
}

TEST(ImageRefTest, Normalisation) {
  EXPECT_EQ(NormalizeImage("nginx"), "docker.io/library/nginx:latest");
  EXPECT_EQ(NormalizeImage("nginx:1.25"), "docker.io/library/nginx:1.25");
  EXPECT_EQ(NormalizeImage("bitnami/redis"), "docker.io/bitnami/redis:latest");
  EXPECT_EQ(NormalizeImage("registry.cn-hangzhou.aliyuncs.com/acs/nginx"),
            "registry.cn-hangzhou.aliyuncs.com/acs/nginx:latest");
  EXPECT_EQ(NormalizeImage("localhost:5000/x"), "localhost:5000/x:latest");
  EXPECT_EQ(ImageId("nginx").substr(0, 31), "docker.io/library/nginx@sha256:");
  EXPECT_EQ(ImageId("nginx").size(), 31u + 64u);
}

TEST(KubeletMessagesTest, VersionedWording) {
  EXPECT_EQ(PulledMessage(22, "nginx", 1234 * engine::kMillisecond, 0, 5),
            "Successfully pulled image \"nginx\" in 1.234s");
  EXPECT_EQ(PulledMessage(27, "nginx", 1234 * engine::kMillisecond, 1500 * engine::kMillisecond, 5),
            "Successfully pulled image \"nginx\" in 1.234s (1.5s including waiting)");
  EXPECT_EQ(PulledMessage(30, "nginx", 1234 * engine::kMillisecond, 1234 * engine::kMillisecond, 5),
            "Successfully pulled image \"nginx\" in 1.234s (1.234s including waiting). Image size: 5 bytes.");
  EXPECT_EQ(BackOffEventMessage(22, "c", "p_ns(u)"), "Back-off restarting failed container");
  EXPECT_EQ(BackOffEventMessage(26, "c", "p_ns(u)"), "Back-off restarting failed container c in pod p_ns(u)");
  EXPECT_EQ(VolumeAttachmentName("d-1", "diskplugin.csi.alibabacloud.com", "node-0").size(), 4u + 64u);
  EXPECT_EQ(UniqueVolumeName("diskplugin.csi.alibabacloud.com", "d-1"),
            "kubernetes.io/csi/diskplugin.csi.alibabacloud.com^d-1");
  EXPECT_EQ(*MountTimeoutMessage(22, {"a"}, {"a", "b"}, {"a"}, {}),
            "Unable to attach or mount volumes: unmounted volumes=[a], unattached volumes=[a b]: timed out "
            "waiting for the condition");
  EXPECT_FALSE(MountTimeoutMessage(28, {"a"}, {"a"}, {"a"}, {}).has_value());
}

}  // namespace
}  // namespace snapsim::csi::kubelet
