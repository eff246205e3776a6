#include "src/api/kinds_apps.h"
#include "src/api/object_of.h"

namespace snapsim::api {

template class ObjectOf<StatefulSet>;

template Value Encode<StatefulSet>(const StatefulSet&);
template void Decode<StatefulSet>(const Value&, StatefulSet&, DecodeContext&);

const KindInfo& StatefulSet::Info() {
  static const KindInfo info{"apps",
                             "StatefulSet",
                             "statefulsets",
                             "statefulset",
                             {"sts"},
                             /*namespaced=*/true,
                             /*has_status=*/true,
                             /*custom=*/false,
                             "v1",
                             {"v1"},
                             &Make};
  return info;
}

}  // namespace snapsim::api
