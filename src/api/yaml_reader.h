// ReadYamlSubset: a reader for the YAML that scenario files and manifests are written
// in, producing exactly the yaml::Node tree yaml-cpp would (types, scalar text, tags
// and marks) at ~55 instructions a byte, where yaml-cpp's scanner spends ~900.
//
// The subset: documents separated by bare `---` lines (no `...`, no directives), of
// - block maps and sequences (indentless sequences as map values too), with keys
//   that are one-line plain or quoted scalars;
// - plain scalars on one line; single- and double-quoted scalars on one line
//   (double-quoted with the escapes \0 \a \b \t \n \v \f \r \e \  \" \' \/ \\);
// - literal (|) and folded (>) block scalars with clip, strip or keep chomping and
//   detected indentation (folded ones without more-indented lines);
// - flow sequences and maps of scalars and flows, across lines too;
// - comments, blank lines, and UTF-8 text after the first byte.
// Anything else — anchors, aliases, tags, complex keys, multi-line plain or quoted
// scalars, tabs as whitespace, CR, a byte-order mark, empty flow entries, and every
// syntax error — returns nullopt, and the caller asks yaml-cpp, which then decides
// the result and words its own errors. A differential test holds the two readers to
// the same trees on every bundled file and on generated and mutated documents.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "src/api/yaml_node.h"

namespace snapsim::yaml {

std::optional<std::vector<Node>> ReadYamlSubset(std::string_view text);

}  // namespace snapsim::yaml
