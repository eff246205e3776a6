#include "sim/engine/event_loop.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "sim/engine/rng.h"

namespace snapsim::engine {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(EventLoopTest, StartsAtTheGivenTime) {
  EXPECT_EQ(EventLoop().Now(), 0);
  EXPECT_EQ(EventLoop(42 * kSecond).Now(), 42 * kSecond);
  EventLoop loop;
  EXPECT_FALSE(loop.Step());
  EXPECT_EQ(loop.EventsRun(), 0u);
  EXPECT_EQ(loop.NextEventTime(), std::nullopt);
}

TEST(EventLoopTest, RunsInTimePrioritySequenceOrder) {
  EventLoop loop;
  std::vector<std::string> order;
  auto log = [&](std::string s) { return [&order, s] { order.push_back(s); }; };
  loop.At(20, log("t20"));
  loop.At(10, log("t10-p0-a"));
  loop.At(10, log("t10-p1"), {.priority = 1});
  loop.At(10, log("t10-p0-b"));
  loop.At(10, log("t10-p-1"), {.priority = -1});
  loop.At(5, log("t5-p9"), {.priority = 9});
  EXPECT_EQ(loop.NextEventTime(), 5);
  std::vector<Nanos> times;
  while (loop.Step()) times.push_back(loop.Now());
  EXPECT_THAT(order, ElementsAre("t5-p9", "t10-p-1", "t10-p0-a", "t10-p0-b", "t10-p1", "t20"));
  EXPECT_THAT(times, ElementsAre(5, 10, 10, 10, 10, 20));
  EXPECT_EQ(loop.EventsRun(), 6u);
}

TEST(EventLoopTest, PastTimesMeanNow) {
  EventLoop loop(100);
  std::vector<Nanos> at;
  loop.At(50, [&] { at.push_back(loop.Now()); });
  loop.After(-5, [&] { at.push_back(loop.Now()); });
  loop.After(7, [&] { at.push_back(loop.Now()); });
  while (loop.Step()) {
  }
  EXPECT_THAT(at, ElementsAre(100, 100, 107));
}

TEST(EventLoopTest, EventsScheduledWhileRunningAtTheSameTimeRunAfterTheOthers) {
  EventLoop loop;
  std::vector<int> order;
  loop.At(10, [&] {
    order.push_back(1);
    loop.After(0, [&] { order.push_back(4); });
    loop.At(0, [&] { order.push_back(5); });  // the past: now, after 4
  });
  loop.At(10, [&] { order.push_back(2); });
  loop.At(10, [&] { order.push_back(3); }, {.priority = 5});
  while (loop.Step()) {
  }
  // 3 has a higher priority value but was queued before 4 and 5 existed; ordering is by
  // (time, priority, sequence) among what is queued, so 4 and 5 (priority 0) go first.
  EXPECT_THAT(order, ElementsAre(1, 2, 4, 5, 3));
}

TEST(EventLoopTest, FarFutureSaturates) {
  EventLoop loop(10);
  bool ran = false;
  loop.After(std::numeric_limits<Nanos>::max(), [&] { ran = true; });
  EXPECT_EQ(loop.NextEventTime(), std::numeric_limits<Nanos>::max());
  EXPECT_TRUE(loop.Step());
  EXPECT_TRUE(ran);
}

TEST(EventLoopTest, CancelRemovesExactlyThatEvent) {
  EventLoop loop;
  std::vector<int> order;
  EventId a = loop.At(10, [&] { order.push_back(1); });
  EventId b = loop.At(10, [&] { order.push_back(2); });
  EventId c = loop.At(20, [&] { order.push_back(3); });
  EXPECT_NE(a, kNoEvent);
  EXPECT_NE(a, b);
  EXPECT_EQ(loop.PendingWork(), 3u);
  EXPECT_TRUE(loop.Cancel(b));
  EXPECT_FALSE(loop.Cancel(b));
  EXPECT_FALSE(loop.Cancel(kNoEvent));
  EXPECT_FALSE(loop.Cancel(0xdeadbeef12345678u));
  EXPECT_EQ(loop.PendingWork(), 2u);
  EXPECT_TRUE(loop.Step());
  EXPECT_FALSE(loop.Cancel(a));  // already ran
  EXPECT_TRUE(loop.Step());
  EXPECT_FALSE(loop.Step());
  EXPECT_THAT(order, ElementsAre(1, 3));
  EXPECT_FALSE(loop.Cancel(c));
}

TEST(EventLoopTest, StaleIdDoesNotCancelAReusedSlot) {
  EventLoop loop;
  EventId old_id = loop.At(10, [] {});
  EXPECT_TRUE(loop.Cancel(old_id));
  bool ran = false;
  EventId new_id = loop.At(10, [&] { ran = true; });  // reuses the freed slot
  EXPECT_NE(old_id, new_id);
  EXPECT_FALSE(loop.Cancel(old_id));
  loop.Step();
  EXPECT_TRUE(ran);
}

TEST(EventLoopTest, CancelFromAnEventAtTheSameTime) {
  EventLoop loop;
  std::vector<int> order;
  EventId second = kNoEvent;
  loop.At(10, [&] {
    order.push_back(1);
    EXPECT_TRUE(loop.Cancel(second));
  });
  second = loop.At(10, [&] { order.push_back(2); });
  loop.At(10, [&] { order.push_back(3); });
  while (loop.Step()) {
  }
  EXPECT_THAT(order, ElementsAre(1, 3));
}

TEST(EventLoopTest, RunningOneShotCannotCancelItself) {
  EventLoop loop;
  EventId self = kNoEvent;
  bool result = true;
  self = loop.At(1, [&] { result = loop.Cancel(self); });
  loop.Step();
  EXPECT_FALSE(result);
}

TEST(EventLoopTest, CancelledCallbacksAreDestroyedAtOnce) {
  EventLoop loop;
  auto token = std::make_shared<int>(0);
  std::vector<EventId> ids;
  for (int i = 0; i < 1000; ++i) ids.push_back(loop.At(i, [token] {}));
  EXPECT_EQ(token.use_count(), 1001);
  for (EventId id : ids) EXPECT_TRUE(loop.Cancel(id));
  EXPECT_EQ(token.use_count(), 1);
  EXPECT_EQ(loop.PendingEvents(), 0u);
  EXPECT_EQ(loop.PendingWork(), 0u);
  // Run callbacks are destroyed too.
  loop.At(1, [token] {});
  loop.Step();
  EXPECT_EQ(token.use_count(), 1);
}

TEST(EventLoopTest, CallbackDestructorMayUseTheLoop) {
  struct Reentrant {
    EventLoop* loop = nullptr;
    int* fired = nullptr;
    ~Reentrant() {
      if (loop != nullptr) loop->At(0, [f = fired] { ++*f; });
    }
  };
  EventLoop loop;
  int fired = 0;
  auto r = std::make_shared<Reentrant>();
  r->loop = &loop;
  r->fired = &fired;
  EventId id = loop.At(5, [r] {});
  r.reset();
  EXPECT_TRUE(loop.Cancel(id));  // destroys the Reentrant, which schedules
  EXPECT_EQ(loop.PendingEvents(), 1u);
  loop.Step();
  EXPECT_EQ(fired, 1);
}

TEST(EventLoopTest, RunUntilRunsEverythingDueIncludingNewEvents) {
  EventLoop loop;
  std::vector<Nanos> ran;
  loop.At(10, [&] {
    ran.push_back(loop.Now());
    loop.After(5, [&] { ran.push_back(loop.Now()); });   // 15: due
    loop.After(50, [&] { ran.push_back(loop.Now()); });  // 60: not due
  });
  loop.At(20, [&] { ran.push_back(loop.Now()); });
  loop.At(30, [&] { ran.push_back(loop.Now()); });  // exactly at t: due
  loop.RunUntil(30);
  EXPECT_THAT(ran, ElementsAre(10, 15, 20, 30));
  EXPECT_EQ(loop.Now(), 30);
  loop.RunUntil(45);
  EXPECT_EQ(loop.Now(), 45);
  EXPECT_EQ(ran.size(), 4u);
  loop.RunUntil(10);  // the clock never goes back
  EXPECT_EQ(loop.Now(), 45);
  loop.RunUntil(100);
  EXPECT_THAT(ran, ElementsAre(10, 15, 20, 30, 60));
  EXPECT_EQ(loop.Now(), 100);
}

TEST(EventLoopTest, SettleReachesRestAndStopsThere) {
  EventLoop loop;
  int steps = 0;
  // A chain of work: each step schedules the next 1s later, five times.
  std::function<void()> chain = [&] {
    if (++steps < 5) loop.After(kSecond, chain);
  };
  loop.After(kSecond, chain);
  loop.Every(10 * kSecond, [] {}, {.background = true, .label = "resync"});
  SettleResult r = loop.Settle(kHour);
  EXPECT_TRUE(r.at_rest);
  EXPECT_EQ(r.elapsed, 5 * kSecond);
  EXPECT_EQ(r.events_run, 5u);
  EXPECT_EQ(loop.Now(), 5 * kSecond);  // not advanced to the limit
  EXPECT_EQ(loop.PendingWork(), 0u);
  EXPECT_EQ(loop.PendingEvents(), 1u);  // the resync timer
  // Already at rest: nothing runs, no time passes.
  r = loop.Settle(kHour);
  EXPECT_TRUE(r.at_rest);
  EXPECT_EQ(r.elapsed, 0);
  EXPECT_EQ(r.events_run, 0u);
}

TEST(EventLoopTest, SettleStopsAtTheLimitAndRunsBackgroundMeanwhile) {
  EventLoop loop(kSecond);
  int resyncs = 0;
  bool slow_done = false;
  loop.Every(10 * kMinute, [&] { ++resyncs; }, {.background = true, .label = "resync"});
  loop.After(2 * kHour, [&] { slow_done = true; }, {.label = "ecs/snapshot s-1 progress"});
  SettleResult r = loop.Settle(kHour);
  EXPECT_FALSE(r.at_rest);
  EXPECT_EQ(r.elapsed, kHour);
  EXPECT_EQ(loop.Now(), kSecond + kHour);
  EXPECT_EQ(resyncs, 6);  // at 10m, 20m, ... 60m
  EXPECT_EQ(r.events_run, 6u);
  EXPECT_FALSE(slow_done);
  EXPECT_THAT(loop.PendingLabels(), ElementsAre("ecs/snapshot s-1 progress"));
  r = loop.Settle(kHour);
  EXPECT_TRUE(r.at_rest);
  EXPECT_TRUE(slow_done);
  EXPECT_EQ(loop.Now(), kSecond + 2 * kHour);
  EXPECT_EQ(r.elapsed, kHour);
  // An event exactly at the limit runs.
  loop.After(kMinute, [] {});
  r = loop.Settle(kMinute);
  EXPECT_TRUE(r.at_rest);
  EXPECT_EQ(r.elapsed, kMinute);
  // A zero or negative limit runs only what is due now.
  loop.After(0, [] {});
  loop.After(1, [] {});
  r = loop.Settle(-5);
  EXPECT_FALSE(r.at_rest);
  EXPECT_EQ(r.events_run, 1u);
  EXPECT_EQ(r.elapsed, 0);
}

TEST(EventLoopTest, PendingWorkAndLabelsIgnoreBackground) {
  EventLoop loop;
  loop.At(30, [] {}, {.label = "c"});
  loop.At(10, [] {}, {.priority = 2, .label = "b"});
  loop.At(10, [] {}, {.priority = 1, .label = "a"});
  loop.At(5, [] {}, {.background = true, .label = "bg"});
  EventId d = loop.At(40, [] {}, {.label = "d"});
  loop.At(50, [] {});
  EXPECT_EQ(loop.PendingWork(), 5u);
  EXPECT_EQ(loop.PendingEvents(), 6u);
  EXPECT_THAT(loop.PendingLabels(), ElementsAre("a", "b", "c", "d", ""));
  loop.Cancel(d);
  EXPECT_THAT(loop.PendingLabels(), ElementsAre("a", "b", "c", ""));
  loop.Step();  // the background one
  EXPECT_EQ(loop.PendingWork(), 4u);
  while (loop.Step()) {
  }
  EXPECT_THAT(loop.PendingLabels(), IsEmpty());
}

TEST(EventLoopTest, LabelIsCopied) {
  EventLoop loop;
  {
    std::string label = "a-label-long-enough-to-live-on-the-heap";
    loop.At(1, [] {}, {.label = label});
    label.assign(label.size(), 'x');
  }
  EXPECT_THAT(loop.PendingLabels(), ElementsAre("a-label-long-enough-to-live-on-the-heap"));
}

TEST(EventLoopTest, EveryFiresPeriodicallyUntilCancelled) {
  EventLoop loop;
  std::vector<Nanos> fired;
  EventId timer = loop.Every(10, [&] { fired.push_back(loop.Now()); });
  EXPECT_EQ(loop.PendingWork(), 1u);  // not background: counts as work
  loop.RunUntil(35);
  EXPECT_THAT(fired, ElementsAre(10, 20, 30));
  EXPECT_TRUE(loop.Cancel(timer));  // the same id for the timer's whole life
  EXPECT_FALSE(loop.Cancel(timer));
  EXPECT_EQ(loop.PendingEvents(), 0u);
  EXPECT_EQ(loop.PendingWork(), 0u);
  loop.RunUntil(100);
  EXPECT_EQ(fired.size(), 3u);
}

TEST(EventLoopTest, EveryCanCancelItselfAndKeepsItsLabel) {
  EventLoop loop;
  int count = 0;
  EventId timer = kNoEvent;
  timer = loop.Every(kSecond,
                     [&] {
                       if (++count == 3) {
                         EXPECT_TRUE(loop.Cancel(timer));
                         EXPECT_FALSE(loop.Cancel(timer));
                       }
                       // Scheduling from inside a periodic callback is fine.
                       loop.After(0, [] {}, {.label = "work"});
                     },
                     {.label = "tick"});
  EXPECT_THAT(loop.PendingLabels(), ElementsAre("tick"));
  loop.RunUntil(10 * kSecond);
  EXPECT_EQ(count, 3);
  EXPECT_EQ(loop.PendingEvents(), 0u);
}

TEST(EventLoopTest, EveryInterleavesBySequenceAtEqualTimes) {
  EventLoop loop;
  std::vector<std::string> order;
  loop.Every(10, [&] { order.push_back("tick"); }, {.background = true});
  loop.At(10, [&] { order.push_back("a"); });
  loop.At(20, [&] { order.push_back("b"); });  // queued before the tick's 2nd firing
  loop.RunUntil(20);
  EXPECT_THAT(order, ElementsAre("tick", "a", "b", "tick"));
}

TEST(EventLoopTest, EveryClampsThePeriodToOneNanosecond) {
  EventLoop loop;
  std::vector<Nanos> fired;
  EventId timer = loop.Every(0, [&] { fired.push_back(loop.Now()); });
  loop.RunUntil(3);
  EXPECT_THAT(fired, ElementsAre(1, 2, 3));
  EXPECT_TRUE(loop.Cancel(timer));
}

TEST(EventLoopTest, TieBreakerChoosesAmongEventsDueAtTheEarliestTime) {
  EventLoop loop;
  std::vector<int> order;
  std::vector<std::size_t> asked;
  for (int i = 0; i < 4; ++i) loop.At(10, [&, i] { order.push_back(i); }, {.lane = loop.NewLane()});
  loop.At(20, [&] { order.push_back(99); });
  loop.SetTieBreaker([&](std::size_t n) {
    asked.push_back(n);
    return n - 1;  // always the last in normal order
  });
  while (loop.Step()) {
  }
  EXPECT_THAT(order, ElementsAre(3, 2, 1, 0, 99));
  EXPECT_THAT(asked, ElementsAre(4, 3, 2));  // never asked about a single event
}

TEST(EventLoopTest, TieBreakerRespectsNormalOrderIndicesAndModulo) {
  EventLoop loop;
  std::vector<std::string> order;
  loop.At(10, [&] { order.push_back("p1"); }, {.priority = 1, .lane = 1});
  loop.At(10, [&] { order.push_back("p0"); }, {.lane = 2});
  loop.At(10, [&] { order.push_back("p2"); }, {.priority = 2, .lane = 3});
  // Normal order is p0, p1, p2; index 1 is p1; 7 % 2 = 1 picks p2 of {p0, p2}.
  std::vector<std::size_t> picks = {1, 7, 0};
  std::size_t call = 0;
  loop.SetTieBreaker([&](std::size_t) { return picks[call++]; });
  while (loop.Step()) {
  }
  EXPECT_THAT(order, ElementsAre("p1", "p2", "p0"));
  // Unset: normal order again.
  loop.SetTieBreaker(nullptr);
  order.clear();
  loop.At(20, [&] { order.push_back("x"); }, {.lane = 1});
  loop.At(20, [&] { order.push_back("y"); }, {.lane = 2});
  while (loop.Step()) {
  }
  EXPECT_THAT(order, ElementsAre("x", "y"));
}

// Events of one lane (a watch stream, say) keep their order whatever the tie-breaker
// answers; only the interleaving of lanes changes. Lane 0 is a lane like any other.
TEST(EventLoopTest, TieBreakerKeepsEachLaneInOrder) {
  auto run = [](bool perturb, std::vector<std::size_t>* sizes) {
    EventLoop loop;
    Rng rng(7);
    std::vector<std::pair<int, int>> ran;  // lane, index within the lane
    const std::uint64_t lanes[] = {0, loop.NewLane(), loop.NewLane()};
    for (int i = 0; i < 30; ++i) {
      int l = i % 3;
      loop.At(5, [&ran, l, i] { ran.push_back({l, i / 3}); }, {.priority = i % 2, .lane = lanes[l]});
    }
    if (perturb) {
      loop.SetTieBreaker([&](std::size_t n) {
        sizes->push_back(n);
        return static_cast<std::size_t>(rng.Uniform(n));
      });
    }
    while (loop.Step()) {
    }
    return ran;
  };
  std::vector<std::size_t> sizes;
  auto ran = run(true, &sizes);
  ASSERT_EQ(ran.size(), 30u);
  auto normal = run(false, nullptr);
  auto per_lane = [](const std::vector<std::pair<int, int>>& order) {
    std::map<int, std::vector<int>> lanes;
    for (const auto& [l, k] : order) lanes[l].push_back(k);
    return lanes;
  };
  EXPECT_EQ(per_lane(ran), per_lane(normal));  // each lane in its normal (priority, seq) order
  for (std::size_t n : sizes) EXPECT_LE(n, 3u);  // never more candidates than lanes
  EXPECT_NE(ran, normal) << "the tie-breaker never changed the interleaving";
}

// The tie-breaker sees every event of the earliest instant even when they are spread
// through a large heap, and never one of a later instant.
TEST(EventLoopTest, TieBreakerFindsAllTiesInALargeHeap) {
  EventLoop loop;
  Rng rng(5);
  std::vector<std::pair<Nanos, int>> ran;
  for (int i = 0; i < 300; ++i) {
    Nanos t = 1 + static_cast<Nanos>(rng.Uniform(3));
    loop.At(t,
            [&ran, &loop, i] {
              ran.push_back({loop.Now(), i});
            },
            {.priority = static_cast<int>(rng.Uniform(4)), .lane = loop.NewLane()});
  }
  std::map<Nanos, int> per_time;
  std::vector<std::size_t> sizes;
  loop.SetTieBreaker([&](std::size_t n) {
    sizes.push_back(n);
    return static_cast<std::size_t>(rng.Uniform(n));
  });
  while (loop.Step()) {
  }
  ASSERT_EQ(ran.size(), 300u);
  for (std::size_t i = 1; i < ran.size(); ++i) EXPECT_LE(ran[i - 1].first, ran[i].first);
  for (const auto& [t, i] : ran) ++per_time[t];
  // Within each instant the tie set shrinks by one per step: n, n-1, ..., 2.
  std::vector<std::size_t> expected;
  for (const auto& [t, count] : per_time) {
    for (int n = count; n >= 2; --n) expected.push_back(static_cast<std::size_t>(n));
  }
  EXPECT_EQ(sizes, expected);
}

// Random schedule/cancel operations against a simple ordered model.
TEST(EventLoopTest, MatchesAnOrderedModelUnderRandomOperations) {
  EventLoop loop;
  Rng rng(1234);
  using Key = std::tuple<Nanos, int, std::uint64_t>;  // time, priority, model sequence
  std::map<Key, int> model;
  std::map<int, std::pair<EventId, Key>> live;
  std::vector<int> ran;
  std::uint64_t seq = 0;
  int next_tag = 0;
  for (int round = 0; round < 20000; ++round) {
    std::uint64_t op = rng.Uniform(10);
    if (op < 5) {
      Nanos when = loop.Now() + static_cast<Nanos>(rng.Uniform(50));
      int prio = static_cast<int>(rng.Uniform(3));
      int tag = next_tag++;
      EventId id = loop.At(when,
                           [&ran, &live, tag] {
                             ran.push_back(tag);
                             live.erase(tag);
                           },
                           {.priority = prio});
      Key key{when, prio, seq++};
      model[key] = tag;
      live[tag] = {id, key};
    } else if (op < 7 && !live.empty()) {
      auto it = live.begin();
      std::advance(it, static_cast<long>(rng.Uniform(live.size())));
      EXPECT_TRUE(loop.Cancel(it->second.first));
      model.erase(it->second.second);
      live.erase(it);
    } else if (!model.empty()) {
      int expected = model.begin()->second;
      model.erase(model.begin());
      ASSERT_TRUE(loop.Step());
      ASSERT_EQ(ran.back(), expected);
    }
    ASSERT_EQ(loop.PendingEvents(), model.size());
  }
  while (!model.empty()) {
    int expected = model.begin()->second;
    model.erase(model.begin());
    ASSERT_TRUE(loop.Step());
    ASSERT_EQ(ran.back(), expected);
  }
  EXPECT_FALSE(loop.Step());
}

TEST(EventLoopTest, ManyEventsRunQuickly) {
  EventLoop loop;
  std::uint64_t sum = 0;
  // A steady state of ~1000 queued events, one million run.
  std::function<void()> tick = [&] {
    ++sum;
    if (sum < 1000000) loop.After(static_cast<Nanos>(sum % 1000), tick);
  };
  for (int i = 0; i < 1000; ++i) loop.At(i, tick);
  while (loop.Step()) {
  }
  EXPECT_EQ(loop.EventsRun(), 1000000u + 999u);
}

}  // namespace
}  // namespace snapsim::engine
