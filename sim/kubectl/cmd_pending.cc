// TEMPORARY: replaced by the describe/wait/patch/label/annotate/scale commands being written now.
#include "sim/kubectl/commands.h"

namespace snapsim::kubectl {
int RunDescribe(Invocation& inv, const std::vector<std::string>&) { return inv.Fail("unsupported: describe"); }
int RunWait(Invocation& inv, const std::vector<std::string>&) { return inv.Fail("unsupported: wait"); }
int RunPatch(Invocation& inv, const std::vector<std::string>&) { return inv.Fail("unsupported: patch"); }
int RunLabel(Invocation& inv, const std::vector<std::string>&) { return inv.Fail("unsupported: label"); }
int RunAnnotate(Invocation& inv, const std::vector<std::string>&) { return inv.Fail("unsupported: annotate"); }
int RunScale(Invocation& inv, const std::vector<std::string>&) { return inv.Fail("unsupported: scale"); }
}  // namespace snapsim::kubectl
