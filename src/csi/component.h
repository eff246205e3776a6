// Component: one control-plane process of the simulated cluster (the snapshot
// controller, csi-snapshotter, the provisioner, the kubelet on a node, ...).
//
// A component talks to the cluster only through the fake API server (informers
// to read, writes through the server as `name()`) and, for the driver, through
// the fake ECS API. It owns its informers, work queues and event recorder.
//
// Lifecycle:
//  - Start(): create informers and queues, list+watch, begin processing.
//  - Stop(): the process dies — caches, queues, timers and in-flight work are
//    dropped (in-flight RPC replies that arrive later are ignored).
//  - A crash is Stop() followed by Start(): the component resynchronises from
//    the API server, as a restarted pod does.
// informers() exposes the component's watches so that faults can delay them or
// drop them (followed by a relist).
#pragma once

#include <string_view>
#include <vector>

#include "src/fake_apiserver/informer.h"

namespace snapsim::csi {

class Component {
 public:
  virtual ~Component() = default;
  virtual std::string_view name() const = 0;
  virtual void Start() = 0;
  virtual void Stop() = 0;
  virtual std::vector<apiserver::Informer*> informers() = 0;
  void Crash() {
    Stop();
    Start();
  }
};

}  // namespace snapsim::csi
