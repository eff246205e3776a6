// Transcript: the text a scenario run prints, built line by line by the runner.
//
// It reads like a terminal session (for one scenario):
//
//   === ack-doc/dynamic-snapshot (scenarios/ack-doc/dynamic-snapshot.yaml, seed 1)
//   $ kubectl apply -f snapshot.yaml            a command, after ${VAR} substitution
//   volumesnapshot.snapshot.storage.k8s.io/new-snapshot-demo created
//   $ kubectl get vs missing
//   ! Error from server (NotFound): ...          "! " marks a line the command wrote to stderr
//   # exit code 1                                 only when the exit code is not 0
//   # DISK_ID=d-bp1...                            a variable set by save / saveStdout
//   # sleep 36m                                   sleep, fault and crash steps
//   # fault {ecs: {api: CreateSnapshot, error: Throttling, times: 2}}
//   # crash snapshot-controller
//   # not at rest after 1h; still in flight:     settle reached its limit
//   #   ECS snapshot s-1 progressing
//   PASS ack-doc/dynamic-snapshot                 or FAIL, then the first difference:
//   FAIL ack-doc/dynamic-snapshot
//     step 3 (scenarios/ack-doc/x.yaml:14): kubectl get vs new-snapshot-demo ...
//     stdout differs from expect.stdout
//     --- expected stdout
//     ...
//
// Stdout and stderr appear exactly as the command wrote them (stdout first), except
// that a missing final newline is supplied. Only the verdict block (PASS/FAIL and its
// indented detail) is printed with --quiet. Not thread-safe; one per run.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sim/scenario/host.h"
#include "src/api/value.h"

namespace snapsim::scenario {

class Transcript {
 public:
  void Header(std::string_view name, std::string_view path, std::uint64_t seed);
  // "$ <tool> <text>".
  void Command(std::string_view tool, std::string_view text);
  // stdout lines, "! " stderr lines, "# exit code N".
  void Output(const CommandOutput& out);
  // "# <text>" (each line of a multi-line text gets its own "# ").
  void Note(std::string_view text);
  void NotAtRest(std::string_view limit_text, const std::vector<std::string>& in_flight);
  void Saved(std::string_view variable, std::string_view value);

  const std::string& text() const { return text_; }

 private:
  std::string text_;
};

// A Value on one line in YAML flow style, keys sorted: {ecs: {api: CreateSnapshot, times: 2}}.
// Strings that would read back as another type or hold special characters are quoted.
std::string FlowYaml(const api::Value& v);

}  // namespace snapsim::scenario
