// RelaxTiming: makes a scenario's expectations indifferent to how much virtual time has
// passed, for chaos runs (faults, latencies and watch delays make every AGE longer).
//
// An expected durations as kubectl prints them in a table column ("36m", "2m5s", "17s"
// as a whole whitespace-separated token, or the regex pieces scenarios use for them:
// [0-9]+s, [0-9]+[sm], [0-9ms]+) matches any such duration, and because a longer AGE
// widens its column, runs of two or more spaces match any run of spaces. An exact
// stdout/stderr with such a token becomes the equivalent anchored regex (stdoutMatches)
// when the step has none. Expectations without durations are untouched. Pure.
#pragma once

#include "sim/scenario/scenario.h"

namespace snapsim::chaos {

// True if the expectation changed.
bool RelaxTiming(scenario::Expect& e);

}  // namespace snapsim::chaos
