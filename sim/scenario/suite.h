// Suite: many scenario files, loaded, checked for duplicate names and run, possibly on
// several threads, with results delivered in file order.
//
// Files: a FILE argument is taken as is; a DIR argument is walked recursively for
// *.yaml, in sorted path order, skipping Kubernetes manifests (files whose first YAML
// document has both apiVersion and kind), which scenarios keep beside them for
// `kubectl apply -f`. Every file is loaded (on the calling thread) before
// anything runs; a load error or a duplicate scenario name makes that file a failed
// case (its verdict is the precise message) and it is not run. Scenarios then run on
// `jobs` threads, one fresh host each; `on_result` is called on the calling thread in
// file order, as soon as each result and all before it are done, so the output is the
// same whatever `jobs` is. The HostFactory must be safe to call from several threads.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "sim/scenario/host.h"
#include "sim/scenario/runner.h"

namespace snapsim::scenario {

struct SuiteFile {
  std::string path;       // where to read it (as found: the argument joined with the walk)
  std::string classname;  // its folder, for JUnit: "scenarios/ack-doc"; "." for a bare file
};

// Expands FILE and DIR arguments. A path that does not exist is kept (its load fails
// with a precise message). `empty_dirs` receives the DIR arguments without any *.yaml.
std::vector<SuiteFile> CollectScenarioFiles(const std::vector<std::string>& args,
                                            std::vector<std::string>* empty_dirs = nullptr);

struct SuiteOptions {
  RunOptions run;
  int jobs = 1;  // >= 1
};

struct SuiteCase {
  SuiteFile file;
  ScenarioResult result;
};

struct SuiteResult {
  std::vector<SuiteCase> cases;  // in file order
  int passed = 0;
  int failed = 0;
};

SuiteResult RunSuite(const std::vector<SuiteFile>& files, const HostFactory& factory,
                     const SuiteOptions& options,
                     const std::function<void(const SuiteCase&)>& on_result = {});

// The failed case of a file that could not be loaded: verdict "FAIL <path>\n  <message>\n".
ScenarioResult LoadFailure(const std::string& path, const Status& status);

}  // namespace snapsim::scenario
