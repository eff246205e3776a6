// ReadYamlSubset against yaml-cpp: wherever the subset reader returns a tree, it must be
// the tree yaml-cpp loads (type, text, tag and mark of every node); and it must read
// the files snapsim bundles, which is what it is for.
#include "src/api/yaml_reader.h"

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "src/api/yaml_load.h"

namespace snapsim::yaml {
namespace {

// Whether the subset reader declined, or agreed with yaml-cpp. Reports disagreement.
::testing::AssertionResult AgreesWithYamlCpp(std::string_view text, bool* read = nullptr) {
  std::optional<std::vector<Node>> fast = ReadYamlSubset(text);
  if (read != nullptr) *read = fast.has_value();
  if (!fast) return ::testing::AssertionSuccess();
  Documents slow = LoadYamlWithYamlCpp(text);
  if (slow.error) {
    return ::testing::AssertionFailure() << "the subset read a text yaml-cpp rejects ("
                                         << slow.error->message << "):\n" << text;
  }
  if (slow.nodes.size() != fast->size()) {
    return ::testing::AssertionFailure() << "yaml-cpp found " << slow.nodes.size() << " documents, the subset "
                                         << fast->size() << ", in:\n" << text;
  }
  for (std::size_t i = 0; i < fast->size(); ++i) {
    if (!((*fast)[i] == slow.nodes[i])) {
      return ::testing::AssertionFailure() << "document " << i << " differs for:\n" << text
                                           << "\n--- subset:\n" << DebugString((*fast)[i])
                                           << "--- yaml-cpp:\n" << DebugString(slow.nodes[i]);
    }
  }
  return ::testing::AssertionSuccess();
}

bool Reads(std::string_view text) { return ReadYamlSubset(text).has_value(); }

TEST(YamlReaderTest, AgreesOnHandWrittenDocuments) {
  const char* const kAccepted[] = {
      "a: 1\n",
      "a: 1",
      "a:\nb: 2\n",
      "a:\n  # only a comment\nb: 2\n",
      "a:\n- x\n- y\nb:\nc: 1\n",
      "a:\n  - x\n  -\n  - z\n",
      "- \n- a\n-\n- b\n",
      "- a: 1\n  b: [x, \"y\", 'z']\n- - p\n  - q\n-   c: {k: v, m: [1, 2]}\n",
      "root:\n  child:\n    leaf: ~\n    other: null\n  again: Null\n",
      "s: 'it''s' # comment\nd: \"tab\\there \\\"q\\\" \\\\ \\/\"\n",
      "key with spaces: value with:colon-less http://x#y\n",
      "lit: |\n  one\n\n  two\n    three\n\n\nnext: 1\n",
      "strip: |-\n  a\n  b\n\nkeep: |+\n  a\n\n\nclip: |\n  z\n",
      "fold: >\n  a\n  b\n\n  c\n\n",
      "fold: >-\n  a\n  b\nx: y\n",
      "- |\n  in a list\n- >+\n  kept\n- |+\n  kept\n\n",
      "flow: [\n  a, b,\n  {c: d}\n  ]\n",
      "empty: []\nalso: {}\n",
      "'quoted key': 1\n\"dq\": 2\n",
      "   indented: root\n   second: 2\n",
      "plain scalar\n",
      "# leading comment\n\nx: 1 # trailing\n\n# end\n",
      "unicode: caf\xc3\xa9 \xe2\x80\x94 ok\n",
      "dash: -1\nq: ?x\nc: :y\n",
      "steps:\n  - kubectl: get x -o jsonpath={.a.b}\n    expect: { stdout: \"true\" }\n",
      "---\na: 1\n",
      "a: 1\n---\nb: 2\n",
      "# c\n---  \nkind: A\n---\n- |\n  x\n---\n\"s\"\n",
  };
  for (const char* text : kAccepted) {
    bool read = false;
    EXPECT_TRUE(AgreesWithYamlCpp(text, &read));
    EXPECT_TRUE(read) << "expected the subset to read:\n" << text;
  }
  const char* const kDeclined[] = {
      "",
      "# nothing\n",
      "a: 1\n---\n",
      "---",
      "a: 1\n---",
      "---\n---\na: 1\n",
      "--- a\n",
      "a: 1\n...\n",
      "%YAML 1.1\n---\na: 1\n",
      "a: [1,\n---\n]\n",
      "a: &x 1\nb: *x\n",
      "a: !!str 1\n",
      "a: b: c\n",
      "a: 'multi\n  line'\n",
      "a: plain\n  continued\n",
      "a:\tb\n",
      "a: 1\r\n",
      "\xef\xbb\xbf" "a: 1\n",
      "? complex\n: key\n",
      "a: \"\\x41\"\n",
      "a: [b,]\n",
      "a: {b}\n",
      "a: |2\n  x\n",
      "a: |\n  x",
      "a: >\n  x\n    more\n",
      "a: 1\n  b: 2\n",
      "- a\nb: 1\n",
      "a: [unterminated\n",
      "a:\n",
      "a:",
      "- a\n-\n",
      "a: >+\n  x\n\n",
  };
  for (const char* text : kDeclined) {
    EXPECT_FALSE(Reads(text)) << "expected the subset to decline:\n" << text;
  }
}

TEST(YamlReaderTest, NullValuesCarryTheMarkOfWhatFollows) {
  const char* text = "a:\nb:\n  c:\n  d:\n    # x\ne:\n- f:\n-\n- g\n";
  std::optional<std::vector<Node>> documents = ReadYamlSubset(text);
  ASSERT_TRUE(documents.has_value());
  ASSERT_EQ(documents->size(), 1u);
  const Node* root = &documents->front();
  ASSERT_EQ(root->size(), 3u);
  EXPECT_EQ(root->members()[0].second.Mark(), (Mark{3, 1, 0}));  // b's key
  const Node& b = root->members()[1].second;
  EXPECT_EQ(b.members()[0].second.Mark(), (Mark{13, 3, 2}));  // d's key
  EXPECT_EQ(b.members()[1].second.Mark(), (Mark{24, 5, 0}));  // the dedent to e
  const Node& e = root->members()[2].second;
  EXPECT_EQ(e.items()[0].members()[0].second.Mark(), (Mark{32, 7, 0}));  // the next dash
  EXPECT_EQ(e.items()[1].Mark(), (Mark{34, 8, 0}));
  EXPECT_TRUE(AgreesWithYamlCpp(text));
  EXPECT_FALSE(Reads("a:\n  b:\n"));  // the end's mark is yaml-cpp's to give
}

std::vector<std::filesystem::path> BundledYamlFiles() {
  std::vector<std::filesystem::path> files;
  for (const char* dir : {"scenarios", "tests", "bench", "src", "sim", "tools"}) {
    std::filesystem::path root = std::filesystem::path(SNAPSIM_SOURCE_DIR) / dir;
    if (!std::filesystem::exists(root)) continue;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
      if (entry.is_regular_file() && entry.path().extension() == ".yaml") files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string Slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(YamlReaderTest, AgreesOnEveryBundledFileAndItsEmbeddedManifests) {
  std::vector<std::filesystem::path> files = BundledYamlFiles();
  ASSERT_GT(files.size(), 50u);
  int read = 0, texts = 0;
  for (const auto& path : files) {
    std::string text = Slurp(path);
    bool was_read = false;
    EXPECT_TRUE(AgreesWithYamlCpp(text, &was_read)) << path;
    texts++;
    read += was_read;
    if (path.generic_string().find("/scenarios/ack-doc/") != std::string::npos) {
      EXPECT_TRUE(was_read) << "the ACK document's scenarios are what the subset is for: " << path;
    }
    // Each embedded file (a scenario's files: map), and each of its documents.
    Documents docs = LoadYamlWithYamlCpp(text);
    if (docs.nodes.size() != 1 || !docs.nodes[0].IsMap()) continue;
    for (const auto& [key, value] : docs.nodes[0].members()) {
      if (key.Scalar() != "files" || !value.IsMap()) continue;
      for (const auto& [name, body] : value.members()) {
        std::string embedded = body.Scalar();
        std::size_t start = 0;
        while (start <= embedded.size()) {
          std::size_t sep = embedded.find("\n---\n", start);
          std::string part = embedded.substr(start, sep == std::string::npos ? std::string::npos : sep + 1 - start);
          EXPECT_TRUE(AgreesWithYamlCpp(part, &was_read)) << path << " files." << name.Scalar();
          texts++;
          read += was_read;
          if (sep == std::string::npos) break;
          start = sep + 5;
        }
      }
    }
  }
  // Most of what snapsim ships is in the subset (the rest goes to yaml-cpp).
  EXPECT_GT(read * 10, texts * 8) << read << " of " << texts << " texts read by the subset";
}

// ---- generated documents ------------------------------------------------------------

class Generator {
 public:
  explicit Generator(std::uint64_t seed) : rng_(seed) {}

  // One to three documents, separated (and sometimes started) by "---".
  std::string Document() {
    out_.clear();
    int documents = Chance(4, 5) ? 1 : Pick(2, 3);
    for (int i = 0; i < documents; ++i) {
      if (i > 0 || Chance(1, 8)) out_ += "---\n";
      if (Chance(1, 3)) {
        Seq(Pick(0, 2), 0);
      } else {
        Map(Pick(0, 2), 0);
      }
    }
    return out_;
  }

  // Inserts, deletes or replaces a few characters with YAML's significant ones.
  std::string Mutate(std::string text) {
    static constexpr std::string_view kChars = " \t\n:#-'\"|>[]{},?&*!%@`\\x~0+";
    int edits = Pick(1, 3);
    for (int i = 0; i < edits && !text.empty(); ++i) {
      std::size_t at = static_cast<std::size_t>(Pick(0, static_cast<int>(text.size()) - 1));
      char c = kChars[static_cast<std::size_t>(Pick(0, static_cast<int>(kChars.size()) - 1))];
      switch (Pick(0, 2)) {
        case 0: text.insert(at, 1, c); break;
        case 1: text.erase(at, 1); break;
        default: text[at] = c; break;
      }
    }
    return text;
  }

 private:
  int Pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool Chance(int n, int d) { return Pick(1, d) <= n; }
  template <std::size_t N>
  std::string_view OneOf(const std::string_view (&options)[N]) {
    return options[static_cast<std::size_t>(Pick(0, static_cast<int>(N) - 1))];
  }
  void Indent(int n) { out_.append(static_cast<std::size_t>(n), ' '); }

  void Noise(int indent) {
    if (Chance(1, 8)) out_ += "\n";
    if (Chance(1, 8)) {
      Indent(Pick(0, indent + 2));
      out_ += Chance(1, 2) ? "# a comment: - [x]\n" : "#\ttabbed 'comment\n";
    }
  }

  std::string_view Key() {
    static constexpr std::string_view kKeys[] = {"a", "name", "key with spaces", "'q'", "\"dq\"", "x:y",
                                                 "~", "null", "-k", "k#1", "\"e\\tx\"", "on", "'it''s'",
                                                 "spaced  ", "'q' ", "caf\xc3\xa9", "a - b", "\"x\": y"};
    return OneOf(kKeys);
  }

  std::string_view Scalar() {
    static constexpr std::string_view kScalars[] = {
        "v", "1", "true", "~", "null", "two words", "http://x:80/y", "a#b", "{.a.b}", "x]", "-3",
        "'single'", "'it''s'", "\"double\"", "\"esc \\\" \\\\ \\n \\t \\/\"", "\"\"", "''", "caf\xc3\xa9",
        "[a, b]", "[ 'x', \"y\" ]", "{k: v}", "{ k: [1, 2], m: {n: o} }", "[]", "{}", "\"#not comment\"",
        "v # comment", "trailing   ", "?q", ":c", "a, b", "a - b", "x ? y", "\"real\ttab\"", "x\t# tab",
        "x #y", "x#y", "!x", "@x", "%x", "'# not'", "[a, [b, {c: 'd'}], \"e\"]", "{'k': \"v\", k2: []}",
        "{k:v}", "[a: b]", "{ k : v }", "[\"a\" , b]", "- x", "a: b", "|x", "\"\\u0041\"", "'a''", "*ref"};
    return OneOf(kScalars);
  }

  void BlockScalar(int indent) {
    static constexpr std::string_view kHeaders[] = {"|", "|-", "|+", ">", ">-", ">+", "| # c"};
    out_ += OneOf(kHeaders);
    out_ += "\n";
    int lines = Pick(1, 4);
    int base = indent + Pick(1, 3);
    for (int i = 0; i < lines; ++i) {
      if (i > 0 && Chance(1, 4)) out_ += Chance(1, 2) ? "\n" : std::string(static_cast<std::size_t>(base), ' ') + "\n";
      Indent(base + (Chance(1, 6) ? 2 : 0));
      out_ += Chance(1, 5) ? "# not a comment" : "text line";
      out_ += "\n";
    }
    if (Chance(1, 3)) out_ += "\n";
  }

  // The value after "key:" or "- ", its line(s) included. `indent` is the parent's.
  void Value(int indent, int depth, bool after_key) {
    int kind = depth >= 3 ? Pick(0, 2) : Pick(0, 6);
    switch (kind) {
      case 0:
      case 1:
        out_ += " ";
        out_ += Scalar();
        out_ += "\n";
        return;
      case 2:
        if (Chance(1, 2)) out_ += " # nothing here";
        out_ += "\n";
        return;
      case 3:
        out_ += " ";
        BlockScalar(indent);
        return;
      case 4:
        out_ += "\n";
        Map(indent + Pick(1, 3), depth + 1);
        return;
      case 5:
        out_ += "\n";
        Seq(after_key && Chance(1, 2) ? indent : indent + Pick(1, 3), depth + 1);
        return;
      default:
        out_ += " [\n";
        Indent(indent + 2);
        out_ += "a, \"b\",\n";
        Indent(indent + Pick(0, 2));
        out_ += "{c: d}]\n";
        return;
    }
  }

  void Map(int indent, int depth, bool first_inline = false) {
    int n = Pick(1, 3);
    for (int i = 0; i < n; ++i) {
      if (!(first_inline && i == 0)) {
        Noise(indent);
        Indent(indent);
      }
      out_ += Key();
      out_ += ":";
      Value(indent, depth, true);
    }
  }

  void Seq(int indent, int depth) {
    int n = Pick(1, 3);
    for (int i = 0; i < n; ++i) {
      Noise(indent);
      Indent(indent);
      out_ += "-";
      if (depth < 3 && Chance(1, 3)) {
        int pad = Pick(1, 2);
        Indent(pad);
        Map(indent + 1 + pad, depth + 1, true);
      } else if (depth < 3 && Chance(1, 6)) {
        out_ += " - x\n";
        Indent(indent + 2);
        out_ += "- y\n";
      } else {
        Value(indent, depth, false);
      }
    }
  }

  std::mt19937_64 rng_;
  std::string out_;
};

TEST(YamlReaderTest, AgreesOnGeneratedAndMutatedDocuments) {
  Generator gen(20261125);
  int generated_read = 0, mutated_read = 0;
  constexpr int kDocuments = 20000;
  for (int i = 0; i < kDocuments; ++i) {
    std::string doc = gen.Document();
    bool read = false;
    ASSERT_TRUE(AgreesWithYamlCpp(doc, &read)) << "document " << i;
    generated_read += read;
    for (int m = 0; m < 3; ++m) {
      ASSERT_TRUE(AgreesWithYamlCpp(gen.Mutate(doc), &read)) << "document " << i << " mutation " << m;
      mutated_read += read;
    }
  }
  // The generator mostly writes the subset; mutations often leave it.
  EXPECT_GT(generated_read, kDocuments / 5) << generated_read;
  EXPECT_GT(mutated_read, kDocuments / 5) << mutated_read;
}

// Lines of random YAML fragments at random indents: shapes no grammar would write.
TEST(YamlReaderTest, AgreesOnRandomFragments) {
  static constexpr std::string_view kFragments[] = {
      "a", "b c", ":", ": ", "- ", "-", "#", " #c", "'", "\"", "|", ">", "|-", "[", "]", "{", "}", ", ",
      "\\", "~", "null", "x: y", "k:", "---", "\t", "'q'", "\"d\"", " ", "?", "&", "*", "!", "%", "1",
      "\"\\n\"", "'it''s'", ">+", "|+", "..."};
  std::mt19937_64 rng(42);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  int read = 0;
  constexpr int kTexts = 30000;
  for (int i = 0; i < kTexts; ++i) {
    std::string text;
    int lines = pick(1, 8);
    for (int l = 0; l < lines; ++l) {
      text.append(static_cast<std::size_t>(pick(0, 6)), ' ');
      int fragments = pick(1, 4);
      for (int f = 0; f < fragments; ++f) {
        text += kFragments[static_cast<std::size_t>(pick(0, static_cast<int>(std::size(kFragments)) - 1))];
      }
      if (l + 1 < lines || pick(0, 3) > 0) text += '\n';
    }
    bool was_read = false;
    ASSERT_TRUE(AgreesWithYamlCpp(text, &was_read)) << "text " << i;
    read += was_read;
  }
  EXPECT_GT(read, kTexts / 20) << read;
}

}  // namespace
}  // namespace snapsim::yaml
