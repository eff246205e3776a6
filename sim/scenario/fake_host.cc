#include "sim/scenario/fake_host.h"

#include <fmt/format.h>

#include "sim/scenario/transcript.h"

namespace snapsim::scenario {
namespace {

std::string Join(const std::vector<std::string>& args, std::size_t from = 0) {
  std::string out;
  for (std::size_t i = from; i < args.size(); ++i) {
    if (i > from) out += ' ';
    out += args[i];
  }
  return out;
}

}  // namespace

void FakeLog::Add(std::string line) {
  std::lock_guard<std::mutex> lock(mu_);
  lines_.push_back(std::move(line));
}
std::vector<std::string> FakeLog::lines() const {
  std::lock_guard<std::mutex> lock(mu_);
  return lines_;
}
std::vector<ClusterConfig> FakeLog::configs() const {
  std::lock_guard<std::mutex> lock(mu_);
  return configs_;
}
void FakeLog::AddConfig(const ClusterConfig& c) {
  std::lock_guard<std::mutex> lock(mu_);
  configs_.push_back(c);
}

FakeHost::FakeHost(const ClusterConfig& config, std::shared_ptr<const FakeScript> script,
                   std::shared_ptr<FakeLog> log)
    : config_(config), script_(std::move(script)), log_(std::move(log)), rng_(config.seed) {}

CommandOutput FakeHost::Kubectl(const std::vector<std::string>& args, const FileResolver& files) {
  std::string key = Join(args);
  log_->Add("kubectl " + key);
  if (auto it = script_->kubectl.find(key); it != script_->kubectl.end()) return it->second;
  if (args.empty()) return CommandOutput{"", "fake: no command\n", 1};
  const std::string& verb = args[0];
  if (verb == "echo") return CommandOutput{Join(args, 1) + "\n", "", 0};
  if (verb == "seed") return CommandOutput{fmt::format("{}\n", config_.seed), "", 0};
  if (verb == "rand") return CommandOutput{fmt::format("{}\n", rng_() % 1000000), "", 0};
  if (verb == "apply" && args.size() == 3 && args[1] == "-f") {
    auto text = files(args[2]);
    if (!text.ok()) return CommandOutput{"", fmt::format("error: {}\n", text.status().message()), 1};
    return CommandOutput{fmt::format("applied {}\n{}", args[2], *text), "", 0};
  }
  if (verb == "busy" && args.size() == 2) {
    auto d = engine::ParseDuration(args[1]);
    if (!d.ok()) return CommandOutput{"", d.status().message() + "\n", 1};
    busy_until_ = now_ + *d;
    return CommandOutput{};
  }
  if (verb == "stuck" && args.size() >= 2) {
    stuck_.push_back(Violation{args[1], Join(args, 2)});
    return CommandOutput{};
  }
  if (verb == "violate" && args.size() >= 2) {
    pending_.push_back(Violation{args[1], Join(args, 2)});
    return CommandOutput{};
  }
  return CommandOutput{"", fmt::format("fake: unscripted command: kubectl {}\n", key), 1};
}

CommandOutput FakeHost::Aliyun(const std::vector<std::string>& args) {
  std::string key = Join(args);
  log_->Add("aliyun " + key);
  if (auto it = script_->aliyun.find(key); it != script_->aliyun.end()) return it->second;
  return CommandOutput{"", fmt::format("fake: unscripted command: aliyun {}\n", key), 1};
}

void FakeHost::Sleep(engine::Nanos d) {
  log_->Add(fmt::format("sleep {}", engine::FormatDuration(d)));
  now_ += d;
}

SettleReport FakeHost::Settle(engine::Nanos limit) {
  log_->Add(fmt::format("settle {}", engine::FormatDuration(limit)));
  SettleReport report;
  if (busy_until_ <= now_) return report;
  engine::Nanos need = busy_until_ - now_;
  if (need <= limit) {
    now_ = busy_until_;
    report.elapsed = need;
    return report;
  }
  now_ += limit;
  report.at_rest = false;
  report.elapsed = limit;
  report.in_flight.push_back(
      fmt::format("fake work, {} to go", engine::FormatDuration(busy_until_ - now_)));
  return report;
}

Status FakeHost::Fault(const api::Value& rule) {
  log_->Add("fault " + FlowYaml(rule));
  if (rule.Find("invalid") != nullptr) return Status::InvalidArgument("fault: invalid rule");
  return Status::Ok();
}

Status FakeHost::Crash(std::string_view component) {
  log_->Add(fmt::format("crash {}", component));
  return Status::Ok();
}

std::vector<Violation> FakeHost::CheckInvariants() {
  std::vector<Violation> out;
  out.swap(pending_);
  return out;
}

HostFactory FakeHostFactory(FakeScript script, std::shared_ptr<FakeLog> log) {
  auto shared_script = std::make_shared<const FakeScript>(std::move(script));
  if (!log) log = std::make_shared<FakeLog>();
  return [shared_script, log](const ClusterConfig& config)
             -> Result<std::unique_ptr<ScenarioHost>> {
    if (config.region == "nowhere") return Status::InvalidArgument("unknown region nowhere");
    log->AddConfig(config);
    return std::unique_ptr<ScenarioHost>(std::make_unique<FakeHost>(config, shared_script, log));
  };
}

}  // namespace snapsim::scenario
