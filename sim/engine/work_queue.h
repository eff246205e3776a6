// WorkQueue: a client-go style rate-limited work queue with one worker, on the EventLoop.
//
// Each controller owns one. Watch handlers Add() object keys ("namespace/name"); the
// queue hands each key to the handler, one at a time, in FIFO order. Semantics follow
// k8s.io/client-go/util/workqueue:
//   - a key waiting in the queue is not added twice;
//   - a key added while it is being processed is marked dirty and queued again when
//     the handler returns, so it is never processed concurrently and no update is lost;
//   - AddAfter() delays an add; several delayed adds of one key keep the earliest;
//   - AddRateLimited() delays by the key's exponential backoff, base * 2^failures capped
//     at max, then counts one more failure; Forget() resets the count.
// After the handler returns: OK -> Forget(key); an error -> AddRateLimited(key). The
// handler may call Add/AddAfter/AddRateLimited/Forget on any key, its own included.
//
// Each processing of a key is one event at the current virtual time, labelled
// "<name>/<key>", scheduled when the worker becomes free; so queues of different
// components interleave in scheduling order, and a pending key or retry timer keeps
// the loop busy (EventLoop::PendingWork). Retry timers carry the same label.
//
// Reset() models a crash of the owning component: every waiting key, dirty mark,
// backoff counter and retry timer is dropped, and the queue stays usable.
// The EventLoop must outlive the queue; the destructor cancels the queue's events.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "sim/engine/event_loop.h"
#include "sim/engine/string_map.h"
#include "sim/engine/status.h"
#include "sim/engine/time.h"

namespace snapsim::engine {

struct BackoffPolicy {
  Nanos base = kSecond;
  Nanos max = 5 * kMinute;
};

class WorkQueue {
 public:
  using Handler = std::function<Status(const std::string& key)>;

  WorkQueue(EventLoop& loop, std::string name, BackoffPolicy policy, Handler handler);
  ~WorkQueue();
  WorkQueue(const WorkQueue&) = delete;
  WorkQueue& operator=(const WorkQueue&) = delete;

  void Add(std::string_view key);
  // Adds key after `delay` (<= 0: now). An earlier pending delayed add of the key wins.
  void AddAfter(std::string_view key, Nanos delay);
  // AddAfter(key, Backoff(NumRequeues(key))), then counts one more failure.
  void AddRateLimited(std::string_view key);
  // Resets the key's failure count (a pending delayed add stays).
  void Forget(std::string_view key);

  // Failures counted for key since its last Forget.
  int NumRequeues(std::string_view key) const;
  // The delay AddRateLimited uses after `failures` failures.
  Nanos Backoff(int failures) const;
  // Keys waiting to be processed (not counting delayed adds or the key in progress).
  std::size_t Len() const { return fifo_.size(); }
  // True iff nothing is waiting, in progress, or pending on a retry timer.
  bool Idle() const { return fifo_.empty() && !busy_ && timers_ == 0; }
  // Handler invocations so far (not reset by Reset()).
  std::uint64_t Processed() const { return processed_; }
  const std::string& name() const { return name_; }

  // The owning component crashed: drops all keys, dirty marks, failure counts and
  // timers. Safe to call from inside the handler (the key in progress is then not
  // re-queued nor rate-limited when the handler returns).
  void Reset();

 private:
  struct KeyState {
    bool queued = false;      // in fifo_
    bool processing = false;  // the handler is running on it
    bool dirty = false;       // added while processing: queue again when done
    int failures = 0;
    EventId timer = kNoEvent;  // pending delayed add
    Nanos ready_at = 0;        // when `timer` fires
  };
  using StateMap = StringMap<KeyState>;
  // A key's entry in states_. Entries are nodes: their addresses survive rehashing, and
  // a queued or processing entry is never erased (EraseIfUnused), except by Reset.
  using Entry = StateMap::value_type;

  Entry& EntryFor(std::string_view key);
  KeyState& State(std::string_view key) { return EntryFor(key).second; }
  // Nothing refers to the key: not queued, processing, dirty, failed or on a timer.
  static bool Unused(const KeyState& s);
  void EraseIfUnused(StateMap::iterator it);
  void ScheduleProcessing();
  void ProcessNext();
  void OnTimer(const std::string& key);
  std::string_view Label(std::string_view key);

  EventLoop& loop_;
  std::string name_;
  BackoffPolicy policy_;
  Handler handler_;
  StateMap states_;  // looked up only; never iterated in an observable way
  std::deque<Entry*> fifo_;    // queued entries, in order
  std::string processing_key_;  // the key handed to the handler (kept across Reset)
  EventId process_event_ = kNoEvent;
  std::uint64_t lane_;  // this queue's work keeps its order; other queues' may interleave (chaos)
  bool busy_ = false;
  std::size_t timers_ = 0;
  std::uint64_t epoch_ = 0;  // bumped by Reset()
  std::uint64_t processed_ = 0;
  std::string label_;  // scratch, reused to build event labels
};

}  // namespace snapsim::engine
