#include "src/csi/exec_shell/image_rootfs.h"

#include <gtest/gtest.h>

namespace snapsim::csi::shell {
namespace {

// Each image's tree is built once per thread and shared: a container's copy must get its
// own hostname, and what one container writes must not reach another or the next one.
TEST(ImageRootFsTest, ContainersOfOneImageGetIndependentTrees) {
  ecs::FileTree web0 = ImageRootFs("nginx", "web-0");
  ecs::FileTree web1 = ImageRootFs("docker.io/library/nginx:1.25", "web-1");
  EXPECT_EQ(*web0.Read("etc/hostname"), "web-0\n");
  EXPECT_EQ(*web1.Read("etc/hostname"), "web-1\n");
  ASSERT_TRUE(web0.Write("tmp/mark", "x").ok());
  ASSERT_TRUE(web0.Remove("bin/ls").ok());
  EXPECT_FALSE(web1.Stat("tmp/mark").ok());
  EXPECT_TRUE(web1.Stat("bin/ls").ok());
  ecs::FileTree again = ImageRootFs("nginx", "web-0");
  EXPECT_FALSE(again.Stat("tmp/mark").ok());
  EXPECT_TRUE(again.Stat("bin/ls").ok());
  EXPECT_EQ(again, ImageRootFs("nginx:latest", "web-0"));
}

TEST(ImageRootFsTest, ImagesDiffer) {
  ecs::FileTree nginx = ImageRootFs("nginx", "h");
  ecs::FileTree busybox = ImageRootFs("busybox", "h");
  EXPECT_TRUE(nginx.Stat("usr/sbin/nginx").ok());
  EXPECT_FALSE(busybox.Stat("usr/sbin/nginx").ok());
  EXPECT_TRUE(busybox.Stat("bin/busybox").ok());
  EXPECT_EQ(*busybox.Read("etc/hostname"), "h\n");
}

}  // namespace
}  // namespace snapsim::csi::shell
