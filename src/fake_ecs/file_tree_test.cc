#include "src/fake_ecs/file_tree.h"

#include <gtest/gtest.h>

namespace snapsim::ecs {
namespace {

std::string Names(const FileTree& t, std::string_view dir) {
  auto l = t.List(dir);
  if (!l.ok()) return l.status().message();
  std::string out;
  for (const auto& e : *l) out += (out.empty() ? "" : " ") + e.name + (e.is_dir ? "/" : "");
  return out;
}

TEST(FileTreeTest, WriteReadListAndPaths) {
  FileTree t;
  ASSERT_TRUE(t.Mkdir("lost+found").ok());
  ASSERT_TRUE(t.Write("/test", "hello\n").ok());
  ASSERT_TRUE(t.Mkdir("a/b/c", true).ok());
  ASSERT_TRUE(t.Write("./a//b/../b/f", "x").ok());
  EXPECT_EQ(Names(t, "/"), "a/ lost+found/ test");
  EXPECT_EQ(Names(t, "a/b"), "c/ f");
  EXPECT_EQ(*t.Read("test"), "hello\n");
  ASSERT_TRUE(t.Write("test", "more\n", true).ok());
  EXPECT_EQ(*t.Read("/test"), "hello\nmore\n");
  EXPECT_EQ(t.Stat("test")->size, 11u);
  EXPECT_TRUE(t.Stat("a")->is_dir);
  EXPECT_EQ(t.FileBytes(), 12u);
  EXPECT_EQ(t.DirCount(), 5u);  // root, lost+found, a, a/b, a/b/c
}

TEST(FileTreeTest, ErrnoMessages) {
  FileTree t;
  ASSERT_TRUE(t.Write("f", "x").ok());
  ASSERT_TRUE(t.Mkdir("d").ok());
  ASSERT_TRUE(t.Write("d/g", "y").ok());
  EXPECT_EQ(t.Read("nope").status().message(), "No such file or directory");
  EXPECT_EQ(t.Read("nope").status().code(), Status::Code::kNotFound);
  EXPECT_EQ(t.Read("d").status().message(), "Is a directory");
  EXPECT_EQ(t.List("f").status().message(), "Not a directory");
  EXPECT_EQ(t.Write("f/x", "z").message(), "Not a directory");
  EXPECT_EQ(t.Write("missing/x", "z").message(), "No such file or directory");
  EXPECT_EQ(t.Write("d", "z").message(), "Is a directory");
  EXPECT_EQ(t.Mkdir("d").message(), "File exists");
  EXPECT_EQ(t.Mkdir("f").message(), "File exists");
  EXPECT_EQ(t.Remove("d").message(), "Directory not empty");
  EXPECT_EQ(t.Remove("/").message(), "Invalid argument");
  EXPECT_EQ(t.Remove("zz").message(), "No such file or directory");
  ASSERT_TRUE(t.Remove("d", true).ok());
  ASSERT_TRUE(t.Remove("f").ok());
  EXPECT_EQ(Names(t, ""), "");
}

TEST(FileTreeTest, CopiesAreIndependentAndShareStructure) {
  FileTree disk;
  ASSERT_TRUE(disk.Mkdir("big").ok());
  ASSERT_TRUE(disk.Write("big/blob", std::string(1 << 20, 'x')).ok());
  ASSERT_TRUE(disk.Write("test", "v1").ok());
  FileTree snap = disk;  // the cut
  EXPECT_TRUE(snap.SharesRootWith(disk));
  ASSERT_TRUE(disk.Write("test", "v2").ok());
  ASSERT_TRUE(disk.Write("new", "n").ok());
  EXPECT_FALSE(snap.SharesRootWith(disk));
  EXPECT_EQ(*snap.Read("test"), "v1");
  EXPECT_FALSE(snap.Read("new").ok());
  EXPECT_EQ(*disk.Read("test"), "v2");
  FileTree restored = snap;
  EXPECT_TRUE(restored == snap);
  EXPECT_FALSE(restored == disk);
}

TEST(FileTreeTest, FirstDifferenceNamesTheFirstDifferingPath) {
  FileTree a;
  ASSERT_TRUE(a.Mkdir("lost+found").ok());
  ASSERT_TRUE(a.Mkdir("d/e", true).ok());
  ASSERT_TRUE(a.Write("d/e/f", "1").ok());
  ASSERT_TRUE(a.Write("z", "z").ok());
  EXPECT_EQ(FirstDifference(a, a), std::nullopt);
  EXPECT_EQ(FirstDifference(FileTree(), FileTree()), std::nullopt);

  FileTree same;  // built separately, equal contents: no shared nodes
  ASSERT_TRUE(same.Write("z", "z").ok());
  ASSERT_TRUE(same.Mkdir("d/e", true).ok());
  ASSERT_TRUE(same.Write("d/e/f", "1").ok());
  ASSERT_TRUE(same.Mkdir("lost+found").ok());
  EXPECT_EQ(FirstDifference(a, same), std::nullopt);

  FileTree b = a;
  ASSERT_TRUE(b.Write("d/e/f", "2").ok());  // other bytes, deep
  ASSERT_TRUE(b.Write("zz", "").ok());      // and a later difference
  EXPECT_EQ(FirstDifference(a, b), "/d/e/f");
  EXPECT_EQ(FirstDifference(b, a), "/d/e/f");

  FileTree c = a;
  ASSERT_TRUE(c.Write("c", "").ok());  // only in c, sorts before d
  EXPECT_EQ(FirstDifference(a, c), "/c");
  EXPECT_EQ(FirstDifference(c, a), "/c");

  FileTree d = a;
  ASSERT_TRUE(d.Remove("z").ok());  // only in a, last
  EXPECT_EQ(FirstDifference(a, d), "/z");

  FileTree e = a;
  ASSERT_TRUE(e.Remove("lost+found").ok());
  ASSERT_TRUE(e.Write("lost+found", "").ok());  // a file where a has a directory
  EXPECT_EQ(FirstDifference(a, e), "/lost+found");

  FileTree f = a;
  ASSERT_TRUE(f.Mkdir("d/e/g").ok());  // an empty directory counts
  EXPECT_EQ(FirstDifference(a, f), "/d/e/g");
  EXPECT_EQ(FirstDifference(a, FileTree()), "/d");
}

}  // namespace
}  // namespace snapsim::ecs
