// One function per kubectl command; each returns the exit code and writes its
// output through the Invocation. Dispatch lives in kubectl.cc.
#pragma once

#include <string>
#include <vector>

#include "sim/kubectl/invocation.h"

namespace snapsim::kubectl {

int RunGet(Invocation& inv, const std::vector<std::string>& args);
int RunApply(Invocation& inv, const std::vector<std::string>& args);
int RunCreate(Invocation& inv, const std::vector<std::string>& args);
int RunDelete(Invocation& inv, const std::vector<std::string>& args);
int RunDescribe(Invocation& inv, const std::vector<std::string>& args);
int RunWait(Invocation& inv, const std::vector<std::string>& args);
int RunPatch(Invocation& inv, const std::vector<std::string>& args);
int RunLabel(Invocation& inv, const std::vector<std::string>& args);
int RunAnnotate(Invocation& inv, const std::vector<std::string>& args);
int RunScale(Invocation& inv, const std::vector<std::string>& args);
int RunExec(Invocation& inv, const std::vector<std::string>& args);
int RunVersion(Invocation& inv, const std::vector<std::string>& args);

}  // namespace snapsim::kubectl
