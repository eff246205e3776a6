#include "sim/scenario/suite.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>

#include <fmt/format.h>

#include "sim/scenario/loader.h"
#include "src/api/yaml_load.h"

namespace snapsim::scenario {
namespace fs = std::filesystem;

namespace {

std::string ParentOf(const fs::path& p) {
  std::string parent = p.parent_path().lexically_normal().generic_string();
  while (parent.size() > 1 && parent.back() == '/') parent.pop_back();
  return parent.empty() ? "." : parent;
}

// True iff the file's first YAML document is a map with apiVersion and kind: a
// Kubernetes manifest kept next to the scenarios (for `apply -f`), not a scenario.
bool IsKubernetesManifest(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  yaml::Documents docs = yaml::LoadYaml(text.str());
  if (docs.nodes.empty() || !docs.nodes[0].IsMap()) return false;  // not even YAML: the loader says so
  bool api_version = false;
  bool kind = false;
  for (const auto& [key, value] : docs.nodes[0].members()) {
    api_version = api_version || (key.IsScalar() && key.Scalar() == "apiVersion");
    kind = kind || (key.IsScalar() && key.Scalar() == "kind");
  }
  return api_version && kind;
}

void Walk(const std::string& arg, std::vector<SuiteFile>& out, std::vector<std::string>* empty) {
  fs::path root(arg);
  std::string root_name = root.lexically_normal().filename().generic_string();
  if (root_name.empty()) root_name = root.lexically_normal().parent_path().filename().generic_string();
  std::vector<fs::path> found;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(root, fs::directory_options::follow_directory_symlink, ec),
       end;
       !ec && it != end; it.increment(ec)) {
    std::error_code file_ec;
    if (it->is_regular_file(file_ec) && it->path().extension() == ".yaml" &&
        !IsKubernetesManifest(it->path())) {
      found.push_back(it->path());
    }
  }
  if (ec) {  // unreadable directory: let the load report it
    out.push_back(SuiteFile{arg, ParentOf(root)});
    return;
  }
  std::sort(found.begin(), found.end());
  if (found.empty() && empty) empty->push_back(arg);
  for (const auto& p : found) {
    fs::path rel = p.lexically_relative(root);
    std::string classname = (fs::path(root_name) / rel).parent_path().generic_string();
    out.push_back(SuiteFile{p.generic_string(), classname.empty() ? "." : classname});
  }
}

}  // namespace

std::vector<SuiteFile> CollectScenarioFiles(const std::vector<std::string>& args,
                                            std::vector<std::string>* empty_dirs) {
  std::vector<SuiteFile> files;
  for (const auto& arg : args) {
    std::error_code ec;
    if (fs::is_directory(arg, ec)) {
      Walk(arg, files, empty_dirs);
    } else {
      files.push_back(SuiteFile{arg, ParentOf(fs::path(arg))});
    }
  }
  return files;
}

ScenarioResult LoadFailure(const std::string& path, const Status& status) {
  ScenarioResult r;
  r.name = path;
  r.path = path;
  r.passed = false;
  r.load_error = true;
  r.failure = Failure{0, "", "", status.message(), {}};
  r.verdict = FailVerdict(path, *r.failure);
  return r;
}

SuiteResult RunSuite(const std::vector<SuiteFile>& files, const HostFactory& factory,
                     const SuiteOptions& options,
                     const std::function<void(const SuiteCase&)>& on_result) {
  const std::size_t n = files.size();
  // Load everything first: duplicate names are a property of the whole suite.
  std::vector<std::optional<Scenario>> scenarios(n);
  std::vector<SuiteCase> cases(n);
  std::vector<bool> done(n, false);
  std::map<std::string, std::string> names;  // scenario name -> path that defines it
  for (std::size_t i = 0; i < n; ++i) {
    cases[i].file = files[i];
    auto loaded = LoadScenarioFile(files[i].path);
    if (!loaded.ok()) {
      cases[i].result = LoadFailure(files[i].path, loaded.status());
      done[i] = true;
      continue;
    }
    auto [it, inserted] = names.emplace(loaded->name, files[i].path);
    if (!inserted) {
      cases[i].result = LoadFailure(
          files[i].path,
          Status::AlreadyExists(fmt::format("{}:{}:{}: duplicate scenario name \"{}\"; {} already "
                                            "uses it (names must be unique in a suite)",
                                            files[i].path, loaded->name_pos.line,
                                            loaded->name_pos.column, loaded->name, it->second)));
      done[i] = true;
      continue;
    }
    scenarios[i] = std::move(*loaded);
  }

  std::mutex mu;
  std::condition_variable cv;
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i = next++; i < n; i = next++) {
      if (!scenarios[i]) continue;
      ScenarioResult r = RunScenario(*scenarios[i], factory, options.run);
      std::lock_guard<std::mutex> lock(mu);
      cases[i].result = std::move(r);
      done[i] = true;
      cv.notify_all();
    }
  };
  std::size_t threads = std::min<std::size_t>(static_cast<std::size_t>(std::max(options.jobs, 1)), n);
  std::vector<std::thread> pool;
  if (threads > 1) {
    for (std::size_t t = 0; t < threads; ++t) pool.emplace_back(worker);
  }

  SuiteResult suite;
  for (std::size_t i = 0; i < n; ++i) {
    if (threads <= 1 && scenarios[i]) {  // one job: run on this thread, report as we go
      cases[i].result = RunScenario(*scenarios[i], factory, options.run);
    } else {
      std::unique_lock<std::mutex> lock(mu);
      cv.wait(lock, [&] { return done[i]; });
    }
    if (cases[i].result.passed) {
      ++suite.passed;
    } else {
      ++suite.failed;
    }
    if (on_result) on_result(cases[i]);
  }
  for (auto& th : pool) th.join();
  suite.cases = std::move(cases);
  return suite;
}

}  // namespace snapsim::scenario
