// Umbrella header: every kind snapsim holds, and the list the registry serves.
#pragma once

#include <vector>

#include "src/api/kinds_apiext.h"
#include "src/api/kinds_apps.h"
#include "src/api/kinds_core.h"
#include "src/api/kinds_pod.h"
#include "src/api/kinds_snapshot.h"
#include "src/api/kinds_storage.h"
#include "src/api/object.h"

namespace snapsim::api {

// Every kind's KindInfo, in registry order. Defined in kinds.cc.
std::vector<const KindInfo*> RegisteredKinds();

}  // namespace snapsim::api
