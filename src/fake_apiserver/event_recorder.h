// EventRecorder: how a component reports core/v1 Events, as client-go's
// legacy recorder with its EventCorrelator does.
//
//  - An event about an object lands in the object's namespace ("default" for
//    cluster-scoped objects), named "<object name>.<hex Unix nanos>".
//  - A repeat of the same (source, object, type, reason, message) updates the
//    existing Event: count + 1, a new lastTimestamp (and the message), instead of a
//    new object (the correlator's event logger, an LRU cache of 4096 events).
//  - Similar events - same source, object, type and reason, different messages - are
//    combined (the EventAggregator, an LRU cache of 4096 groups): from the 10th
//    distinct message within 600 s of the group's previous event, the event reads
//    "(combined from similar events): <message>" and counts on one aggregate Event.
//    A group quiet for more than 600 s starts again.
//  - Not modelled: the spam filter (a token bucket per source and object: 25 events,
//    then one per 5 minutes).
//  - Writes go through the API server as the component (so faults apply);
//    a failed write is dropped, as client-go drops events it cannot send.
#pragma once

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <tuple>

#include "src/api/object.h"
#include "src/fake_apiserver/apiserver.h"
#include "src/fake_apiserver/lru_cache.h"

namespace snapsim::apiserver {

class EventRecorder {
 public:
  EventRecorder(ApiServer& server, std::string component, std::string host = "")
      : server_(server), component_(std::move(component)), host_(std::move(host)) {}

  void Normal(const api::Object& obj, std::string_view reason, std::string_view message) {
    Record(obj, "Normal", reason, message);
  }
  void Warning(const api::Object& obj, std::string_view reason, std::string_view message) {
    Record(obj, "Warning", reason, message);
  }
  void Record(const api::Object& obj, std::string_view type, std::string_view reason, std::string_view message);

  // Forgets the correlator's caches (the component restarted).
  void Reset() {
    seen_.Clear();
    groups_.Clear();
  }

  // client-go's defaults (record.NewEventCorrelator).
  static constexpr std::size_t kCacheEntries = 4096;
  static constexpr std::size_t kMaxSimilarEvents = 10;
  static constexpr std::int64_t kSimilarIntervalNanos = 600'000'000'000;

 private:
  // An event's identity for counting repeats: object uid, type, reason, message,
  // namespace, combined; a combined event's has an empty message. A group of similar
  // events is keyed the same way (empty message, not combined) in its own cache.
  using Key = std::tuple<std::string, std::string, std::string, std::string, std::string, bool>;
  struct Group {
    std::set<std::string> messages;  // the distinct messages seen (at most 10)
    std::int64_t last_nanos = 0;
  };
  ApiServer& server_;
  std::string component_;
  std::string host_;
  LruCache<Key, std::pair<std::string, std::string>> seen_{kCacheEntries};  // -> (namespace, event name)
  LruCache<Key, Group> groups_{kCacheEntries};  // similar events: (uid, type, reason, "", ns, false)
};

}  // namespace snapsim::apiserver
