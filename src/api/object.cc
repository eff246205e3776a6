#include "src/api/object.h"

namespace snapsim::api {

std::string KindInfo::Resource() const {
  if (group.empty()) return std::string(plural);
  return std::string(plural) + "." + std::string(group);
}

std::string KindInfo::ApiVersion(std::string_view version) const {
  if (group.empty()) return std::string(version);
  return std::string(group) + "/" + std::string(version);
}

std::string Object::Key() const {
  if (metadata.namespace_.empty()) return metadata.name;
  return metadata.namespace_ + "/" + metadata.name;
}

}  // namespace snapsim::api
