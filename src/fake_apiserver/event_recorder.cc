#include "src/fake_apiserver/event_recorder.h"

#include <fmt/format.h>

#include "src/api/kinds_core.h"
#include "src/fake_apiserver/served_versions.h"

namespace snapsim::apiserver {

void EventRecorder::Record(const api::Object& obj, std::string_view type, std::string_view reason,
                           std::string_view message) {
  const api::KindInfo& kind = obj.kind_info();
  std::string ns = obj.metadata.namespace_.empty() ? "default" : obj.metadata.namespace_;
  Key key{obj.metadata.uid, std::string(type), std::string(reason), std::string(message), ns};
  RequestContext ctx{.client = component_};
  std::string now = server_.NowRfc3339();

  auto it = seen_.find(key);
  if (it != seen_.end()) {
    api::ObjectPtr existing = server_.Peek(api::Event::Info(), it->second.first, it->second.second);
    if (existing != nullptr) {
      auto updated = api::CloneAs<api::Event>(existing);
      updated->count += 1;
      updated->last_timestamp = now;
      if (server_.Update(updated, ctx).ok()) return;
    }
    seen_.erase(it);
  }

  auto event = std::make_shared<api::Event>();
  // client-go names an event after the object and the time; events in the same
  // virtual nanosecond take the next free nanosecond.
  std::int64_t t = server_.NowUnixNanos();
  while (server_.Peek(api::Event::Info(), ns, fmt::format("{}.{:x}", obj.metadata.name, t)) != nullptr) ++t;
  event->metadata.name = fmt::format("{}.{:x}", obj.metadata.name, t);
  event->metadata.namespace_ = ns;
  auto& ref = event->involved_object;
  ref.kind = std::string(kind.kind);
  ref.namespace_ = obj.metadata.namespace_;
  ref.name = obj.metadata.name;
  ref.uid = obj.metadata.uid;
  ref.api_version = kind.ApiVersion(PreferredVersion(kind, server_.config().kube_minor));
  ref.resource_version = obj.metadata.resource_version;
  event->reason = std::string(reason);
  event->message = std::string(message);
  event->source.component = component_;
  event->source.host = host_;
  event->first_timestamp = now;
  event->last_timestamp = now;
  event->count = 1;
  event->type = std::string(type);
  auto created = server_.Create(event, ctx);
  if (created.ok()) seen_[key] = {ns, (*created)->metadata.name};
}

}  // namespace snapsim::apiserver
