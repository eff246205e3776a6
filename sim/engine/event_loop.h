// EventLoop: the virtual clock and event queue of one simulation.
//
// Every unit of work in a simulation is an event: a callback due at a virtual time.
// Events run one at a time, in order of (time, priority, scheduling sequence number);
// running an event advances Now() to its time. Nothing ever runs concurrently and the
// clock never moves backwards, so a simulation is a deterministic function of its
// inputs and seed. Callbacks may schedule and cancel events freely, including
// cancelling themselves (a periodic timer) or events due at the same instant.
//
// "Background" events are periodic resyncs and similar housekeeping: they run like any
// other event but do not make the cluster busy, so Settle() can tell "at rest" (only
// background timers remain) from "still working".
//
// Chaos: SetTieBreaker() lets a seeded scheduler choose which of several events due at
// the same earliest instant runs next, so one seed explores one interleaving. Only
// causally independent work may be reordered: every event belongs to a lane, and events
// of one lane always run in their normal order. Lane 0 (the default) is one lane, so
// code that does not opt in keeps today's order; a watch stream, a work queue or an RPC
// reply takes a lane of its own (NewLane()) and may then run before or after the work
// of other lanes due at the same instant.
//
// Costs: schedule, cancel and pop are O(log n); a cancelled event's callback is
// destroyed at once and its slot reused. Single-threaded; not copyable or movable
// (callbacks hold references to it).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/engine/time.h"

namespace snapsim::engine {

// Identifies a scheduled event (or a periodic timer, for its whole life). Never reused
// in practice (a 32-bit generation per slot); 0 is never a valid id.
using EventId = std::uint64_t;
inline constexpr EventId kNoEvent = 0;

struct EventOptions {
  int priority = 0;         // lower runs first among events due at the same time
  bool background = false;  // periodic housekeeping: does not keep the loop busy
  std::string_view label;   // copied; shown by PendingLabels() ("still in flight")
  std::uint64_t lane = 0;   // events of one lane keep their order under a tie-breaker
};

struct SettleResult {
  bool at_rest = false;  // true iff no non-background event remained pending
  Nanos elapsed = 0;     // virtual time that passed
  std::uint64_t events_run = 0;
};

class EventLoop {
 public:
  explicit EventLoop(Nanos start = 0) : now_(start) {}
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  Nanos Now() const { return now_; }

  // Schedules fn at `when` (a time in the past means now). Returns its id.
  EventId At(Nanos when, std::function<void()> fn, EventOptions options = {});
  // Schedules fn `delay` after now (negative means now; saturates at the far future).
  EventId After(Nanos delay, std::function<void()> fn, EventOptions options = {});
  // A periodic timer: fn runs at now+period, now+2*period, ... until cancelled with
  // Cancel(id). Each firing is ordered like a newly scheduled event. Typically
  // background. REQUIRES: period > 0 (smaller values are treated as 1ns).
  EventId Every(Nanos period, std::function<void()> fn, EventOptions options = {});
  // Cancels a pending event or a periodic timer (also from inside its own callback).
  // Returns true iff something was cancelled; false for unknown, already-run, running
  // one-shot or already-cancelled events.
  bool Cancel(EventId id);

  // Runs the next event, advancing Now() to its time. Returns false iff none is queued.
  bool Step();
  // Runs every event due at or before t, including those scheduled meanwhile, then
  // sets Now() to t (if t is in the past, only due events run and the clock stays).
  void RunUntil(Nanos t);
  // Runs events until no non-background event is pending ("at rest"), or until the
  // next event would be later than start+limit; in that case Now() becomes
  // start+limit. Background events due meanwhile run too. A negative limit is 0.
  SettleResult Settle(Nanos limit);

  // Non-background events queued (a periodic non-background timer counts as one).
  std::size_t PendingWork() const { return pending_work_; }
  // All events queued, background ones included.
  std::size_t PendingEvents() const { return heap_.size(); }
  // The time of the next event, if any.
  std::optional<Nanos> NextEventTime() const;
  // Labels of the pending non-background events, in the order they would run.
  std::vector<std::string> PendingLabels() const;
  // Events run so far (each firing of a periodic timer counts).
  std::uint64_t EventsRun() const { return events_run_; }

  // A lane id no other caller of this loop has (never 0).
  std::uint64_t NewLane() { return ++last_lane_; }

  // When set, and events of n >= 2 lanes are due at the earliest pending instant,
  // Step() calls pick(n) to choose which lane's first event (0 = the lane whose first
  // event comes first in normal order) runs next; out of range answers are taken
  // modulo n. Pass nullptr to restore the normal order.
  void SetTieBreaker(std::function<std::size_t(std::size_t n)> pick) {
    tie_breaker_ = std::move(pick);
  }

 private:
  enum class SlotState : std::uint8_t { kFree, kQueued, kRunning, kCancelledWhileRunning };

  struct Slot {
    std::function<void()> fn;
    std::string label;
    Nanos period = 0;  // > 0 for periodic timers
    std::uint32_t generation = 0;
    SlotState state = SlotState::kFree;
    bool background = false;
    std::uint64_t lane = 0;
  };

  // Heap entries carry their ordering key inline, so comparisons touch no slot.
  struct Entry {
    Nanos time;
    std::uint64_t seq;
    int priority;
    std::uint32_t slot;
  };
  static_assert(sizeof(Entry) == 24);
  static bool Before(const Entry& a, const Entry& b) {
    if (a.time != b.time) return a.time < b.time;
    if (a.priority != b.priority) return a.priority < b.priority;
    return a.seq < b.seq;
  }

  EventId Schedule(Nanos when, Nanos period, std::function<void()> fn, const EventOptions& options);
  static EventId MakeId(std::uint32_t slot, std::uint32_t generation) {
    return (static_cast<EventId>(generation) << 32) | slot;
  }
  void FreeSlot(std::uint32_t slot);

  void HeapPush(const Entry& e);
  Entry HeapPopTop();
  void HeapRemoveAt(std::uint32_t pos);
  void SiftUp(std::uint32_t pos);
  void SiftDown(std::uint32_t pos);
  void Place(std::uint32_t pos, const Entry& e) {
    heap_[pos] = e;
    heap_pos_[e.slot] = pos;
  }

  // Removes and returns the entry that runs next (consulting the tie-breaker).
  Entry PopNext();
  void Run(const Entry& e);

  Nanos now_;
  std::uint64_t next_seq_ = 0;
  std::uint64_t events_run_ = 0;
  std::size_t pending_work_ = 0;
  std::vector<Slot> slots_;
  // Each queued slot's position in heap_: a dense array beside slots_, so that the
  // sifts, which move an entry a level at a time, touch 4 bytes a move, not a slot.
  std::vector<std::uint32_t> heap_pos_;
  std::vector<std::uint32_t> free_slots_;
  std::vector<Entry> heap_;
  std::vector<std::uint32_t> ties_;  // scratch for PopNext: heap positions of tied entries
  std::uint64_t last_lane_ = 0;
  std::function<std::size_t(std::size_t)> tie_breaker_;
};

}  // namespace snapsim::engine
