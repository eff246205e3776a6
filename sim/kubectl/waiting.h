// Advancing virtual time while a command waits (delete's wait for finalizers,
// kubectl wait): the cluster's event loop runs until the condition holds or the
// timeout passes. Never reads the wall clock.
#pragma once

#include <functional>

#include "sim/engine/event_loop.h"

namespace snapsim::kubectl {

// Runs events until done() (checked before each event and at the end) or until
// `timeout` of virtual time has passed; returns done(). When nothing is left to
// run, time jumps straight to the deadline.
bool AdvanceUntil(engine::EventLoop& loop, const std::function<bool()>& done, engine::Nanos timeout);

}  // namespace snapsim::kubectl
