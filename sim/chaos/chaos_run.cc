#include "sim/chaos/chaos_run.h"

#include <fmt/format.h>

#include <memory>

#include "sim/cluster/invariants.h"

namespace snapsim::chaos {
namespace {

using scenario::ScenarioHost;

// Forwards to the real host and remembers the last settle and the host itself, so the
// case can judge liveness and read the final state after the runner is done.
class Recorder : public ScenarioHost {
 public:
  explicit Recorder(std::shared_ptr<ScenarioHost> host, std::shared_ptr<scenario::SettleReport> last)
      : host_(std::move(host)), last_(std::move(last)) {}
  scenario::CommandOutput Kubectl(const std::vector<std::string>& args,
                                  const scenario::FileResolver& files) override {
    return host_->Kubectl(args, files);
  }
  scenario::CommandOutput Aliyun(const std::vector<std::string>& args) override { return host_->Aliyun(args); }
  void Sleep(engine::Nanos d) override { host_->Sleep(d); }
  scenario::SettleReport Settle(engine::Nanos limit) override {
    *last_ = host_->Settle(limit);
    return *last_;
  }
  Status Fault(const api::Value& rule) override { return host_->Fault(rule); }
  Status Crash(std::string_view component) override { return host_->Crash(component); }
  std::vector<scenario::Violation> CheckInvariants() override { return host_->CheckInvariants(); }
  engine::Nanos Now() const override { return host_->Now(); }
  std::string DumpState() override { return host_->DumpState(); }
  std::optional<std::string> ExplainAsKnownRace() override { return host_->ExplainAsKnownRace(); }

