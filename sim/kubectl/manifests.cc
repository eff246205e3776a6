#include "sim/kubectl/manifests.h"

#include <fmt/format.h>

#include "src/api/registry.h"
#include "src/api/yaml.h"
#include "src/fake_apiserver/served_versions.h"

namespace snapsim::kubectl {
namespace {

std::string StringField(const api::Value& v, std::string_view a, std::string_view b = "") {
  const api::Value* x = v.Find(a);
  if (x != nullptr && !b.empty()) x = x->Find(b);
  return x != nullptr && x->is_string() ? x->as_string() : "";
}

Status AddObject(Invocation& inv, const std::string& file, api::Value doc, const std::string& ns, bool ns_explicit,
                 std::vector<Manifest>& out) {
  if (StringField(doc, "kind") == "List" && doc.Find("items") != nullptr && doc.Find("items")->is_array()) {
    for (const auto& item : doc.Find("items")->as_array()) {
      SNAPSIM_RETURN_IF_ERROR(AddObject(inv, file, item, ns, ns_explicit, out));
    }
    return Status::Ok();
  }
  if (!doc.is_object()) {
    return Status::InvalidArgument(fmt::format(
        "error validating \"{}\": error validating data: invalid object to validate; if you choose to ignore these "
        "errors, turn validation off with --validate=false",
        file));
  }
  std::string api_version = StringField(doc, "apiVersion");
  std::string kind_name = StringField(doc, "kind");
  if (api_version.empty() || kind_name.empty()) {
    std::vector<std::string> missing;
    if (api_version.empty()) missing.push_back("apiVersion not set");
    if (kind_name.empty()) missing.push_back("kind not set");
    std::string list = missing.size() == 1 ? missing[0] : fmt::format("[{}]", fmt::join(missing, ", "));
    return Status::InvalidArgument(fmt::format(
        "error validating \"{}\": error validating data: {}; if you choose to ignore these errors, turn validation "
        "off with --validate=false",
        file, list));
  }
  std::string name = StringField(doc, "metadata", "name");
  std::string doc_ns = StringField(doc, "metadata", "namespace");
  api::GroupVersion gv = api::ParseApiVersion(api_version);
  const api::KindInfo* kind = api::FindKind(gv.group, kind_name);
  if (kind == nullptr || !apiserver::IsServed(*kind, gv.version, inv.minor())) {
    if (inv.minor() < 24) {  // kubectl before 1.24 worded the mapping failure differently
      return Status::NotFound(fmt::format("unable to recognize \"{}\": no matches for kind \"{}\" in version \"{}\"",
                                          file, kind_name, api_version));
    }
    return Status::NotFound(fmt::format(
        "resource mapping not found for name: \"{}\" namespace: \"{}\" from \"{}\": no matches for kind \"{}\" in "
        "version \"{}\"\nensure CRDs are installed first",
        name, doc_ns, file, kind_name, api_version));
  }
  Manifest m{file, kind, api_version, std::string(gv.version), name, "", std::move(doc)};
  if (kind->namespaced) {
    if (!doc_ns.empty() && ns_explicit && doc_ns != ns) {
      return Status::InvalidArgument(fmt::format(
          "the namespace from the provided object \"{}\" does not match the namespace \"{}\". You must pass "
          "'--namespace={}' to perform this operation.",
          doc_ns, ns, doc_ns));
    }
    m.namespace_ = doc_ns.empty() ? ns : doc_ns;
    m.body["metadata"]["namespace"] = api::Value(m.namespace_);
  }
  out.push_back(std::move(m));
  return Status::Ok();
}

}  // namespace

Result<std::vector<Manifest>> LoadManifests(Invocation& inv, const std::vector<std::string>& files,
                                            const std::string& ns, bool ns_explicit) {
  std::vector<Manifest> out;
  for (const auto& file : files) {
    if (file == "-") return Status::Unsupported("unsupported: snapsim has no standard input for -f -");
    auto text = inv.files()(file);
    if (!text.ok()) return Status::NotFound(fmt::format("the path \"{}\" does not exist", file));
    auto docs = api::ParseYamlDocuments(*text);
    if (!docs.ok()) {
      return Status::InvalidArgument(
          fmt::format("error parsing {}: error converting YAML to JSON: {}", file, docs.status().message()));
    }
    for (auto& doc : *docs) SNAPSIM_RETURN_IF_ERROR(AddObject(inv, file, std::move(doc), ns, ns_explicit, out));
  }
  return out;
}

}  // namespace snapsim::kubectl
