#include "sim/scenario/loader.h"

#include <charconv>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include <fmt/format.h>

#include "sim/scenario/step_decoder.h"
#include "sim/scenario/variables.h"
#include "sim/scenario/yaml_decoder.h"
#include "src/api/yaml_load.h"

namespace snapsim::scenario {
namespace {

bool ParseUint(std::string_view s, std::uint64_t& out) {
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

Status DecodeZones(const YamlDecoder& d, const yaml::Node& node, std::vector<std::string>& out) {
  if (!node.IsSequence() || node.size() == 0) {
    return d.Error(node, fmt::format("cluster.zones: expected a list of zone IDs such as "
                                     "[cn-hangzhou-i], got {}",
                                     node.IsSequence() ? "an empty list" : YamlDecoder::Describe(node)));
  }
  out.clear();
  for (const auto& zone : node.items()) {
    SNAPSIM_ASSIGN_OR_RETURN(std::string z, d.Scalar(zone, "cluster.zones", "a zone ID"));
    if (z.empty()) return d.Error(zone, "cluster.zones: expected a zone ID, got an empty string");
    out.push_back(std::move(z));
  }
  return Status::Ok();
}

Status DecodeComponents(const YamlDecoder& d, const yaml::Node& node, std::vector<std::string>& out) {
  std::string known;
  for (auto c : kCrashableComponents) fmt::format_to(std::back_inserter(known), "{}{}", known.empty() ? "" : ", ", c);
  if (!node.IsSequence()) {
    return d.Error(node, fmt::format("cluster.components: expected a list of components (some of: {}), got {}",
                                     known, YamlDecoder::Describe(node)));
  }
  out.clear();
  for (const auto& item : node.items()) {
    SNAPSIM_ASSIGN_OR_RETURN(std::string c, d.Scalar(item, "cluster.components", "a component name"));
    if (std::find(kCrashableComponents.begin(), kCrashableComponents.end(), c) == kCrashableComponents.end()) {
      return d.Error(item, fmt::format("cluster.components: unknown component \"{}\"; expected some of: {}", c,
                                       known));
    }
    if (std::find(out.begin(), out.end(), c) != out.end()) {
      return d.Error(item, fmt::format("cluster.components: \"{}\" is listed twice", c));
    }
    out.push_back(std::move(c));
  }
  return Status::Ok();
}

Status DecodeCluster(const YamlDecoder& d, const yaml::Node& node, ClusterConfig& cluster) {
  if (!node.IsMap()) {
    return d.Error(node, fmt::format("cluster: expected a map such as {{kubernetesVersion: "
                                     "\"1.22\", nodes: 1}}, got {}",
                                     YamlDecoder::Describe(node)));
  }
  SNAPSIM_ASSIGN_OR_RETURN(auto members, d.Members(node, "cluster"));
  for (const auto& [key, value] : members) {
    const std::string& k = key.Scalar();
    if (k == "kubernetesVersion") {
      SNAPSIM_ASSIGN_OR_RETURN(std::string v, d.Scalar(value, "cluster.kubernetesVersion",
                                                       "a version such as \"1.22\""));
      static const std::regex kVersion("^1\\.(0|[1-9][0-9]{0,3})$");
      if (!std::regex_match(v, kVersion)) {
        return d.Error(value, fmt::format("cluster.kubernetesVersion: expected a version of the "
                                          "form 1.N such as \"1.22\", got \"{}\"",
                                          v));
      }
      cluster.kubernetes_version = v;
    } else if (k == "region") {
      SNAPSIM_ASSIGN_OR_RETURN(cluster.region,
                               d.Scalar(value, "cluster.region", "a region ID such as cn-hangzhou"));
      if (cluster.region.empty()) {
        return d.Error(value, "cluster.region: expected a region ID such as cn-hangzhou, got an "
                              "empty string");
      }
    } else if (k == "zones") {
      SNAPSIM_RETURN_IF_ERROR(DecodeZones(d, value, cluster.zones));
    } else if (k == "nodes") {
      SNAPSIM_ASSIGN_OR_RETURN(std::string v, d.Scalar(value, "cluster.nodes", "a number of nodes"));
      std::uint64_t n = 0;
      if (!ParseUint(v, n) || n < 1 || n > 10000) {
        return d.Error(value, fmt::format("cluster.nodes: expected a number of nodes from 1 to "
                                          "10000, got \"{}\"",
                                          v));
      }
      cluster.nodes = static_cast<int>(n);
    } else if (k == "seed") {
      SNAPSIM_ASSIGN_OR_RETURN(std::string v, d.Scalar(value, "cluster.seed", "a seed"));
      if (!ParseUint(v, cluster.seed)) {
        return d.Error(value, fmt::format("cluster.seed: expected a non-negative integer below "
                                          "2^64, got \"{}\"",
                                          v));
      }
    } else if (k == "scheduleSeed") {
      SNAPSIM_ASSIGN_OR_RETURN(std::string v, d.Scalar(value, "cluster.scheduleSeed", "a seed"));
      std::uint64_t seed = 0;
      if (!ParseUint(v, seed)) {
        return d.Error(value, fmt::format("cluster.scheduleSeed: expected a non-negative integer below "
                                          "2^64, got \"{}\"",
                                          v));
      }
      cluster.schedule_seed = seed;
    } else if (k == "diskDriverVersion") {
      SNAPSIM_ASSIGN_OR_RETURN(cluster.disk_driver_version,
                               d.Scalar(value, "cluster.diskDriverVersion",
                                        "a disk CSI driver version such as v1.30.1"));
    } else if (k == "upstreamBugs") {
      if (!value.IsSequence()) {
        return d.Error(value, fmt::format("cluster.upstreamBugs: expected a list of issue numbers such as [1388], got {}",
                                          YamlDecoder::Describe(value)));
      }
      for (const auto& item : value.items()) {
        SNAPSIM_ASSIGN_OR_RETURN(std::string bug, d.Scalar(item, "cluster.upstreamBugs", "an issue number"));
        cluster.upstream_bugs.push_back(std::move(bug));
      }
    } else if (k == "components") {
      cluster.components.emplace();
      SNAPSIM_RETURN_IF_ERROR(DecodeComponents(d, value, *cluster.components));
    } else if (std::find(kHostClusterKeys.begin(), kHostClusterKeys.end(), k) !=
               kHostClusterKeys.end()) {
      SNAPSIM_ASSIGN_OR_RETURN(api::Value v, d.ToValue(value));
      cluster.extra[k] = std::move(v);
    } else {
      std::string expected =
          "kubernetesVersion, region, zones, nodes, seed, scheduleSeed, diskDriverVersion, components, upstreamBugs";
      for (auto extra : kHostClusterKeys) fmt::format_to(std::back_inserter(expected), ", {}", extra);
      return d.Error(key, fmt::format("cluster: unknown key \"{}\"; expected one of: {}", k,
                                      expected));
    }
  }
  return Status::Ok();
}

Status DecodeFiles(const YamlDecoder& d, const yaml::Node& node,
                   std::map<std::string, std::string>& files) {
  if (!node.IsMap()) {
    return d.Error(node, fmt::format("files: expected a map from file name to contents, got {}",
                                     YamlDecoder::Describe(node)));
  }
  SNAPSIM_ASSIGN_OR_RETURN(auto members, d.Members(node, "files"));
  for (const auto& [key, value] : members) {
    const std::string& name = key.Scalar();
    if (name.empty()) return d.Error(key, "files: expected a file name, got an empty string");
    std::string what = fmt::format("files: \"{}\"", name);
    SNAPSIM_ASSIGN_OR_RETURN(std::string text,
                             d.Scalar(value, what, "the file's text (a string, usually a | block)"));
    if (auto err = FindVariableSyntaxError(text)) {
      std::string_view before = std::string_view(text).substr(0, err->offset);
      auto line = std::count(before.begin(), before.end(), '\n') + 1;
      return d.ErrorAt(d.PosInScalar(value, err->offset),
                       fmt::format("{}, line {} of the file: {}", what, line, err->message));
    }
    files.emplace(name, std::move(text));
  }
  return Status::Ok();
}

Status DecodeSteps(const YamlDecoder& d, const yaml::Node& node, std::vector<Step>& steps) {
  if (!node.IsSequence()) {
    return d.Error(node, fmt::format("steps: expected a list of steps such as "
                                     "\"- kubectl: get pods\", got {}",
                                     YamlDecoder::Describe(node)));
  }
  if (node.size() == 0) return d.Error(node, "steps: expected at least one step");
  for (const auto& item : node.items()) {
    SNAPSIM_ASSIGN_OR_RETURN(Step step, DecodeStep(d, item));
    steps.push_back(std::move(step));
  }
  return Status::Ok();
}

Result<Scenario> Decode(const YamlDecoder& d, const yaml::Node& root) {
  Scenario s;
  s.path = d.path();
  if (!root.IsMap()) {
    SourcePos pos = YamlDecoder::PosOf(root);
    if (pos.line == 0) pos = SourcePos{1, 1};
    return d.ErrorAt(pos, fmt::format("expected a scenario: a map with name, steps and "
                                      "optionally description, cluster, files; got {}",
                                      YamlDecoder::Describe(root)));
  }
  SNAPSIM_ASSIGN_OR_RETURN(auto members, d.Members(root, "scenario"));
  bool has_name = false;
  bool has_steps = false;
  bool has_cluster = false;
  for (const auto& [key, value] : members) {
    const std::string& k = key.Scalar();
    if (k == "name") {
      SNAPSIM_ASSIGN_OR_RETURN(s.name, d.Scalar(value, "name", "a scenario name"));
      if (s.name.empty() || s.name.find('\n') != std::string::npos) {
        return d.Error(value, "name: expected a non-empty, one-line scenario name");
      }
      s.name_pos = YamlDecoder::PosOf(key);
      has_name = true;
    } else if (k == "description") {
      SNAPSIM_ASSIGN_OR_RETURN(s.description, d.Scalar(value, "description"));
    } else if (k == "cluster") {
      SNAPSIM_RETURN_IF_ERROR(DecodeCluster(d, value, s.cluster));
      s.cluster_pos = YamlDecoder::PosOf(key);
      has_cluster = true;
    } else if (k == "chaos") {
      SNAPSIM_ASSIGN_OR_RETURN(std::string v, d.Scalar(value, "chaos", "true or false"));
      if (v != "true" && v != "false") {
        return d.Error(value, fmt::format("chaos: expected true or false, got \"{}\"", v));
      }
      s.chaos = v == "true";
    } else if (k == "liveness") {
      SNAPSIM_ASSIGN_OR_RETURN(std::string v, d.Scalar(value, "liveness", "true or false"));
      if (v != "true" && v != "false") {
        return d.Error(value, fmt::format("liveness: expected true or false, got \"{}\"", v));
      }
      s.liveness = v == "true";
    } else if (k == "files") {
      SNAPSIM_RETURN_IF_ERROR(DecodeFiles(d, value, s.files));
    } else if (k == "steps") {
      SNAPSIM_RETURN_IF_ERROR(DecodeSteps(d, value, s.steps));
      has_steps = true;
    } else {
      return d.Error(key, fmt::format("unknown top-level key \"{}\"; expected one of: name, "
                                      "description, cluster, chaos, liveness, files, steps",
                                      k));
    }
  }
  SourcePos top = YamlDecoder::PosOf(root);
  if (!has_name) return d.ErrorAt(top, "missing required key \"name\" (the scenario's name)");
  if (!has_steps) return d.ErrorAt(top, "missing required key \"steps\" (the list of steps)");
  if (!has_cluster) s.cluster_pos = s.name_pos;
  return s;
}

}  // namespace

Result<Scenario> LoadScenarioText(std::string_view text, const std::string& path) {
  YamlDecoder decoder(text, path);
  yaml::Documents docs = yaml::LoadYaml(text);
  if (docs.error) {
    const yaml::Mark& mark = docs.error->mark;
    if (mark.is_null()) return Status::InvalidArgument(fmt::format("{}: invalid YAML: {}", path, docs.error->message));
    return Status::InvalidArgument(
        fmt::format("{}:{}:{}: invalid YAML: {}", path, mark.line + 1, mark.column + 1, docs.error->message));
  }
  if (docs.nodes.empty()) {
    return decoder.ErrorAt(SourcePos{1, 1}, "expected a scenario: a map with name and steps; the "
                                            "file is empty");
  }
  if (docs.nodes.size() > 1) {
    return decoder.Error(docs.nodes[1], "expected one scenario per file; found a second YAML document");
  }
  return Decode(decoder, docs.nodes[0]);
}

Result<Scenario> LoadScenarioFile(const std::string& path) {
  std::error_code ec;
  auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) {
    return Status::NotFound(fmt::format("{}: no such scenario file", path));
  }
  if (std::filesystem::is_directory(status)) {
    return Status::InvalidArgument(fmt::format("{}: is a directory, not a scenario file", path));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in.is_open()) {
    return Status::InvalidArgument(fmt::format("{}: cannot open scenario file", path));
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (!in.good() && !in.eof()) {
    return Status::InvalidArgument(fmt::format("{}: cannot read scenario file", path));
  }
  return LoadScenarioText(text.str(), path);
}

}  // namespace snapsim::scenario