 private:
  std::shared_ptr<ScenarioHost> host_;
  std::shared_ptr<scenario::SettleReport> last_;
};

// The first line, cut to 160 characters: a headline, not the whole story.
std::string FirstLine(std::string_view s) {
  std::size_t nl = s.find('\n');
  std::string line(s.substr(0, nl));
  if (line.size() > 160) line = line.substr(0, 157) + "...";
  else if (nl != std::string_view::npos && nl + 1 < s.size()) line += " ...";
  return line;
}

// Drops every `fault: {clear: all}` with no inserted step since the previous one (or the
// start), except the last step of the plan: with nothing in force it only adds noise.
ChaosPlan WithoutIdleClears(const ChaosPlan& plan) {
  ChaosPlan out = plan;
  out.steps.clear();
  bool dirty = false;
  for (std::size_t i = 0; i < plan.steps.size(); ++i) {
    const PlanStep& ps = plan.steps[i];
    if (ps.origin == Origin::kInserted) dirty = true;
    if (ps.origin == Origin::kClear && !dirty && i + 1 < plan.steps.size()) continue;
    if (ps.origin == Origin::kClear) dirty = false;
    out.steps.push_back(ps);
  }
  return out;
}

void Judge(const ChaosPlan& plan, const scenario::Scenario& run, CaseOutcome& out) {
  const auto& r = out.result;
  if (r.failure) {
    const scenario::Failure& f = *r.failure;
    out.failed = true;
    std::string summary = FirstLine(f.summary);
    constexpr std::string_view kInv = "invariant ";
    std::size_t violated = summary.find(" violated: ");
    if (summary.rfind(kInv, 0) == 0 && violated != std::string::npos) {
      out.invariant = summary.substr(kInv.size(), violated - kInv.size());
      out.detail = summary.substr(violated + 11);
      out.signature = "invariant/" + out.invariant;
      return;
    }
    if (f.step == 0 || f.step > plan.steps.size()) {
      out.invariant = "error";
      out.detail = summary;
      out.signature = "error";
      return;
    }
    const PlanStep& ps = plan.steps[f.step - 1];
    std::string kind(scenario::ActionName(run.steps[f.step - 1].action));
    if (ps.origin == Origin::kOriginal) {
      out.invariant = HasExpect(ps.step) ? "expect" : "command";
      out.signature = fmt::format("{}/{}", out.invariant, ps.index);
      out.detail = fmt::format("step {} of the scenario ({}): {}", ps.index + 1, f.command, summary);
    } else {
      out.invariant = "inserted-step";
      out.signature = "step/" + kind;
      out.detail = fmt::format("{}: {}", f.command, summary);
    }
    return;
  }
}

}  // namespace

std::uint64_t Fnv1a(std::string_view text, std::uint64_t h) {
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

CaseOutcome RunPlan(const ChaosPlan& plan, const scenario::HostFactory& factory, const CaseOptions& options) {
  scenario::Scenario s = Materialize(plan);
  auto last = std::make_shared<scenario::SettleReport>();
  std::shared_ptr<ScenarioHost> kept;
  scenario::HostFactory recording = [&](const scenario::ClusterConfig& c)
      -> Result<std::unique_ptr<ScenarioHost>> {
    SNAPSIM_ASSIGN_OR_RETURN(std::unique_ptr<ScenarioHost> host, factory(c));
    kept = std::shared_ptr<ScenarioHost>(std::move(host));
    return std::unique_ptr<ScenarioHost>(std::make_unique<Recorder>(kept, last));
  };
  CaseOutcome out;
  out.result = scenario::RunScenario(s, recording);
  Judge(plan, s, out);
  // Liveness is judged on the objects, at rest or not: a controller may legitimately
  // retry for ever (a snapshot of a claim that was deleted first, a restore and a
  // deletion waiting on each other as upstream does), and what is still in flight is
  // only context for a violation.
  if (!out.failed && options.check_liveness && kept) {
    auto stuck = kept->CheckLiveness();
    if (!stuck.empty()) {
      out.failed = true;
      out.invariant = stuck.front().invariant;
      out.signature = "invariant/" + out.invariant;
      out.detail = stuck.front().detail;
      if (!last->at_rest && !last->in_flight.empty()) {
        std::string flight;
        for (const auto& l : last->in_flight) flight += (flight.empty() ? "" : ", ") + l;
        out.detail += fmt::format(" (still in flight: {})", flight);
      }
    }
  }
  out.known = out.failed && out.signature.rfind("invariant/", 0) == 0 && cluster::IsKnownDefect(out.invariant);
  if (options.dump_state && kept) out.state = kept->DumpState();
  out.digest = Fnv1a(out.result.Text(), Fnv1a(out.state));
  // Last, as it may run the cluster on: a failure that is an upstream race (known_races.h).
  if (out.failed && !out.known && kept) {
    if (auto why = kept->ExplainAsKnownRace()) {
      out.known = true;
      out.detail += " - " + *why;
    }
  }
  return out;
}

ShrinkResult Shrink(const ChaosPlan& plan, const CaseOutcome& failing, const scenario::HostFactory& factory,
                    const CaseOptions& options, int max_runs) {
  ShrinkResult best{plan, failing, 0};
  // First the interleaving: a failure that does not need it reproduces in the normal order.
  if (best.plan.base.cluster.schedule_seed && max_runs > 0) {
    ChaosPlan candidate = best.plan;
    candidate.base.cluster.schedule_seed.reset();
    ++best.runs;
    CaseOutcome o = RunPlan(candidate, factory, options);
    if (o.failed && o.signature == failing.signature) {
      best.plan = std::move(candidate);
      best.outcome = std::move(o);
    }
  }
  // Removable steps of one origin: inserted steps first, then original ones. Clears stay
  // (they lift faults before expectations and end the plan).
  // An expectation or command failure is judged on what the earlier steps built, so only
  // inserted steps may go; an invariant or liveness failure may lose the scenario's too.
  bool originals = failing.signature.rfind("invariant/", 0) == 0;
  for (Origin pass : {Origin::kInserted, Origin::kOriginal}) {
    if (pass == Origin::kOriginal && !originals) break;
    auto positions = [&] {
      std::vector<std::size_t> pos;
      for (std::size_t i = 0; i < best.plan.steps.size(); ++i) {
        if (best.plan.steps[i].origin == pass) pos.push_back(i);
      }
      return pos;
    };
    std::size_t chunk = std::max<std::size_t>(positions().size() / 2, 1);
    while (chunk >= 1) {
      bool removed_any = false;
      for (std::size_t start = 0;; ) {
        std::vector<std::size_t> pos = positions();
        if (start >= pos.size()) break;
        if (best.runs >= max_runs) return best;
        std::size_t end = std::min(pos.size(), start + chunk);
        ChaosPlan candidate = best.plan;
        candidate.steps.clear();
        std::size_t k = start;
        for (std::size_t i = 0; i < best.plan.steps.size(); ++i) {
          if (k < end && pos[k] == i) {
            ++k;
            continue;
          }
          candidate.steps.push_back(best.plan.steps[i]);
        }
        ++best.runs;
        CaseOutcome o = RunPlan(candidate, factory, options);
        if (o.failed && o.signature == failing.signature) {
          best.plan = std::move(candidate);
          best.outcome = std::move(o);
          removed_any = true;  // the same start now names the next chunk
        } else {
          start = end;
        }
      }
      if (chunk == 1) break;
      chunk = removed_any ? chunk : chunk / 2;
      if (!removed_any && chunk == 0) break;
    }
  }
  ChaosPlan tidy = WithoutIdleClears(best.plan);
  if (tidy.steps.size() < best.plan.steps.size() && best.runs < max_runs) {
    ++best.runs;
    CaseOutcome o = RunPlan(tidy, factory, options);
    if (o.failed && o.signature == failing.signature) {
      best.plan = std::move(tidy);
      best.outcome = std::move(o);
    }
  }
  return best;
}

}  // namespace snapsim::chaos
