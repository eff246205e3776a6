// FakeHost: a scripted ScenarioHost for tests of the scenario layer (no cluster).
//
// Kubectl answers from a table keyed by the arguments joined with single spaces; a few
// built-in commands make the runner observable:
//   echo ARGS...        prints the arguments joined by spaces and a newline
//   seed                prints the cluster seed
//   rand                prints a number drawn from mt19937_64(seed) (one per call)
//   apply -f NAME       prints "applied NAME" and the resolved file's text; a resolver
//                       error prints "error: <message>" on stderr, exit 1
//   busy DURATION       keeps the cluster busy: the next Settle reaches rest only after
//                       DURATION of virtual time
//   violate NAME DETAIL the next CheckInvariants reports that violation
//   stuck NAME DETAIL   every later CheckLiveness reports that violation
// Anything else is "fake: unscripted command" on stderr with exit code 1. Aliyun answers
// only from its table. Fault records the rule (FlowYaml) and fails when the rule has a
// key "invalid"; Crash records the component. Every call (Settle too) is appended to a shared log.
// Deterministic; one host per thread (the log is shared and locked).
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <vector>

#include "sim/scenario/host.h"

namespace snapsim::scenario {

struct FakeScript {
  std::map<std::string, CommandOutput> kubectl;  // key: args joined by " "
  std::map<std::string, CommandOutput> aliyun;
};

// What hosts did, shared by every host of one factory.
class FakeLog {
 public:
  void Add(std::string line);
  std::vector<std::string> lines() const;
  std::vector<ClusterConfig> configs() const;
  void AddConfig(const ClusterConfig& c);

 private:
  mutable std::mutex mu_;
  std::vector<std::string> lines_;
  std::vector<ClusterConfig> configs_;
};

class FakeHost : public ScenarioHost {
 public:
  FakeHost(const ClusterConfig& config, std::shared_ptr<const FakeScript> script,
           std::shared_ptr<FakeLog> log);

  CommandOutput Kubectl(const std::vector<std::string>& args, const FileResolver& files) override;
  CommandOutput Aliyun(const std::vector<std::string>& args) override;
  void Sleep(engine::Nanos d) override;
  SettleReport Settle(engine::Nanos limit) override;
  Status Fault(const api::Value& rule) override;
  Status Crash(std::string_view component) override;
  std::vector<Violation> CheckInvariants() override;
  std::vector<Violation> CheckLiveness() override { return stuck_; }
  engine::Nanos Now() const override { return now_; }

 private:
  ClusterConfig config_;
  std::shared_ptr<const FakeScript> script_;
  std::shared_ptr<FakeLog> log_;
  std::mt19937_64 rng_;
  engine::Nanos now_ = 0;
  engine::Nanos busy_until_ = 0;
  std::vector<Violation> pending_;
  std::vector<Violation> stuck_;
};

// A factory of FakeHosts sharing `script` and `log`. A config whose region is "nowhere"
// is refused with InvalidArgument "unknown region nowhere".
HostFactory FakeHostFactory(FakeScript script, std::shared_ptr<FakeLog> log = nullptr);

}  // namespace snapsim::scenario
