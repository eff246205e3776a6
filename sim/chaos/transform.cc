#include "sim/chaos/transform.h"

#include <fmt/format.h>

#include "sim/chaos/relax_timing.h"
#include "sim/engine/rng.h"

namespace snapsim::chaos {
namespace {

using scenario::Step;

// Scenario steps whose settle is cut short on purpose: the next step sees work in flight.
bool ShortSettle(const Step& s) { return !s.settle || s.settle_limit < scenario::kDefaultSettleLimit; }

bool IsFault(const Step& s) { return std::holds_alternative<scenario::FaultStep>(s.action); }

bool IsClear(const Step& s) {
  const auto* f = std::get_if<scenario::FaultStep>(&s.action);
  if (f == nullptr) return false;
  const api::Value* clear = f->rule.Find("clear");
  return clear != nullptr;
}

Step ClearStep() {
  api::Value::Object o;
  o.emplace("clear", api::Value("all"));
  Step s;
  s.action = scenario::FaultStep{api::Value(std::move(o))};
  return s;
}

void SetSettle(Step& s, engine::Nanos d) {
  if (d == 0) {  // settle: false
    s.settle = false;
    return;
  }
  s.settle = true;
  s.settle_limit = d;
  s.settle_text = engine::FormatDuration(d);
}

// A short settle: none at all (a quarter of the time) or 1..10 virtual seconds.
engine::Nanos ShortDuration(engine::Rng& rng) {
  if (rng.OneIn(4)) return 0;
  return rng.Range(1, 10) * engine::kSecond;
}

}  // namespace

bool HasExpect(const Step& step) {
  const auto& e = step.expect;
  return e.stdout_exact || e.stderr_exact || e.stdout_contains || e.stderr_contains || e.stdout_matches ||
         e.stderr_matches || e.exit_code;
}

std::vector<std::string> RunningComponents(const scenario::ClusterConfig& c) {
  if (c.components) return *c.components;
  return std::vector<std::string>(scenario::kCrashableComponents.begin(), scenario::kCrashableComponents.end());
}

std::size_t ChaosPlan::InsertedCount() const {
  std::size_t n = 0;
  for (const auto& s : steps) n += s.origin == Origin::kInserted;
  return n;
}
std::size_t ChaosPlan::OriginalCount() const {
  std::size_t n = 0;
  for (const auto& s : steps) n += s.origin == Origin::kOriginal;
  return n;
}

ChaosPlan Transform(const scenario::Scenario& s, std::uint64_t seed, const ChaosOptions& options) {
  ChaosPlan plan;
  plan.base = s;
  plan.base.steps.clear();
  plan.base.cluster.seed = seed;
  plan.seed = seed;
  const std::size_t n = s.steps.size();

  // Where faults are lifted (clear_before) and where nothing may be inserted (quiet).
  std::vector<bool> clear_before(n, false), quiet(n + 1, false);
  {
    bool own_faults = false;
    for (std::size_t i = 0; i < n; ++i) {
      if (own_faults) quiet[i] = true;
      const Step& st = s.steps[i];
      // A step whose output is judged or saved for later judging sees a fault-free cluster.
      bool observes = HasExpect(st) || !st.save.empty() || !st.save_stdout.empty();
      if (observes && !own_faults) {
        std::size_t j = i;
        while (j > 0 && ShortSettle(s.steps[j - 1])) --j;
        clear_before[j] = true;
        for (std::size_t k = j + 1; k <= i; ++k) quiet[k] = true;
      }
      if (IsFault(st)) {
        clear_before[i] = clear_before[i] || !own_faults;
        own_faults = !IsClear(st);
      }
      if (i + 1 < n && ShortSettle(st)) quiet[i + 1] = true;  // keep the scenario's timing
    }
    quiet[n] = own_faults;
  }

  engine::Rng rng(seed);
  const std::vector<std::string> components = RunningComponents(s.cluster);
  std::vector<FaultKind> step_kinds;  // the kinds that are steps; kSchedule is a cluster setting
  for (FaultKind k : options.kinds) {
    if (k == FaultKind::kSchedule) {
      plan.base.cluster.schedule_seed = seed;
    } else {
      step_kinds.push_back(k);
    }
  }
  int next_id = 0;
  bool dirty = false;  // inserted faults may be in force
  auto insert_group = [&](std::optional<std::size_t> prev) {
    if (step_kinds.empty() || options.max_per_step <= 0) return;
    auto count = static_cast<int>(rng.Uniform(static_cast<std::uint64_t>(options.max_per_step) + 1));
    if (count == 0) return;
    // Land the group while the previous step's work is in flight (three times in four).
    if (prev && rng.Chance(0.75)) {
      PlanStep& p = plan.steps[*prev];
      if (p.step.settle && p.step.settle_limit >= scenario::kDefaultSettleLimit) p.short_settle = ShortDuration(rng);
    }
    for (int c = 0; c < count; ++c) {
      FaultKind kind = step_kinds[rng.Uniform(step_kinds.size())];
      PlanStep ps;
      ps.step.action = DrawFault(rng, kind, components);
      ps.origin = Origin::kInserted;
      ps.index = next_id++;
      ps.short_settle = ShortDuration(rng);
      plan.steps.push_back(std::move(ps));
      dirty = true;
    }
  };
  auto clear = [&] {
    if (!dirty) return;
    PlanStep ps;
    ps.step = ClearStep();
    ps.origin = Origin::kClear;
    ps.index = next_id++;
    plan.steps.push_back(std::move(ps));
    dirty = false;
  };

  std::optional<std::size_t> prev;  // plan index of the previous original step
  for (std::size_t i = 0; i < n; ++i) {
    if (!quiet[i]) insert_group(prev);
    if (clear_before[i]) clear();
    PlanStep ps;
    ps.step = s.steps[i];
    if (options.relax_timing) RelaxTiming(ps.step.expect);
    ps.origin = Origin::kOriginal;
    ps.index = static_cast<int>(i);
    plan.steps.push_back(std::move(ps));
    prev = plan.steps.size() - 1;
  }
  if (!quiet[n]) insert_group(prev);
  dirty = true;  // always end with a clear: the liveness check settles after it
  clear();
  return plan;
}

scenario::Scenario Materialize(const ChaosPlan& plan) {
  scenario::Scenario s = plan.base;
  s.steps.reserve(plan.steps.size());
  for (std::size_t i = 0; i < plan.steps.size(); ++i) {
    const PlanStep& ps = plan.steps[i];
    Step step = ps.step;
    bool next_inserted = i + 1 < plan.steps.size() && plan.steps[i + 1].origin == Origin::kInserted;
    if (next_inserted && ps.short_settle) SetSettle(step, *ps.short_settle);
    s.steps.push_back(std::move(step));
  }
  return s;
}

}  // namespace snapsim::chaos
