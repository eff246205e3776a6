#include "sim/engine/work_queue.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sim/engine/rng.h"

namespace snapsim::engine {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// A queue whose handler records "<key>@<time>" and answers from a script.
class Harness {
 public:
  explicit Harness(std::string name = "ctrl", BackoffPolicy policy = {})
      : queue(loop, std::move(name), policy, [this](const std::string& key) {
          log.push_back(key);
          times.push_back(loop.Now());
          if (hook) return hook(key);
          return Status();
        }) {}

  EventLoop loop;
  WorkQueue queue;
  std::vector<std::string> log;
  std::vector<Nanos> times;
  std::function<Status(const std::string&)> hook;
};

Status Boom() { return Status::Internal("boom"); }

TEST(WorkQueueTest, DeduplicatesWaitingKeysAndKeepsFifoOrder) {
  Harness h;
  h.queue.Add("default/c");
  h.queue.Add("default/a");
  h.queue.Add("default/c");
  h.queue.Add("default/b");
  h.queue.Add("default/a");
  EXPECT_EQ(h.queue.Len(), 3u);
  EXPECT_FALSE(h.queue.Idle());
  SettleResult r = h.loop.Settle(kHour);
  EXPECT_TRUE(r.at_rest);
  EXPECT_THAT(h.log, ElementsAre("default/c", "default/a", "default/b"));
  EXPECT_THAT(h.times, ElementsAre(0, 0, 0));
  EXPECT_EQ(h.queue.Processed(), 3u);
  EXPECT_EQ(h.queue.Len(), 0u);
  EXPECT_TRUE(h.queue.Idle());
}

TEST(WorkQueueTest, KeyAddedWhileProcessingRunsOnceMoreAfterwards) {
  Harness h;
  int a_runs = 0;
  h.hook = [&](const std::string& key) {
    if (key == "a" && ++a_runs == 1) {
      EXPECT_EQ(h.queue.Len(), 0u);
      h.queue.Add("a");  // dirty
      h.queue.Add("b");
      h.queue.Add("a");              // still just dirty
      EXPECT_EQ(h.queue.Len(), 1u);  // only b waits; a is in progress
      EXPECT_FALSE(h.queue.Idle());
    }
    return Status();
  };
  h.queue.Add("a");
  h.loop.Settle(kHour);
  EXPECT_THAT(h.log, ElementsAre("a", "b", "a"));
  EXPECT_TRUE(h.queue.Idle());
}

TEST(WorkQueueTest, FailuresBackOffExponentiallyUpToTheCap) {
  Harness h;
  h.hook = [](const std::string&) { return Boom(); };
  h.queue.Add("default/snap");
  h.loop.RunUntil(40 * kMinute);
  std::vector<Nanos> gaps;
  for (std::size_t i = 1; i < h.times.size() && i <= 12; ++i) {
    gaps.push_back(h.times[i] - h.times[i - 1]);
  }
  EXPECT_THAT(gaps, ElementsAre(kSecond, 2 * kSecond, 4 * kSecond, 8 * kSecond, 16 * kSecond,
                                32 * kSecond, 64 * kSecond, 128 * kSecond, 256 * kSecond,
                                300 * kSecond, 300 * kSecond, 300 * kSecond));
  EXPECT_EQ(h.queue.NumRequeues("default/snap"), static_cast<int>(h.times.size()));
  // A pending retry keeps the loop busy, with the queue's label.
  EXPECT_THAT(h.loop.PendingLabels(), ElementsAre("ctrl/default/snap"));
  EXPECT_FALSE(h.queue.Idle());
  EXPECT_EQ(h.queue.Len(), 0u);
}

TEST(WorkQueueTest, BackoffFormula) {
  Harness h;
  EXPECT_EQ(h.queue.Backoff(0), kSecond);
  EXPECT_EQ(h.queue.Backoff(1), 2 * kSecond);
  EXPECT_EQ(h.queue.Backoff(8), 256 * kSecond);
  EXPECT_EQ(h.queue.Backoff(9), 300 * kSecond);
  EXPECT_EQ(h.queue.Backoff(62), 300 * kSecond);
  EXPECT_EQ(h.queue.Backoff(1000), 300 * kSecond);
  EXPECT_EQ(h.queue.Backoff(-1), kSecond);
  Harness fast("fast", {.base = 5 * kMillisecond, .max = 1000 * kSecond});
  EXPECT_EQ(fast.queue.Backoff(0), 5 * kMillisecond);
  EXPECT_EQ(fast.queue.Backoff(10), 5120 * kMillisecond);
  EXPECT_EQ(fast.queue.Backoff(18), 1000 * kSecond);
  Harness zero("zero", {.base = 0, .max = kSecond});
  EXPECT_EQ(zero.queue.Backoff(5), 0);
}

TEST(WorkQueueTest, SuccessForgetsTheFailureCount) {
  Harness h;
  int runs = 0;
  h.hook = [&](const std::string&) { return ++runs <= 3 ? Boom() : Status(); };
  h.queue.Add("k");
  h.loop.Settle(kHour);
  EXPECT_EQ(runs, 4);
  EXPECT_THAT(h.times, ElementsAre(0, kSecond, 3 * kSecond, 7 * kSecond));
  EXPECT_EQ(h.queue.NumRequeues("k"), 0);
  EXPECT_TRUE(h.queue.Idle());
  // The next failure starts again at the base delay.
  runs = 0;
  h.times.clear();
  h.queue.Add("k");
  h.loop.Settle(kHour);
  EXPECT_THAT(h.times, ElementsAre(7 * kSecond, 8 * kSecond, 10 * kSecond, 14 * kSecond));
}

TEST(WorkQueueTest, ExplicitRateLimitingAndForget) {
  Harness h;
  h.queue.AddRateLimited("k");
  h.queue.AddRateLimited("k");  // 2s later than now: the pending 1s add wins
  EXPECT_EQ(h.queue.NumRequeues("k"), 2);
  EXPECT_EQ(h.queue.Len(), 0u);
  h.queue.Forget("k");
  EXPECT_EQ(h.queue.NumRequeues("k"), 0);
  h.queue.Forget("unknown");
  EXPECT_EQ(h.queue.NumRequeues("unknown"), 0);
  h.loop.Settle(kHour);
  EXPECT_THAT(h.times, ElementsAre(kSecond));
}

TEST(WorkQueueTest, HandlerMayRequeueItselfWhileNotReady) {
  Harness h;
  int polls = 0;
  h.hook = [&](const std::string& key) {
    if (++polls < 4) h.queue.AddAfter(key, 15 * kSecond);  // "not ready yet"
    return Status();
  };
  h.queue.Add("default/vs");
  SettleResult r = h.loop.Settle(kHour);
  EXPECT_TRUE(r.at_rest);
  EXPECT_THAT(h.times, ElementsAre(0, 15 * kSecond, 30 * kSecond, 45 * kSecond));
  EXPECT_EQ(h.queue.NumRequeues("default/vs"), 0);
}

TEST(WorkQueueTest, AddAfterKeepsTheEarliestAndZeroMeansNow) {
  Harness h;
  h.queue.AddAfter("a", 10 * kSecond);
  h.queue.AddAfter("a", 5 * kSecond);   // earlier: replaces
  h.queue.AddAfter("a", 20 * kSecond);  // later: ignored
  EXPECT_EQ(h.loop.PendingWork(), 1u);
  h.queue.AddAfter("b", 0);
  h.queue.AddAfter("c", -kSecond);
  EXPECT_EQ(h.queue.Len(), 2u);
  h.loop.Settle(kHour);
  EXPECT_THAT(h.log, ElementsAre("b", "c", "a"));
  EXPECT_THAT(h.times, ElementsAre(0, 0, 5 * kSecond));
}

TEST(WorkQueueTest, DelayedAddOfAWaitingKeyIsDeduplicated) {
  Harness h;
  h.queue.AddAfter("a", kSecond);
  h.loop.At(kSecond, [&] { h.queue.Add("a"); });  // queued before the timer fires
  h.loop.Settle(kHour);
  EXPECT_THAT(h.times, ElementsAre(kSecond));
}

TEST(WorkQueueTest, ProcessingIsAnEventAtTheCurrentTime) {
  Harness h;
  std::vector<std::string> order;
  h.hook = [&](const std::string& key) {
    order.push_back("queue:" + key);
    return Status();
  };
  h.loop.At(0, [&] { order.push_back("other-1"); });
  h.queue.Add("a");
  h.queue.Add("b");
  h.loop.At(0, [&] { order.push_back("other-2"); });
  EXPECT_THAT(h.loop.PendingLabels(), ElementsAre("", "ctrl/a", ""));
  h.loop.Settle(kHour);
  // b is scheduled only when the worker is free again, after other-2.
  EXPECT_THAT(order, ElementsAre("other-1", "queue:a", "other-2", "queue:b"));
  EXPECT_EQ(h.loop.Now(), 0);
}

TEST(WorkQueueTest, ResetDropsKeysCountersAndTimers) {
  Harness h;
  h.hook = [](const std::string& key) { return key == "bad" ? Boom() : Status(); };
  h.queue.Add("bad");
  h.loop.Step();  // fails: a retry timer is pending
  h.queue.Add("x");
  h.queue.Add("y");
  h.queue.AddAfter("z", kMinute);
  EXPECT_EQ(h.queue.NumRequeues("bad"), 1);
  EXPECT_EQ(h.loop.PendingWork(), 3u);  // the worker event for x, two timers
  h.queue.Reset();
  EXPECT_EQ(h.loop.PendingWork(), 0u);
  EXPECT_EQ(h.loop.PendingEvents(), 0u);
  EXPECT_EQ(h.queue.NumRequeues("bad"), 0);
  EXPECT_EQ(h.queue.Len(), 0u);
  EXPECT_TRUE(h.queue.Idle());
  SettleResult r = h.loop.Settle(kHour);
  EXPECT_TRUE(r.at_rest);
  EXPECT_EQ(r.events_run, 0u);
  // Still usable.
  h.queue.Add("x");
  h.loop.Settle(kHour);
  EXPECT_THAT(h.log, ElementsAre("bad", "x"));
  EXPECT_EQ(h.queue.Processed(), 2u);
}

TEST(WorkQueueTest, ResetFromInsideTheHandler) {
  Harness h;
  h.hook = [&](const std::string& key) {
    if (key == "crash") {
      h.queue.Add("crash");  // would be dirty, but the crash forgets it
      h.queue.Reset();
      h.queue.Add("after");  // added after the crash: kept
      return Boom();         // not rate-limited: the queue was reset
    }
    return Status();
  };
  h.queue.Add("crash");
  h.queue.Add("lost");
  SettleResult r = h.loop.Settle(kHour);
  EXPECT_TRUE(r.at_rest);
  EXPECT_THAT(h.log, ElementsAre("crash", "after"));
  EXPECT_EQ(h.queue.NumRequeues("crash"), 0);
  EXPECT_TRUE(h.queue.Idle());
}

TEST(WorkQueueTest, DestructorCancelsItsEvents) {
  EventLoop loop;
  {
    WorkQueue q(loop, "q", {}, [](const std::string&) { return Status(); });
    q.Add("a");
    q.AddAfter("b", kSecond);
    q.AddRateLimited("c");
    EXPECT_EQ(loop.PendingEvents(), 3u);
  }
  EXPECT_EQ(loop.PendingEvents(), 0u);
  EXPECT_TRUE(loop.Settle(kHour).at_rest);
}

// Two controllers on one loop: their work interleaves by scheduling order, and a
// seeded tie-breaker gives one reproducible interleaving per seed.
std::vector<std::string> RunTwoQueues(std::uint64_t seed, bool chaos) {
  EventLoop loop;
  Rng rng(seed);
  std::vector<std::string> trace;
  std::unique_ptr<WorkQueue> a, b;
  a = std::make_unique<WorkQueue>(loop, "a", BackoffPolicy{}, [&](const std::string& key) {
    trace.push_back("a/" + key + "@" + FormatDuration(loop.Now()));
    if (key == "x") b->Add("from-a");
    if (key == "flaky" && a->NumRequeues(key) < 2) return Boom();
    return Status();
  });
  b = std::make_unique<WorkQueue>(loop, "b", BackoffPolicy{}, [&](const std::string& key) {
    trace.push_back("b/" + key + "@" + FormatDuration(loop.Now()));
    if (key == "from-a") a->AddAfter("later", kSecond);
    return Status();
  });
  if (chaos) loop.SetTieBreaker([&](std::size_t n) { return rng.Uniform(n); });
  a->Add("x");
  b->Add("y");
  a->Add("z");
  a->Add("flaky");
  b->Add("w");
  SettleResult r = loop.Settle(kHour);
  EXPECT_TRUE(r.at_rest);
  return trace;
}

TEST(WorkQueueTest, TwoQueuesInterleaveDeterministically) {
  std::vector<std::string> trace = RunTwoQueues(1, false);
  EXPECT_THAT(trace, ElementsAre("a/x@0s", "b/y@0s", "a/z@0s", "b/w@0s", "a/flaky@0s",
                                 "b/from-a@0s", "a/flaky@1s", "a/later@1s", "a/flaky@3s"));
  EXPECT_EQ(RunTwoQueues(1, false), trace);
}

TEST(WorkQueueTest, ChaosInterleavingIsAFunctionOfTheSeed) {
  std::map<std::vector<std::string>, int> distinct;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    std::vector<std::string> trace = RunTwoQueues(seed, true);
    EXPECT_EQ(RunTwoQueues(seed, true), trace) << "seed " << seed;
    EXPECT_EQ(trace.size(), 9u);
    ++distinct[trace];
  }
  EXPECT_GT(distinct.size(), 1u);
}

TEST(WorkQueueTest, IdleKeysLeaveNoState) {
  Harness h;
  for (int i = 0; i < 1000; ++i) h.queue.Add("key-" + std::to_string(i));
  h.loop.Settle(kHour);
  EXPECT_EQ(h.queue.Processed(), 1000u);
  for (int i = 0; i < 1000; i += 100) {
    EXPECT_EQ(h.queue.NumRequeues("key-" + std::to_string(i)), 0);
  }
  EXPECT_TRUE(h.queue.Idle());
  EXPECT_THAT(h.loop.PendingLabels(), IsEmpty());
}

}  // namespace
}  // namespace snapsim::engine
