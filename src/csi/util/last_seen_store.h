// The snapshot controllers' private store of last-seen objects (external-snapshotter
// utils.StoreObjectUpdate), shared by snapshot-controller and csi-snapshotter: an object
// older (lower resourceVersion) than the one stored is ignored; an equal or newer one
// replaces it, so resyncs pass. Lookups only (string_map.h).
#pragma once

#include <string>

#include "sim/engine/string_map.h"
#include "src/api/object.h"

namespace snapsim::csi {

using LastSeenStore = engine::StringMap<api::ObjectPtr>;

// Stores `obj` under `key` unless the stored version is newer; true when it was stored.
bool StoreObjectUpdate(LastSeenStore& store, const std::string& key, const api::ObjectPtr& obj);

}  // namespace snapsim::csi
