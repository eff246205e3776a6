#include "sim/kubectl/jsonpath.h"

#include <fmt/format.h>

#include <utility>

#include "sim/kubectl/jsonpath_eval.h"
#include "sim/kubectl/jsonpath_format.h"
#include "sim/kubectl/jsonpath_parser.h"
#include "src/api/json.h"

namespace snapsim::kubectl {

using jsonpath_internal::Evaluator;
using jsonpath_internal::Item;
using jsonpath_internal::ItemLists;

namespace {

api::Value ItemValue(const Item& item) { return item.v == nullptr ? api::Value() : *item.v; }

}  // namespace

JsonPath::JsonPath() : nodes_(std::make_shared<const std::vector<jsonpath_internal::Node>>()) {}

Result<JsonPath> JsonPath::Parse(std::string_view text) {
  SNAPSIM_ASSIGN_OR_RETURN(std::vector<jsonpath_internal::Node> nodes,
                           jsonpath_internal::ParseTemplate(text));
  return JsonPath(std::string(text),
                  std::make_shared<const std::vector<jsonpath_internal::Node>>(std::move(nodes)));
}

Result<std::string> JsonPath::Execute(const api::Value& data, bool allow_missing_keys) const {
  Evaluator eval(*nodes_, allow_missing_keys);
  ItemLists lists;
  SNAPSIM_RETURN_IF_ERROR(eval.FindResults(data, &lists));
  std::string out;
  for (const std::vector<Item>& list : lists) {
    for (std::size_t i = 0; i < list.size(); ++i) {
      if (i > 0) out += ' ';
      out += jsonpath_internal::ItemText(list[i]);
    }
  }
  return out;
}

Result<std::string> JsonPath::ExecuteJson(const api::Value& data, bool allow_missing_keys) const {
  Evaluator eval(*nodes_, allow_missing_keys);
  ItemLists lists;
  SNAPSIM_RETURN_IF_ERROR(eval.FindResults(data, &lists));
  std::string out;
  for (const std::vector<Item>& list : lists) {
    api::Value::Array array;
    array.reserve(list.size());
    for (const Item& item : list) array.push_back(ItemValue(item));
    out += api::ToJson(api::Value(std::move(array)), api::JsonStyle{"    ", true});
    out += '\n';
  }
  return out;
}

Result<std::vector<std::vector<api::Value>>> JsonPath::FindResults(const api::Value& data,
                                                                   bool allow_missing_keys) const {
  Evaluator eval(*nodes_, allow_missing_keys);
  ItemLists lists;
  SNAPSIM_RETURN_IF_ERROR(eval.FindResults(data, &lists));
  std::vector<std::vector<api::Value>> out;
  out.reserve(lists.size());
  for (const std::vector<Item>& list : lists) {
    std::vector<api::Value> values;
    values.reserve(list.size());
    for (const Item& item : list) values.push_back(ItemValue(item));
    out.push_back(std::move(values));
  }
  return out;
}

Result<std::vector<api::Value>> JsonPath::Select(const api::Value& data) const {
  SNAPSIM_ASSIGN_OR_RETURN(auto lists, FindResults(data, /*allow_missing_keys=*/true));
  std::vector<api::Value> out;
  for (auto& list : lists) {
    for (auto& v : list) out.push_back(std::move(v));
  }
  return out;
}

Result<std::string> RelaxedJsonPathExpression(std::string_view expr) {
  if (expr.empty()) return std::string();
  auto no_braces = [](std::string_view s) {
    return s.find('{') == std::string_view::npos && s.find('}') == std::string_view::npos;
  };
  // ^\{\.?([^{}]+)\}$|^\.?([^{}]+)$
  std::string_view body;
  bool matched = false;
  if (expr.size() >= 2 && expr.front() == '{' && expr.back() == '}' &&
      no_braces(expr.substr(1, expr.size() - 2)) && expr.size() > 2) {
    body = expr.substr(1, expr.size() - 2);
    matched = true;
  } else if (no_braces(expr)) {
    body = expr;
    matched = true;
  }
  if (!matched) {
    return Status::InvalidArgument(
        "unexpected path string, expected a 'name1.name2' or '.name1.name2' or "
        "'{name1.name2}' or '{.name1.name2}'");
  }
  if (body.size() > 1 && body.front() == '.') body.remove_prefix(1);
  return fmt::format("{{.{}}}", body);
}

std::string RelaxedJsonPath(std::string_view expr) {
  Result<std::string> relaxed = RelaxedJsonPathExpression(expr);
  return relaxed.ok() ? *relaxed : std::string(expr);
}

std::string KubectlParseError(std::string_view tmpl, const Status& parse_error) {
  return fmt::format("error parsing jsonpath {}, {}", tmpl, parse_error.message());
}

std::string KubectlExecuteError(std::string_view tmpl, const Status& exec_error,
                                const api::Value& data) {
  std::string details = fmt::format(
      "Error executing template: {}. Printing more information for debugging the template:\n"
      "\ttemplate was:\n\t\t{}\n"
      "\tobject given to jsonpath engine was:\n\t\t{}\n\n",
      exec_error.message(), tmpl, GoSyntax(data));
  return fmt::format("error executing jsonpath {}: {}\n", GoQuote(tmpl), details);
}

}  // namespace snapsim::kubectl
