// JUnit XML for a suite run (what CI systems read).
//
// One <testsuite name="snapsim"> with tests/failures counts; a <testcase> per scenario
// with name = the scenario's name (the file's path for a load error), classname = its
// folder, file = its path. A failed case has <failure message="<first summary line>"
// type="ScenarioFailure|LoadError"> whose text is the transcript and verdict; a passed
// case carries the transcript in <system-out>. No timestamps or wall-clock durations:
// the same run gives the same bytes. Text is escaped for XML 1.0 (control characters
// other than tab/newline become U+FFFD).
#pragma once

#include <string>
#include <string_view>

#include "sim/scenario/suite.h"

namespace snapsim::scenario {

std::string JUnitXml(const SuiteResult& suite);

// `s` escaped for XML text and attribute values.
std::string XmlEscape(std::string_view s);

}  // namespace snapsim::scenario
