#include "src/api/kinds_apiext.h"
#include "src/api/object_of.h"

namespace snapsim::api {

template class ObjectOf<CustomResourceDefinition>;

template Value Encode<CustomResourceDefinition>(const CustomResourceDefinition&);
template void Decode<CustomResourceDefinition>(const Value&, CustomResourceDefinition&,
                                               DecodeContext&);

const KindInfo& CustomResourceDefinition::Info() {
  static const KindInfo info{"apiextensions.k8s.io",
                             "CustomResourceDefinition",
                             "customresourcedefinitions",
                             "customresourcedefinition",
                             {"crd", "crds"},
                             /*namespaced=*/false,
                             /*has_status=*/true,
                             /*custom=*/false,
                             "v1",
                             {"v1"},
                             &Make};
  return info;
}

}  // namespace snapsim::api
