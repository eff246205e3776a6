#include "sim/kubectl/output.h"

#include <fmt/format.h>

#include "sim/kubectl/jsonpath.h"
#include "src/api/json.h"
#include "src/api/yaml.h"

namespace snapsim::kubectl {

Result<OutputFormat> ParseOutputFormat(std::string_view o) {
  OutputFormat f;
  if (o.empty()) return f;
  if (o == "wide") f.kind = OutputFormat::Kind::kWide;
  else if (o == "yaml") f.kind = OutputFormat::Kind::kYaml;
  else if (o == "json") f.kind = OutputFormat::Kind::kJson;
  else if (o == "name") f.kind = OutputFormat::Kind::kName;
  else if (o.rfind("jsonpath=", 0) == 0) {
    f.kind = OutputFormat::Kind::kJsonPath;
    f.jsonpath = std::string(o.substr(9));
    auto parsed = JsonPath::Parse(f.jsonpath);
    if (!parsed.ok()) return Status::InvalidArgument(KubectlParseError(f.jsonpath, parsed.status()));
  } else if (o.rfind("jsonpath-as-json=", 0) == 0) {
    f.kind = OutputFormat::Kind::kJsonPathAsJson;
    f.jsonpath = std::string(o.substr(17));
    auto parsed = JsonPath::Parse(f.jsonpath);
    if (!parsed.ok()) return Status::InvalidArgument(KubectlParseError(f.jsonpath, parsed.status()));
  } else if (o.rfind("custom-columns", 0) == 0 || o.rfind("go-template", 0) == 0 || o.rfind("template", 0) == 0 ||
             o.rfind("jsonpath-file", 0) == 0) {
    return Status::Unsupported(fmt::format("unsupported: snapsim does not implement the output format \"{}\"", o));
  } else {
    return Status::InvalidArgument(fmt::format(
        "unable to match a printer suitable for the output format \"{}\", allowed formats are: "
        "custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,"
        "jsonpath-file,name,template,templatefile,wide,yaml",
        o));
  }
  return f;
}

api::Value ListOf(std::vector<api::Value> items) {
  api::Value list = api::Value::EmptyObject();
  list["apiVersion"] = api::Value("v1");
  list["items"] = api::Value(std::move(items));
  list["kind"] = api::Value("List");
  list["metadata"]["resourceVersion"] = api::Value("");
  return list;
}

Result<std::string> RenderData(const OutputFormat& format, const api::Value& data) {
  switch (format.kind) {
    case OutputFormat::Kind::kYaml: return api::ToYaml(data);
    case OutputFormat::Kind::kJson: return api::ToJson(data, {.indent = "    "}) + "\n";
    case OutputFormat::Kind::kJsonPath: {
      SNAPSIM_ASSIGN_OR_RETURN(JsonPath jp, JsonPath::Parse(format.jsonpath));
      auto r = jp.Execute(data, /*allow_missing_keys=*/true);
      if (!r.ok()) return Status::InvalidArgument(KubectlExecuteError(format.jsonpath, r.status(), data));
      return *r;
    }
    case OutputFormat::Kind::kJsonPathAsJson: {
      SNAPSIM_ASSIGN_OR_RETURN(JsonPath jp, JsonPath::Parse(format.jsonpath));
      auto r = jp.ExecuteJson(data, /*allow_missing_keys=*/true);
      if (!r.ok()) return Status::InvalidArgument(KubectlExecuteError(format.jsonpath, r.status(), data));
      return *r;
    }
    default: return Status::Internal("RenderData: not a data format");
  }
}

}  // namespace snapsim::kubectl
