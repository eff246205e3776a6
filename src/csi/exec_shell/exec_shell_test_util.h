// Test fixture for the exec shell: a real fake ECS (loop, seeded generator, jitter off)
// with one instance, helpers that create, attach and format a disk and hand out its
// Device, and an nginx container file system plus Run()/Sh() that execute argv or a
// `sh -c` script in it.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "sim/engine/event_loop.h"
#include "sim/engine/rng.h"
#include "src/csi/exec_shell/container_fs.h"
#include "src/csi/exec_shell/image_rootfs.h"
#include "src/csi/exec_shell/shell.h"
#include "src/fake_ecs/ecs.h"

namespace snapsim::csi::shell::testing {

class ExecShellTest : public ::testing::Test {
 protected:
  ExecShellTest() {
    ecs::EcsConfig c;
    c.zones = {"cn-hangzhou-g"};
    c.jitter = 0;
    loop_ = std::make_unique<engine::EventLoop>();
    rng_ = std::make_unique<engine::Rng>(7);
    ecs_ = std::make_unique<ecs::Ecs>(*loop_, *rng_, std::move(c));
    EXPECT_TRUE(ecs_->AddInstance(instance_, "cn-hangzhou-g", "node-0").ok());
    fs_ = std::make_unique<ContainerFs>(ImageRootFs("nginx", "web-0"));
    options_.hostname = "web-0";
  }

  void Settle() { loop_->Settle(30 * engine::kDay); }

  // A disk of `gib` GiB attached to the instance, formatted with `fs_type` ("" = none).
  ecs::Device NewDevice(std::int64_t gib = 20, std::string fs_type = "ext4") {
    ecs::CreateDiskRequest r;
    r.zone_id = "cn-hangzhou-g";
    r.disk_category = "cloud_essd";
    r.size = gib;
    auto disk = ecs_->CreateDiskSync(r);
    EXPECT_TRUE(disk.ok());
    Settle();
    disk_ids_.push_back(disk->disk_id);
    EXPECT_TRUE(ecs_->AttachDiskSync({.instance_id = instance_, .disk_id = disk->disk_id}).ok());
    Settle();
    auto dev = ecs_->OpenDevice(disk->disk_id, instance_);
    EXPECT_TRUE(dev.ok());
    if (!fs_type.empty()) {
      EXPECT_TRUE(dev->Format(fs_type).ok());
    }
    return *dev;
  }

  ShellResult Run(std::vector<std::string> argv) { return RunShell(argv, *fs_, options_); }
  ShellResult Sh(const std::string& script) { return Run({"sh", "-c", script}); }
  ShellResult Tty(std::vector<std::string> argv, std::size_t width = 80) {
    ShellOptions o = options_;
    o.tty = true;
    o.terminal_width = width;
    return RunShell(argv, *fs_, o);
  }

  std::unique_ptr<engine::EventLoop> loop_;
  std::unique_ptr<engine::Rng> rng_;
  std::unique_ptr<ecs::Ecs> ecs_;
  std::string instance_ = "i-bp1instance00000001";
  std::vector<std::string> disk_ids_;
  std::unique_ptr<ContainerFs> fs_;
  ShellOptions options_;
};

// EXPECT on all three parts of a result.
#define EXPECT_SHELL(result, out_, err_, code_) \
  do {                                          \
    auto _r = (result);                         \
    EXPECT_EQ(_r.out, out_);                    \
    EXPECT_EQ(_r.err, err_);                    \
    EXPECT_EQ(_r.exit_code, code_);             \
  } while (0)

}  // namespace snapsim::csi::shell::testing
