// EventRecorder: how a component reports core/v1 Events, as client-go's
// legacy recorder with its EventCorrelator does.
//
//  - An event about an object lands in the object's namespace ("default" for
//    cluster-scoped objects), named "<object name>.<hex Unix nanos>".
//  - A repeat of the same (source, object, type, reason, message) updates the
//    existing Event: count + 1 and a new lastTimestamp, instead of a new object.
//  - Writes go through the API server as the component (so faults apply);
//    a failed write is dropped, as client-go drops events it cannot send.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <tuple>

#include "src/api/object.h"
#include "src/fake_apiserver/apiserver.h"

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

  // Forgets the aggregation cache (the component restarted).
  void Reset() { seen_.clear(); }

 private:
  using Key = std::tuple<std::string, std::string, std::string, std::string, std::string>;
  ApiServer& server_;
  std::string component_;
  std::string host_;
  std::map<Key, std::pair<std::string, std::string>> seen_;  // key -> (namespace, event name)
};

}  // namespace snapsim::apiserver
