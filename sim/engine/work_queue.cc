#include "sim/engine/work_queue.h"

#include <algorithm>
#include <limits>
#include <utility>

namespace snapsim::engine {

WorkQueue::WorkQueue(EventLoop& loop, std::string name, BackoffPolicy policy, Handler handler)
    : loop_(loop), name_(std::move(name)), policy_(policy), handler_(std::move(handler)), lane_(loop.NewLane()) {}

WorkQueue::~WorkQueue() {
  loop_.Cancel(process_event_);
  for (auto& [key, state] : states_) loop_.Cancel(state.timer);
}

WorkQueue::Entry& WorkQueue::EntryFor(std::string_view key) {
  auto it = states_.find(key);
  if (it == states_.end()) it = states_.emplace(std::string(key), KeyState{}).first;
  return *it;
}

bool WorkQueue::Unused(const KeyState& s) {
  return !s.queued && !s.processing && !s.dirty && s.failures == 0 && s.timer == kNoEvent;
}

void WorkQueue::EraseIfUnused(StateMap::iterator it) {
  if (Unused(it->second)) states_.erase(it);
}

std::string_view WorkQueue::Label(std::string_view key) {
  label_.assign(name_);
  label_.push_back('/');
  label_.append(key);
  return label_;
}

void WorkQueue::Add(std::string_view key) {
  Entry& e = EntryFor(key);
  KeyState& s = e.second;
  if (s.queued) return;
  if (s.processing) {
    s.dirty = true;
    return;
  }
  s.queued = true;
  fifo_.push_back(&e);
  ScheduleProcessing();
}

void WorkQueue::AddAfter(std::string_view key, Nanos delay) {
  if (delay <= 0) {
    Add(key);
    return;
  }
  Nanos ready = loop_.Now() + delay;
  if (ready < loop_.Now()) ready = std::numeric_limits<Nanos>::max();  // saturate
  KeyState& s = State(key);
  if (s.timer != kNoEvent) {
    if (s.ready_at <= ready) return;
    loop_.Cancel(s.timer);
    --timers_;
  }
  s.ready_at = ready;
  s.timer = loop_.At(ready, [this, k = std::string(key)] { OnTimer(k); }, {.label = Label(key), .lane = lane_});
  ++timers_;
}

void WorkQueue::OnTimer(const std::string& key) {
  auto it = states_.find(key);
  if (it == states_.end()) return;  // cannot happen: a pending timer keeps the entry
  it->second.timer = kNoEvent;
  --timers_;
  Add(key);
}

Nanos WorkQueue::Backoff(int failures) const {
  Nanos base = std::max<Nanos>(policy_.base, 0);
  Nanos max = std::max<Nanos>(policy_.max, 0);
  if (failures <= 0) return std::min(base, max);
  if (failures >= 62 || base > (max >> failures)) return max;
  return std::min(base << failures, max);
}

void WorkQueue::AddRateLimited(std::string_view key) {
  KeyState& s = State(key);
  Nanos delay = Backoff(s.failures);
  ++s.failures;
  AddAfter(key, delay);
}

void WorkQueue::Forget(std::string_view key) {
  auto it = states_.find(key);
  if (it == states_.end()) return;
  it->second.failures = 0;
  EraseIfUnused(it);
}

int WorkQueue::NumRequeues(std::string_view key) const {
  auto it = states_.find(key);
  return it == states_.end() ? 0 : it->second.failures;
}

void WorkQueue::Reset() {
  ++epoch_;
  loop_.Cancel(process_event_);
  process_event_ = kNoEvent;
  for (auto& [key, state] : states_) loop_.Cancel(state.timer);  // order is unobservable
  states_.clear();
  fifo_.clear();
  timers_ = 0;
}

void WorkQueue::ScheduleProcessing() {
  if (busy_ || process_event_ != kNoEvent || fifo_.empty()) return;
  process_event_ =
      loop_.At(loop_.Now(), [this] { ProcessNext(); }, {.label = Label(fifo_.front()->first), .lane = lane_});
}

void WorkQueue::ProcessNext() {
  process_event_ = kNoEvent;
  if (fifo_.empty()) return;
  Entry* e = fifo_.front();
  fifo_.pop_front();
  e->second.queued = false;
  e->second.processing = true;  // keeps the entry (and `e`) until Reset
  processing_key_.assign(e->first);  // a copy: the handler may Reset, which frees `e`
  busy_ = true;
  const std::uint64_t epoch = epoch_;
  Status status = handler_(processing_key_);
  ++processed_;
  busy_ = false;
  if (epoch == epoch_) {
    KeyState& s = e->second;
    if (status.ok()) {
      s.failures = 0;  // Forget
    } else {
      AddRateLimited(processing_key_);
    }
    s.processing = false;
    if (s.dirty) {
      s.dirty = false;
      s.queued = true;
      fifo_.push_back(e);
    } else if (Unused(s)) {
      states_.erase(processing_key_);  // EraseIfUnused, by the copy of the entry's key
    }
  }
  ScheduleProcessing();
}

}  // namespace snapsim::engine
