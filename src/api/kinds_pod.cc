#include "src/api/kinds_pod.h"
#include "src/api/object_of.h"

namespace snapsim::api {

template class ObjectOf<Pod>;

// The PodSpec and Pod codecs are instantiated here only (see the extern
// declarations in the headers).
template Value Encode<PodSpec>(const PodSpec&);
template void Decode<PodSpec>(const Value&, PodSpec&, DecodeContext&);
template Value Encode<Pod>(const Pod&);
template void Decode<Pod>(const Value&, Pod&, DecodeContext&);

const Volume* PodSpec::FindVolume(std::string_view name) const {
  for (const Volume& v : volumes) {
    if (v.name == name) return &v;
  }
  return nullptr;
}

const PodCondition* PodStatus::FindCondition(std::string_view type) const {
  for (const PodCondition& c : conditions) {
    if (c.type == type) return &c;
  }
  return nullptr;
}

const KindInfo& Pod::Info() {
  static const KindInfo info{"",
                             "Pod",
                             "pods",
                             "pod",
                             {"po"},
                             /*namespaced=*/true,
                             /*has_status=*/true,
                             /*custom=*/false,
                             "v1",
                             {"v1"},
                             &Make};
  return info;
}

}  // namespace snapsim::api
