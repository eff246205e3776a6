#include "sim/kubectl/waiting.h"

namespace snapsim::kubectl {

bool AdvanceUntil(engine::EventLoop& loop, const std::function<bool()>& done, engine::Nanos timeout) {
  engine::Nanos deadline = loop.Now() + timeout;
  while (!done()) {
    auto next = loop.NextEventTime();
    if (!next || *next > deadline) {
      loop.RunUntil(deadline);
      return done();
    }
    loop.Step();
  }
  return true;
}

}  // namespace snapsim::kubectl
