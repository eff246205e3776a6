// The commands on a real disk mounted into an nginx container: output, error texts and
// exit codes as GNU coreutils 9.1 prints them; persistence through the Device.
#include <gtest/gtest.h>

#include "src/csi/exec_shell/exec_shell_test_util.h"

namespace snapsim::csi::shell::testing {
namespace {

class CommandsTest : public ExecShellTest {
 protected:
  CommandsTest() : data_(NewDevice()) { fs_->Mount("/data", data_, false); }
  ecs::Device data_;
};

TEST_F(CommandsTest, LsFreshDiskAndTouch) {
  EXPECT_SHELL(Run({"ls", "/data"}), "lost+found\n", "", 0);
  EXPECT_SHELL(Run({"touch", "/data/test"}), "", "", 0);
  EXPECT_SHELL(Run({"ls", "/data"}), "lost+found\ntest\n", "", 0);
  EXPECT_SHELL(Tty({"ls", "/data"}), "lost+found  test\n", "", 0);
  // The file is on the disk itself.
  ASSERT_TRUE(data_.Stat("test").ok());
  EXPECT_EQ(*data_.Read("test"), "");
}

TEST_F(CommandsTest, LsErrorsAndOperands) {
  EXPECT_SHELL(Run({"ls", "/x"}), "", "ls: cannot access '/x': No such file or directory\n", 2);
  EXPECT_SHELL(Run({"ls", "-z"}), "",
               "ls: invalid option -- 'z'\nTry 'ls --help' for more information.\n", 2);
  EXPECT_SHELL(Run({"ls", "--bogus"}), "",
               "ls: unrecognized option '--bogus'\nTry 'ls --help' for more information.\n", 2);
  ASSERT_TRUE(data_.Mkdir("d").ok());
  ASSERT_TRUE(data_.Write("d/e", "x").ok());
  ASSERT_TRUE(data_.Write("f1", "y").ok());
  // Files first, then each directory under a header; errors first on stderr.
  EXPECT_SHELL(Run({"ls", "/data/d", "/data/f1", "/nope"}), "/data/f1\n\n/data/d:\ne\n",
               "ls: cannot access '/nope': No such file or directory\n", 2);
  EXPECT_SHELL(Run({"ls", "/data/d", "/data"}),
               "/data:\nd\nf1\nlost+found\n\n/data/d:\ne\n", "", 0);
  EXPECT_SHELL(Run({"ls", "-d", "/data/d"}), "/data/d\n", "", 0);
  EXPECT_SHELL(Run({"ls", "-a", "/data/d"}), ".\n..\ne\n", "", 0);
  EXPECT_SHELL(Run({"ls", "-A", "/data/d"}), "e\n", "", 0);
  // Relative to the working directory; /bin/ls names itself as typed.
  options_.workdir = "/data";
  EXPECT_SHELL(Run({"ls", "d"}), "e\n", "", 0);
  EXPECT_SHELL(Run({"/bin/ls", "nope"}), "",
               "/bin/ls: cannot access 'nope': No such file or directory\n", 2);
}

TEST_F(CommandsTest, LsLong) {
  ASSERT_TRUE(data_.Write("test", "").ok());
  EXPECT_SHELL(Run({"ls", "-l", "/data"}),
               "total 16\n"
               "drwx------ 2 root root 16384 Jan  1 00:00 lost+found\n"
               "-rw-r--r-- 1 root root     0 Jan  1 00:00 test\n",
               "", 0);
  ASSERT_TRUE(data_.Write("big", std::string(1025, 'x')).ok());
  ASSERT_TRUE(data_.Mkdir("d/e", true).ok());
  EXPECT_SHELL(Run({"ls", "-lh", "/data"}),
               "total 24K\n"
               "-rw-r--r-- 1 root root 1.1K Jan  1 00:00 big\n"
               "drwxr-xr-x 3 root root 4.0K Jan  1 00:00 d\n"
               "drwx------ 2 root root  16K Jan  1 00:00 lost+found\n"
               "-rw-r--r-- 1 root root    0 Jan  1 00:00 test\n",
               "", 0);
  EXPECT_SHELL(Run({"ls", "-la", "/data/d"}),
               "total 12\n"
               "drwxr-xr-x 3 root root 4096 Jan  1 00:00 .\n"
               "drwxr-xr-x 4 root root 4096 Jan  1 00:00 ..\n"
               "drwxr-xr-x 2 root root 4096 Jan  1 00:00 e\n",
               "", 0);
  EXPECT_SHELL(Run({"ls", "-l", "/data/big"}),
               "-rw-r--r-- 1 root root 1025 Jan  1 00:00 /data/big\n", "", 0);
  options_.now_unix_seconds += 45 * 86400 + 13 * 3600 + 7 * 60;
  EXPECT_SHELL(Run({"ls", "-l", "/data/test"}),
               "-rw-r--r-- 1 root root 0 Feb 15 13:07 /data/test\n", "", 0);
}

TEST_F(CommandsTest, LsTtyColumnsAndQuoting) {
  ASSERT_TRUE(data_.Mkdir("q").ok());
  for (const char* n : {"abcdefghij", "b c", "lost+found_not", "x", "yy"}) {
    ASSERT_TRUE(data_.Write(std::string("q/") + n, "").ok());
  }
  // GNU ls on a terminal: quoted names, the others shifted by a space to line up.
  EXPECT_SHELL(Tty({"ls", "/data/q"}), " abcdefghij  'b c'   lost+found_not   x   yy\n", "", 0);
  EXPECT_SHELL(Run({"ls", "/data/q"}), "abcdefghij\nb c\nlost+found_not\nx\nyy\n", "", 0);
  EXPECT_SHELL(Tty({"ls", "-1", "/data/q"}), "abcdefghij\n'b c'\nlost+found_not\nx\nyy\n", "", 0);
  EXPECT_SHELL(Tty({"ls", "-l", "/data/q/b c", "/data/q/x"}),
               "-rw-r--r-- 1 root root 0 Jan  1 00:00 '/data/q/b c'\n"
               "-rw-r--r-- 1 root root 0 Jan  1 00:00  /data/q/x\n",
               "", 0);
  ASSERT_TRUE(data_.Remove("q/b c").ok());
  EXPECT_SHELL(Tty({"ls", "/data/q"}, 20), "abcdefghij\tx\nlost+found_not\tyy\n", "", 0);
  EXPECT_SHELL(Run({"ls", "-C", "/data/q"}), "abcdefghij  lost+found_not  x  yy\n", "", 0);
}

TEST_F(CommandsTest, Cat) {
  ASSERT_TRUE(data_.Write("f", "hello\n").ok());
  EXPECT_SHELL(Run({"cat", "/data/f", "/data/f"}), "hello\nhello\n", "", 0);
  EXPECT_SHELL(Run({"cat", "/x"}), "", "cat: /x: No such file or directory\n", 1);
  EXPECT_SHELL(Run({"cat", "/data"}), "", "cat: /data: Is a directory\n", 1);
  EXPECT_SHELL(Run({"cat", "/data/f", "a b"}), "hello\n", "cat: 'a b': No such file or directory\n",
               1);
  EXPECT_SHELL(Run({"cat", "/data/f/x"}), "", "cat: /data/f/x: Not a directory\n", 1);
  EXPECT_EQ(Run({"cat", "/usr/share/nginx/html/index.html"}).out.substr(0, 15), "<!DOCTYPE html>");
}

TEST_F(CommandsTest, TouchErrors) {
  EXPECT_SHELL(Run({"touch"}), "",
               "touch: missing file operand\nTry 'touch --help' for more information.\n", 1);
  EXPECT_SHELL(Run({"touch", "/nonex/x"}), "",
               "touch: cannot touch '/nonex/x': No such file or directory\n", 1);
  ASSERT_TRUE(data_.Write("f", "keep").ok());
  EXPECT_SHELL(Run({"touch", "/data/f"}), "", "", 0);
  EXPECT_EQ(*data_.Read("f"), "keep");
  EXPECT_SHELL(Run({"touch", "-c", "/data/new"}), "", "", 0);
  EXPECT_FALSE(data_.Stat("new").ok());
}

TEST_F(CommandsTest, ReadOnlyMount) {
  ecs::Device ro = NewDevice();
  ASSERT_TRUE(ro.Write("x", "1").ok());
  fs_->Mount("/ro", ro, true);
  EXPECT_SHELL(Run({"touch", "/ro/x"}), "", "touch: cannot touch '/ro/x': Read-only file system\n",
               1);
  EXPECT_SHELL(Run({"touch", "/ro/y"}), "", "touch: cannot touch '/ro/y': Read-only file system\n",
               1);
  EXPECT_SHELL(Run({"touch", "/ro/n/y"}), "",
               "touch: cannot touch '/ro/n/y': No such file or directory\n", 1);
  EXPECT_SHELL(Run({"rm", "/ro/x"}), "", "rm: cannot remove '/ro/x': Read-only file system\n", 1);
  EXPECT_SHELL(Run({"mkdir", "/ro/d"}), "",
               "mkdir: cannot create directory '/ro/d': Read-only file system\n", 1);
  EXPECT_SHELL(Run({"mkdir", "/ro/lost+found"}), "",
               "mkdir: cannot create directory '/ro/lost+found': File exists\n", 1);
  EXPECT_SHELL(Run({"mkdir", "-p", "/ro/a/b"}), "",
               "mkdir: cannot create directory '/ro/a': Read-only file system\n", 1);
  EXPECT_SHELL(Sh("echo hi > /ro/x"), "", "sh: 1: cannot create /ro/x: Read-only file system\n",
               2);
  EXPECT_SHELL(Run({"cat", "/ro/x"}), "1", "", 0);
  EXPECT_SHELL(Run({"rm", "-rf", "/ro/lost+found"}), "",
               "rm: cannot remove '/ro/lost+found': Read-only file system\n", 1);
}

TEST_F(CommandsTest, Rm) {
  ASSERT_TRUE(data_.Mkdir("d/e", true).ok());
  ASSERT_TRUE(data_.Write("d/e/f", "x").ok());
  ASSERT_TRUE(data_.Write("f", "x").ok());
  options_.workdir = "/data";
  EXPECT_SHELL(Run({"rm", "d"}), "", "rm: cannot remove 'd': Is a directory\n", 1);
  EXPECT_SHELL(Run({"rm", "nope"}), "", "rm: cannot remove 'nope': No such file or directory\n",
               1);
  EXPECT_SHELL(Run({"rm", "f/zz"}), "", "rm: cannot remove 'f/zz': Not a directory\n", 1);
  EXPECT_SHELL(Run({"rm", "-f", "nope", "f/zz"}), "", "", 0);
  EXPECT_SHELL(Run({"rm"}), "", "rm: missing operand\nTry 'rm --help' for more information.\n", 1);
  EXPECT_SHELL(Run({"rm", "-f"}), "", "", 0);
  EXPECT_SHELL(Run({"rm", "-d", "d"}), "", "rm: cannot remove 'd': Directory not empty\n", 1);
  EXPECT_SHELL(Run({"rm", "-rf", "."}), "",
               "rm: refusing to remove '.' or '..' directory: skipping '.'\n", 1);
  EXPECT_SHELL(Run({"rm", "-r", "/"}), "",
               "rm: it is dangerous to operate recursively on '/'\n"
               "rm: use --no-preserve-root to override this failsafe\n",
               1);
  EXPECT_SHELL(Run({"rm", "f"}), "", "", 0);
  EXPECT_SHELL(Run({"rm", "-r", "d"}), "", "", 0);
  EXPECT_SHELL(Run({"ls"}), "lost+found\n", "", 0);
  EXPECT_FALSE(data_.Stat("d").ok());
  // The mount point itself cannot go; its contents can.
  EXPECT_SHELL(Run({"rm", "-rf", "/data"}), "", "rm: cannot remove '/data': Device or resource busy\n",
               1);
  EXPECT_EQ(data_.List("/")->size(), 0u);
}

TEST_F(CommandsTest, MkdirAndRmdir) {
  EXPECT_SHELL(Run({"mkdir", "/data/a"}), "", "", 0);
  EXPECT_SHELL(Run({"mkdir", "/data/a"}), "",
               "mkdir: cannot create directory '/data/a': File exists\n", 1);
  EXPECT_SHELL(Run({"mkdir", "/data/x/y"}), "",
               "mkdir: cannot create directory '/data/x/y': No such file or directory\n", 1);
  EXPECT_SHELL(Run({"mkdir", "-p", "/data/x/y", "/data/a"}), "", "", 0);
  EXPECT_TRUE(data_.Stat("x/y").ok());
  ASSERT_TRUE(data_.Write("f1", "").ok());
  EXPECT_SHELL(Run({"mkdir", "-p", "/data/f1"}), "",
               "mkdir: cannot create directory '/data/f1': File exists\n", 1);
  EXPECT_SHELL(Run({"mkdir", "-p", "/data/f1/x"}), "",
               "mkdir: cannot create directory '/data/f1': Not a directory\n", 1);
  EXPECT_SHELL(Run({"mkdir"}), "", "mkdir: missing operand\nTry 'mkdir --help' for more information.\n",
               1);
  EXPECT_SHELL(Run({"mkdir", "/a"}), "", "", 0);  // the root file system
  EXPECT_SHELL(Run({"mkdir", "/a"}), "", "mkdir: cannot create directory '/a': File exists\n", 1);
  EXPECT_SHELL(Run({"rmdir", "/data/x"}), "",
               "rmdir: failed to remove '/data/x': Directory not empty\n", 1);
  EXPECT_SHELL(Run({"rmdir", "/data/f1"}), "", "rmdir: failed to remove '/data/f1': Not a directory\n",
               1);
  EXPECT_SHELL(Run({"rmdir", "/data/x/y", "/data/x"}), "", "", 0);
}

TEST_F(CommandsTest, Df) {
  EXPECT_SHELL(Run({"df", "-h"}),
               "Filesystem      Size  Used Avail Use% Mounted on\n"
               "overlay          40G  5.1G   33G  14% /\n"
               "/dev/vdb         20G   45M   19G   1% /data\n",
               "", 0);
  EXPECT_SHELL(Run({"df", "-h", "/data"}),
               "Filesystem      Size  Used Avail Use% Mounted on\n"
               "/dev/vdb         20G   45M   19G   1% /data\n",
               "", 0);
  EXPECT_SHELL(Run({"df", "/data/lost+found"}),
               "Filesystem     1K-blocks  Used Available Use% Mounted on\n"
               "/dev/vdb        20511488 45252  19417660   1% /data\n",
               "", 0);
  EXPECT_SHELL(Run({"df", "-hT", "/data"}),
               "Filesystem     Type  Size  Used Avail Use% Mounted on\n"
               "/dev/vdb       ext4   20G   45M   19G   1% /data\n",
               "", 0);
  EXPECT_SHELL(Run({"df", "/nope"}), "", "df: /nope: No such file or directory\n", 1);
  ASSERT_TRUE(data_.Write("f", std::string(std::size_t{100} << 20, 'x')).ok());
  EXPECT_SHELL(Run({"df", "-h", "/data"}),
               "Filesystem      Size  Used Avail Use% Mounted on\n"
               "/dev/vdb         20G  145M   19G   1% /data\n",
               "", 0);
}

TEST_F(CommandsTest, DetachedDiskIsAnIoError) {
  ASSERT_TRUE(ecs_->DetachDiskSync({.instance_id = instance_, .disk_id = disk_ids_[0]}).ok());
  Settle();
  EXPECT_SHELL(Run({"ls", "/data"}), "", "ls: cannot access '/data': Input/output error\n", 2);
  EXPECT_SHELL(Run({"df", "/data"}), "", "df: /data: Input/output error\n", 1);
}

TEST_F(CommandsTest, SmallCommands) {
  EXPECT_SHELL(Run({"echo", "-n", "a", "b"}), "a b", "", 0);
  EXPECT_SHELL(Run({"echo", "a\\nb"}), "a\\nb\n", "", 0);  // coreutils echo: no escapes
  EXPECT_SHELL(Run({"echo", "-e", "a\\tb"}), "a\tb\n", "", 0);
  EXPECT_SHELL(Run({"pwd"}), "/\n", "", 0);
  EXPECT_SHELL(Run({"true"}), "", "", 0);
  EXPECT_SHELL(Run({"false"}), "", "", 1);
  EXPECT_SHELL(Run({"sleep", "3600"}), "", "", 0);
  EXPECT_SHELL(Run({"sleep", "1.5m"}), "", "", 0);
  EXPECT_SHELL(Run({"sleep", "x"}), "",
               "sleep: invalid time interval 'x'\nTry 'sleep --help' for more information.\n", 1);
  EXPECT_SHELL(Run({"sleep"}), "", "sleep: missing operand\nTry 'sleep --help' for more information.\n",
               1);
  EXPECT_SHELL(Run({"sync"}), "", "", 0);
  EXPECT_SHELL(Run({"hostname"}), "web-0\n", "", 0);
  EXPECT_SHELL(Run({"cat", "/etc/hostname"}), "web-0\n", "", 0);
  ASSERT_TRUE(data_.Write("f", "a b\nc\n").ok());
  EXPECT_SHELL(Run({"wc", "-l", "/data/f"}), "2 /data/f\n", "", 0);
  EXPECT_SHELL(Run({"wc", "/data/f"}), "2 3 6 /data/f\n", "", 0);
  EXPECT_SHELL(Sh("cat /data/f | wc -l"), "2\n", "", 0);
  EXPECT_SHELL(Sh("cat /data/f | wc"), "      2       3       6\n", "", 0);
  EXPECT_SHELL(Run({"test", "-d", "/data"}), "", "", 0);
  EXPECT_SHELL(Run({"test", "-f", "/data"}), "", "", 1);
  EXPECT_SHELL(Run({"[", "1", "-lt", "2", "]"}), "", "", 0);
  EXPECT_SHELL(Run({"[", "a", "=", "b"}), "", "[: missing ']'\n", 2);
}

TEST_F(CommandsTest, PersistsThroughTheDevice) {
  EXPECT_SHELL(Sh("echo hello > /data/test && mkdir -p /data/d/e && echo more >> /data/test"), "",
               "", 0);
  EXPECT_EQ(*data_.Read("test"), "hello\nmore\n");
  EXPECT_TRUE(data_.Stat("d/e")->is_dir);
  // A new container (restart) loses the root file system but not the volume.
  ASSERT_TRUE(Run({"touch", "/tmp/scratch"}).exit_code == 0);
  fs_ = std::make_unique<ContainerFs>(ImageRootFs("nginx", "web-0"));
  fs_->Mount("/data", data_, false);
  EXPECT_SHELL(Run({"cat", "/data/test"}), "hello\nmore\n", "", 0);
  EXPECT_EQ(Run({"ls", "/tmp/scratch"}).exit_code, 2);
}

}  // namespace
}  // namespace snapsim::csi::shell::testing
