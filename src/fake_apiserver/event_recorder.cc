#include "src/fake_apiserver/event_recorder.h"

#include <fmt/format.h>

#include "src/api/kinds_core.h"
#include "src/fake_apiserver/served_versions.h"

namespace snapsim::apiserver {

void EventRecorder::Record(const api::Object& obj, std::string_view type, std::string_view reason,
                           std::string_view message) {
  const api::KindInfo& kind = obj.kind_info();
  std::string ns = obj.metadata.namespace_.empty() ? "default" : obj.metadata.namespace_;
  RequestContext ctx{.client = component_};
  std::string now = server_.NowRfc3339();
  const std::int64_t now_nanos = server_.NowUnixNanos();

  // The aggregator: the 10th distinct message of a group within 600 s makes it combined.
  Key group_key{obj.metadata.uid, std::string(type), std::string(reason), "", ns, false};
  Group group;
  if (Group* g = groups_.Get(group_key); g != nullptr && now_nanos - g->last_nanos <= kSimilarIntervalNanos) {
    group = std::move(*g);
  }
  group.messages.emplace(message);
  group.last_nanos = now_nanos;
  const bool combined = group.messages.size() >= kMaxSimilarEvents;
  if (combined) group.messages.erase(group.messages.begin());  // the set stays below the threshold + 1
  groups_.Put(group_key, std::move(group));
  std::string text = combined ? "(combined from similar events): " + std::string(message) : std::string(message);
  Key key{obj.metadata.uid, std::string(type), std::string(reason), combined ? "" : std::string(message), ns, combined};

  // The event logger: a known event counts one more (with the latest message).
  if (auto* known = seen_.Get(key)) {
    if (api::MutableObjectPtr copy = server_.PeekCopy(api::Event::Info(), known->first, known->second)) {
      auto updated = std::static_pointer_cast<api::Event>(copy);
      updated->count += 1;
      updated->last_timestamp = now;
      updated->message = text;
      if (server_.Update(updated, ctx).ok()) return;
    }
    seen_.Erase(key);
  }

  auto event = std::make_shared<api::Event>();
  // client-go names an event after the object and the time; events in the same
  // virtual nanosecond take the next free nanosecond.
  std::int64_t t = now_nanos;
  std::string name = fmt::format("{}.{:x}", obj.metadata.name, t);
  while (server_.Contains(api::Event::Info(), ns, name)) name = fmt::format("{}.{:x}", obj.metadata.name, ++t);
  event->metadata.name = std::move(name);
  event->metadata.namespace_ = ns;
  auto& ref = event->involved_object;
  ref.kind = std::string(kind.kind);
  ref.namespace_ = obj.metadata.namespace_;
  ref.name = obj.metadata.name;
  ref.uid = obj.metadata.uid;
  ref.api_version = kind.ApiVersion(PreferredVersion(kind, server_.config().kube_minor));
  ref.resource_version = obj.metadata.resource_version;
  event->reason = std::string(reason);
  event->message = std::move(text);
  event->source.component = component_;
  event->source.host = host_;
  event->first_timestamp = now;
  event->last_timestamp = now;
  event->count = 1;
  event->type = std::string(type);
  auto created = server_.Create(event, ctx);
  if (created.ok()) seen_.Put(key, {ns, (*created)->metadata.name});
}

}  // namespace snapsim::apiserver
