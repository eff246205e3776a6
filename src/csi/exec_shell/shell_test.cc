// RunShell: the runtime's exec errors, sh -c scripts (sequencing, exit codes, quoting,
// redirections, variables, globs) in dash, bash and busybox words; expectations from
// dash 0.5.12 / bash 5.2 / runc as they print them.
#include "src/csi/exec_shell/shell.h"

#include <gtest/gtest.h>

#include "src/csi/exec_shell/exec_shell_test_util.h"

namespace snapsim::csi::shell::testing {
namespace {

using ShellTest = ExecShellTest;

TEST_F(ShellTest, RuntimeErrorsForMissingPrograms) {
  EXPECT_SHELL(Run({"foo"}), "",
               "OCI runtime exec failed: exec failed: unable to start container process: exec: "
               "\"foo\": executable file not found in $PATH: unknown\n",
               126);
  EXPECT_SHELL(Run({"/bin/foo"}), "",
               "OCI runtime exec failed: exec failed: unable to start container process: exec: "
               "\"/bin/foo\": stat /bin/foo: no such file or directory: unknown\n",
               126);
  EXPECT_SHELL(Run({"/etc/hosts"}), "",
               "OCI runtime exec failed: exec failed: unable to start container process: exec: "
               "\"/etc/hosts\": permission denied: unknown\n",
               126);
  EXPECT_EQ(Run({"cd", "/tmp"}).exit_code, 126);  // a shell builtin, not a program
  // Removing a program from the image makes it disappear.
  EXPECT_SHELL(Run({"rm", "/bin/ls"}), "", "", 0);
  EXPECT_EQ(Run({"ls"}).exit_code, 126);
  EXPECT_SHELL(Sh("ls"), "", "sh: 1: ls: not found\n", 127);
}

TEST_F(ShellTest, DashErrors) {
  EXPECT_SHELL(Sh("foo"), "", "sh: 1: foo: not found\n", 127);
  EXPECT_SHELL(Run({"/bin/sh", "-c", "foo"}), "", "/bin/sh: 1: foo: not found\n", 127);
  EXPECT_SHELL(Run({"sh", "-c", "foo", "nm"}), "", "nm: 1: foo: not found\n", 127);
  EXPECT_SHELL(Sh("true\nfoo"), "", "sh: 2: foo: not found\n", 127);
  EXPECT_SHELL(Sh("/bin/foo"), "", "sh: 1: /bin/foo: not found\n", 127);
  EXPECT_SHELL(Sh("/etc/hosts"), "", "sh: 1: /etc/hosts: Permission denied\n", 126);
  EXPECT_SHELL(Sh("echo hi > /nonex/x"), "", "sh: 1: cannot create /nonex/x: Directory nonexistent\n",
               2);
  EXPECT_SHELL(Sh("echo hi > /tmp"), "", "sh: 1: cannot create /tmp: Is a directory\n", 2);
  EXPECT_SHELL(Sh("cat < /nonex"), "", "sh: 1: cannot open /nonex: No such file\n", 2);
  EXPECT_SHELL(Sh("cd /nonex"), "", "sh: 1: cd: can't cd to /nonex\n", 2);
  EXPECT_SHELL(Sh("echo \"a"), "", "sh: 1: Syntax error: Unterminated quoted string\n", 2);
  EXPECT_SHELL(Sh("echo a &&"), "", "sh: 1: Syntax error: end of file unexpected\n", 2);
  EXPECT_SHELL(Sh("echo a; ; echo b"), "", "sh: 1: Syntax error: \";\" unexpected\n", 2);
  EXPECT_SHELL(Sh("[ a = b"), "", "sh: 1: [: missing ]\n", 2);
  EXPECT_SHELL(Sh("[ a -eq 1 ]"), "", "sh: 1: [: Illegal number: a\n", 2);
  EXPECT_SHELL(Sh("exit foo"), "", "sh: 1: exit: Illegal number: foo\n", 2);
  EXPECT_SHELL(Run({"sh", "-c"}), "", "sh: 0: -c requires an argument\n", 2);
}

TEST_F(ShellTest, BashErrors) {
  EXPECT_SHELL(Run({"bash", "-c", "foo"}), "", "bash: foo: command not found\n", 127);
  EXPECT_SHELL(Run({"/bin/bash", "-c", "foo"}), "", "/bin/bash: line 1: foo: command not found\n",
               127);
  EXPECT_SHELL(Run({"bash", "-c", "cd /nonex"}), "", "bash: cd: /nonex: No such file or directory\n",
               1);
  EXPECT_SHELL(Run({"bash", "-c", "echo hi > /nonex/x; echo $?"}), "1\n",
               "bash: /nonex/x: No such file or directory\n", 0);
  EXPECT_SHELL(Run({"bash", "-c", "echo \"a"}), "",
               "bash: -c: line 1: unexpected EOF while looking for matching `\"'\n", 2);
  EXPECT_SHELL(Run({"bash", "-c", "exit foo"}), "", "bash: exit: foo: numeric argument required\n", 2);
  EXPECT_SHELL(Run({"bash", "-c", "echo 'a\\nb'"}), "a\\nb\n", "", 0);
}

TEST_F(ShellTest, BusyboxImage) {
  fs_ = std::make_unique<ContainerFs>(ImageRootFs("docker.io/library/busybox:1.36", "bb"));
  EXPECT_SHELL(Sh("foo"), "", "sh: foo: not found\n", 127);
  EXPECT_EQ(Run({"bash"}).exit_code, 126);
  EXPECT_SHELL(Sh("ls / | wc -l"), "19\n", "", 0);
}

TEST_F(ShellTest, SequencingAndExitCodes) {
  EXPECT_SHELL(Sh("true && echo a; false || echo b"), "a\nb\n", "", 0);
  EXPECT_SHELL(Sh("false && echo a; echo $?"), "1\n", "", 0);
  EXPECT_SHELL(Sh("false; true || echo no"), "", "", 0);
  EXPECT_SHELL(Sh("false"), "", "", 1);
  EXPECT_SHELL(Sh("exit 3; echo no"), "", "", 3);
  EXPECT_SHELL(Sh("exit 300"), "", "", 44);
  EXPECT_SHELL(Sh("false; exit"), "", "", 1);
  EXPECT_SHELL(Sh("ls /nonex 2>/dev/null; echo $?"), "2\n", "", 0);
  EXPECT_SHELL(Sh("! false && echo yes"), "yes\n", "", 0);
  EXPECT_SHELL(Sh("true | false"), "", "", 1);
  EXPECT_SHELL(Sh("ls /nonex 2>&1 | wc -l"), "1\n", "", 0);
  EXPECT_SHELL(Sh("echo a # comment\necho b"), "a\nb\n", "", 0);
  EXPECT_SHELL(Sh(""), "", "", 0);
  EXPECT_SHELL(Run({"sh"}), "", "", 0);  // no stdin: nothing to run
}

TEST_F(ShellTest, QuotingAndExpansion) {
  EXPECT_SHELL(Sh("echo 'a  b' \"c  d\" e\\ f"), "a  b c  d e f\n", "", 0);
  EXPECT_SHELL(Sh("echo \"it's\" 'say \"hi\"' \\$HOME"), "it's say \"hi\" $HOME\n", "", 0);
  EXPECT_SHELL(Sh("X=1; echo $X ${X}2 \"$X\" '$X'"), "1 12 1 $X\n", "", 0);
  EXPECT_SHELL(Sh("echo $HOSTNAME $HOME ~"), "web-0 /root /root\n", "", 0);
  EXPECT_SHELL(Sh("echo a\\\\tb\"\\n\""), "a\tb\n\n", "", 0);  // dash's echo expands escapes
  EXPECT_SHELL(Sh("echo -e x"), "-e x\n", "", 0);
  EXPECT_SHELL(Run({"sh", "-c", "echo $0 $1 $#", "me", "one"}), "me one 1\n", "", 0);
  EXPECT_SHELL(Sh("V='a   b'; echo $V; echo \"$V\""), "a b\na   b\n", "", 0);
}

TEST_F(ShellTest, RedirectionsAndCd) {
  EXPECT_SHELL(Sh("cd /tmp && echo hello > f && cat f && pwd"), "hello\n/tmp\n", "", 0);
  EXPECT_SHELL(Sh("echo a > /tmp/g; echo b >> /tmp/g; cat /tmp/g"), "a\nb\n", "", 0);
  EXPECT_SHELL(Sh("echo x>/tmp/h; cat /tmp/h"), "x\n", "", 0);
  EXPECT_SHELL(Sh("cat /nope 2> /tmp/err; cat /tmp/err"),
               "cat: /nope: No such file or directory\n", "", 0);
  EXPECT_SHELL(Sh("echo to-err >&2"), "", "to-err\n", 0);
  EXPECT_SHELL(Sh("wc -l < /etc/hosts"), "2\n", "", 0);
  EXPECT_SHELL(Sh("> /tmp/empty; ls -l /tmp/empty"),
               "-rw-r--r-- 1 root root 0 Jan  1 00:00 /tmp/empty\n", "", 0);
  EXPECT_SHELL(Sh("cd; pwd"), "/root\n", "", 0);
  options_.workdir = "/etc";
  EXPECT_SHELL(Run({"cat", "hostname"}), "web-0\n", "", 0);
}

TEST_F(ShellTest, ShellScriptFile) {
  ASSERT_TRUE(fs_->Write("/tmp/s.sh", "echo one\nexit 4\n").ok());
  EXPECT_SHELL(Run({"sh", "/tmp/s.sh"}), "one\n", "", 4);
  EXPECT_SHELL(Run({"sh", "/tmp/none.sh"}), "", "sh: 0: cannot open /tmp/none.sh: No such file\n", 2);
}

TEST_F(ShellTest, MountsOverTheRootFs) {
  ecs::Device data = NewDevice();
  ecs::Device inner = NewDevice(20, "xfs");
  ASSERT_TRUE(fs_->Write("/usr/share/nginx/html/only-in-image", "x").ok());
  fs_->Mount("/usr/share/nginx/html", data, false);
  fs_->Mount("/usr/share/nginx/html/sub", inner, false);
  EXPECT_SHELL(Run({"ls", "/usr/share/nginx/html"}), "lost+found\n", "", 0);  // hides the image's
  EXPECT_SHELL(Sh("echo in > /usr/share/nginx/html/sub/f && ls /usr/share/nginx/html/sub"), "f\n",
               "", 0);
  EXPECT_EQ(*inner.Read("f"), "in\n");
  EXPECT_FALSE(data.Stat("sub/f").ok());
  EXPECT_SHELL(Run({"ls", "/usr/share/nginx"}), "html\n", "", 0);
  auto df = Run({"df", "-h"});
  EXPECT_EQ(df.out,
            "Filesystem      Size  Used Avail Use% Mounted on\n"
            "overlay          40G  5.1G   33G  14% /\n"
            "/dev/vdb         20G   45M   19G   1% /usr/share/nginx/html\n"
            "/dev/vdc         20G  161M   20G   1% /usr/share/nginx/html/sub\n");
  EXPECT_TRUE(fs_->Unmount("/usr/share/nginx/html"));
  EXPECT_SHELL(Run({"cat", "/usr/share/nginx/html/only-in-image"}), "x", "", 0);
}

TEST_F(ShellTest, Globs) {
  ASSERT_TRUE(fs_->Mkdir("/g").ok());
  for (const char* f : {"a.txt", "b.txt", "c.log", ".hidden"}) {
    ASSERT_TRUE(fs_->Write(std::string("/g/") + f, f).ok());
  }
  EXPECT_SHELL(Sh("echo /g/*.txt"), "/g/a.txt /g/b.txt\n", "", 0);
  EXPECT_SHELL(Sh("cd /g && echo * && echo '*' && echo ?.log"), "a.txt b.txt c.log\n*\nc.log\n",
               "", 0);
  EXPECT_SHELL(Sh("echo /g/*.none"), "/g/*.none\n", "", 0);
  EXPECT_SHELL(Sh("rm /g/*.txt && ls -A /g"), ".hidden\nc.log\n", "", 0);
}

}  // namespace
}  // namespace snapsim::csi::shell::testing
