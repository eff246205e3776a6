#include "sim/engine/event_loop.h"

#include <algorithm>
#include <limits>
#include <utility>

namespace snapsim::engine {
namespace {

// a + b for b >= 0, saturating at the largest representable time.
Nanos SaturatingAdd(Nanos a, Nanos b) {
  if (b > 0 && a > std::numeric_limits<Nanos>::max() - b) return std::numeric_limits<Nanos>::max();
  return a + b;
}

}  // namespace

EventId EventLoop::At(Nanos when, std::function<void()> fn, EventOptions options) {
  return Schedule(when, 0, std::move(fn), options);
}

EventId EventLoop::After(Nanos delay, std::function<void()> fn, EventOptions options) {
  return Schedule(SaturatingAdd(now_, std::max<Nanos>(delay, 0)), 0, std::move(fn), options);
}

EventId EventLoop::Every(Nanos period, std::function<void()> fn, EventOptions options) {
  period = std::max<Nanos>(period, 1);
  return Schedule(SaturatingAdd(now_, period), period, std::move(fn), options);
}

EventId EventLoop::Schedule(Nanos when, Nanos period, std::function<void()> fn,
                            const EventOptions& options) {
  std::uint32_t index;
  if (!free_slots_.empty()) {
    index = free_slots_.back();
    free_slots_.pop_back();
  } else {
    index = static_cast<std::uint32_t>(slots_.size());
    slots_.emplace_back();
    slots_.back().generation = 1;  // so that no id is 0
    heap_pos_.push_back(0);
  }
  Slot& slot = slots_[index];
  slot.fn = std::move(fn);
  slot.label.assign(options.label);  // reuses the slot's capacity
  slot.period = period;
  slot.state = SlotState::kQueued;
  slot.background = options.background;
  slot.lane = options.lane;
  if (!slot.background) ++pending_work_;
  HeapPush(Entry{std::max(when, now_), next_seq_++, options.priority, index});
  return MakeId(index, slot.generation);
}

void EventLoop::FreeSlot(std::uint32_t index) {
  // Destroy the callback only after the slot is consistent again: its captures'
  // destructors may call back into the loop.
  std::function<void()> doomed = std::move(slots_[index].fn);
  Slot& slot = slots_[index];
  slot.fn = nullptr;
  slot.label.clear();
  slot.state = SlotState::kFree;
  if (++slot.generation == 0) slot.generation = 1;
  free_slots_.push_back(index);
}

bool EventLoop::Cancel(EventId id) {
  auto index = static_cast<std::uint32_t>(id & 0xffffffffu);
  auto generation = static_cast<std::uint32_t>(id >> 32);
  if (id == kNoEvent || index >= slots_.size()) return false;
  Slot& slot = slots_[index];
  if (slot.generation != generation) return false;
  switch (slot.state) {
    case SlotState::kQueued:
      HeapRemoveAt(heap_pos_[index]);
      if (!slot.background) --pending_work_;
      FreeSlot(index);
      return true;
    case SlotState::kRunning:  // only periodic timers run while holding their slot
      slot.state = SlotState::kCancelledWhileRunning;
      return true;
    case SlotState::kFree:
    case SlotState::kCancelledWhileRunning:
      return false;
  }
  return false;
}

bool EventLoop::Step() {
  if (heap_.empty()) return false;
  Run(PopNext());
  return true;
}

void EventLoop::RunUntil(Nanos t) {
  while (!heap_.empty() && heap_[0].time <= t) Run(PopNext());
  if (t > now_) now_ = t;
}

SettleResult EventLoop::Settle(Nanos limit) {
  const Nanos start = now_;
  const Nanos deadline = SaturatingAdd(start, std::max<Nanos>(limit, 0));
  const std::uint64_t run_before = events_run_;
  SettleResult result;
  while (true) {
    if (pending_work_ == 0) {
      result.at_rest = true;
      break;
    }
    if (heap_[0].time > deadline) {  // pending work implies a non-empty heap
      now_ = deadline;
      break;
    }
    Run(PopNext());
  }
  result.elapsed = now_ - start;
  result.events_run = events_run_ - run_before;
  return result;
}

std::optional<Nanos> EventLoop::NextEventTime() const {
  if (heap_.empty()) return std::nullopt;
  return heap_[0].time;
}

std::vector<std::string> EventLoop::PendingLabels() const {
  std::vector<Entry> work;
  work.reserve(pending_work_);
  for (const Entry& e : heap_) {
    if (!slots_[e.slot].background) work.push_back(e);
  }
  std::sort(work.begin(), work.end(), Before);
  std::vector<std::string> labels;
  labels.reserve(work.size());
  for (const Entry& e : work) labels.push_back(slots_[e.slot].label);
  return labels;
}

EventLoop::Entry EventLoop::PopNext() {
  if (!tie_breaker_ || heap_.size() < 2) return HeapPopTop();
  // Collect the heap positions of every entry due at the earliest time: they form a
  // connected subtree at the root, so a walk that stops at later entries finds them.
  const Nanos t = heap_[0].time;
  ties_.clear();
  ties_.push_back(0);
  for (std::size_t i = 0; i < ties_.size(); ++i) {
    std::size_t first_child = 2 * static_cast<std::size_t>(ties_[i]) + 1;
    for (std::size_t c = first_child; c < first_child + 2 && c < heap_.size(); ++c) {
      if (heap_[c].time == t) ties_.push_back(static_cast<std::uint32_t>(c));
    }
  }
  if (ties_.size() == 1) return HeapPopTop();
  // In normal order, keep only each lane's first event: the candidates.
  std::sort(ties_.begin(), ties_.end(), [this](std::uint32_t a, std::uint32_t b) { return Before(heap_[a], heap_[b]); });
  std::size_t candidates = 0;
  for (std::size_t i = 0; i < ties_.size(); ++i) {
    const std::uint64_t lane = slots_[heap_[ties_[i]].slot].lane;
    bool first_of_lane = true;
    for (std::size_t j = 0; j < candidates && first_of_lane; ++j) {
      first_of_lane = slots_[heap_[ties_[j]].slot].lane != lane;
    }
    if (first_of_lane) ties_[candidates++] = ties_[i];
  }
  if (candidates == 1) return HeapPopTop();
  std::uint32_t pos = ties_[tie_breaker_(candidates) % candidates];
  Entry chosen = heap_[pos];
  HeapRemoveAt(pos);
  return chosen;
}

void EventLoop::Run(const Entry& e) {
  Slot& slot = slots_[e.slot];
  now_ = e.time;
  ++events_run_;
  if (!slot.background) --pending_work_;
  // The callback is moved out before it runs: it may schedule events, which can grow
  // (and move) the slot table.
  std::function<void()> fn = std::move(slot.fn);
  slot.fn = nullptr;
  if (slot.period == 0) {
    FreeSlot(e.slot);  // a running one-shot event can no longer be cancelled
    if (fn) fn();
    return;
  }
  slot.state = SlotState::kRunning;
  if (fn) fn();
  Slot& after = slots_[e.slot];
  if (after.state == SlotState::kCancelledWhileRunning) {
    FreeSlot(e.slot);
    return;
  }
  after.fn = std::move(fn);
  after.state = SlotState::kQueued;
  if (!after.background) ++pending_work_;
  HeapPush(Entry{SaturatingAdd(e.time, after.period), next_seq_++, e.priority, e.slot});
}

// ---- binary min-heap on Before(), keeping heap_pos_ current ----

void EventLoop::HeapPush(const Entry& e) {
  heap_.push_back(e);
  SiftUp(static_cast<std::uint32_t>(heap_.size() - 1));
}

EventLoop::Entry EventLoop::HeapPopTop() {
  Entry top = heap_[0];
  HeapRemoveAt(0);
  return top;
}

void EventLoop::HeapRemoveAt(std::uint32_t pos) {
  Entry last = heap_.back();
  heap_.pop_back();
  if (pos == heap_.size()) return;
  Place(pos, last);
  SiftUp(pos);
  SiftDown(pos);
}

void EventLoop::SiftUp(std::uint32_t pos) {
  Entry e = heap_[pos];
  while (pos > 0) {
    std::uint32_t parent = (pos - 1) / 2;
    if (!Before(e, heap_[parent])) break;
    Place(pos, heap_[parent]);
    pos = parent;
  }
  Place(pos, e);
}

void EventLoop::SiftDown(std::uint32_t pos) {
  const auto n = static_cast<std::uint32_t>(heap_.size());
  Entry e = heap_[pos];
  while (true) {
    std::uint32_t child = 2 * pos + 1;
    if (child >= n) break;
    if (child + 1 < n && Before(heap_[child + 1], heap_[child])) ++child;
    if (!Before(heap_[child], e)) break;
    Place(pos, heap_[child]);
    pos = child;
  }
  Place(pos, e);
}

}  // namespace snapsim::engine
