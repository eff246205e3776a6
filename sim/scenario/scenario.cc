#include "sim/scenario/scenario.h"

namespace snapsim::scenario {

std::string_view ActionName(const Action& action) {
  switch (action.index()) {
    case 0: return "kubectl";
    case 1: return "aliyun";
    case 2: return "sleep";
    case 3: return "fault";
    default: return "crash";
  }
}

}  // namespace snapsim::scenario
