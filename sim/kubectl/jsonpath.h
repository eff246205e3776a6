// kubectl's JSONPath templates (k8s.io/client-go/util/jsonpath), over api::Value.
//
// Used by `kubectl get -o jsonpath=...`, `kubectl wait --for=jsonpath=...`, custom columns
// and scenario `save: { VAR: "{.SnapshotId}" }`. Grammar and semantics are client-go's,
// quirks included:
//   text outside braces is literal; `{...}` is an action; `{"\n"}` / `{'x'}` is quoted text
//   `.a.b`, `$`/`@` (no-ops: the current object, which inside a range is the element),
//   `.a\.b` (escaped dot in a key), `['a']` (NB: `['a.b']` means `.a.b`, as upstream),
//   `[0]`, `[-1]`, `[1:3]`, `[:2]`, `[::2]`, `[*]`, `.*`, `..name`, unions `[0,2]` and
//   `['a','b']` (a comma outside brackets, `{.a,.b}`, is a parse error upstream too),
//   filters `[?(@.x)]` (exists) and `[?(@.x OP literal)]` with == != < <= > >=,
//   `{range EXPR}...{end}` (nested), literals 1, 1.5, true/false.
// Comparisons follow Go's text/template: both sides must be the same basic kind (int vs
// int, float vs float, string, bool), else "incompatible types for comparison".
//
// Printing (Execute) is client-go's PrintResults: per top-level expression the selected
// values joined by one space; strings raw, ints in decimal, doubles as Go "%v" ("0.5",
// "1e+06"), bools, null as "null", objects and arrays as compact JSON with sorted keys and
// Go's HTML escaping (`{"app":"nginx"}`). Object members are visited in sorted key order
// (Go's map order is random; sorted is one of its outcomes and is deterministic).
//
// Errors carry client-go's bare messages; callers add kubectl's prefixes:
//   parse:   kubectl get prints "error: error parsing jsonpath <template>, <message>\n"
//            (see KubectlParseError), e.g. "... {.a, unclosed action".
//   execute: e.g. "a is not found" (only with allow_missing_keys=false),
//            "array index out of bounds: index 0, length 0" (always an error),
//            "map[string]interface {} is not array or slice"; kubectl get wraps it as
//            KubectlExecuteError shows.
// Status codes: parse errors and most execution errors are kInvalidArgument; a missing key
// is kNotFound.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/engine/status.h"
#include "src/api/value.h"

namespace snapsim::kubectl {

namespace jsonpath_internal {
struct Node;
}

class JsonPath {
 public:
  // The empty template: renders "" and selects nothing (so holders can be default-built).
  JsonPath();

  // Parses a template such as "{.items[0].metadata.name}" or
  // "{range .items[*]}{.metadata.name}{\"\\n\"}{end}". Text outside braces is literal.
  static Result<JsonPath> Parse(std::string_view text);

  // Renders the template against data, as kubectl prints it (-o jsonpath=).
  // allow_missing_keys=true (kubectl get's default) prints nothing for missing fields;
  // false returns NotFound "<key> is not found". Nothing is rendered on error.
  Result<std::string> Execute(const api::Value& data, bool allow_missing_keys = true) const;

  // `-o jsonpath-as-json=`: each top-level result list as an indented JSON array + "\n".
  Result<std::string> ExecuteJson(const api::Value& data, bool allow_missing_keys = true) const;

  // client-go's FindResults: one list per top-level node evaluated (literal text included;
  // a range contributes one list per body node per iteration). kubectl wait uses this
  // shape: more than one list => "given jsonpath expression matches more than one list",
  // more than one value in it => "... matches more than one value". The zero value of a
  // range over a null element is returned as null.
  Result<std::vector<std::vector<api::Value>>> FindResults(const api::Value& data,
                                                           bool allow_missing_keys = true) const;

  // The values each top-level expression selects, flattened in order (FindResults with
  // missing keys allowed, as kubectl wait does).
  Result<std::vector<api::Value>> Select(const api::Value& data) const;

  // The template text as given to Parse.
  const std::string& text() const { return text_; }

 private:
  JsonPath(std::string text, std::shared_ptr<const std::vector<jsonpath_internal::Node>> nodes)
      : text_(std::move(text)), nodes_(std::move(nodes)) {}

  std::string text_;
  std::shared_ptr<const std::vector<jsonpath_internal::Node>> nodes_;  // immutable, shared
};

// kubectl's "relaxed" form used by `kubectl wait --for=jsonpath=` and custom-columns:
// ".status.phase" / "status.phase" / "{.status.phase}" / "{status.phase}" all mean
// "{.status.phase}"; "" stays "". Input it cannot relax (braces inside, e.g.
// "{.a}{.b}") is returned unchanged; use RelaxedJsonPathExpression for kubectl's error.
std::string RelaxedJsonPath(std::string_view expr);
// kubectl's RelaxedJSONPathExpression, with its error: "unexpected path string, expected a
// 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'".
Result<std::string> RelaxedJsonPathExpression(std::string_view expr);

// The messages kubectl get builds around jsonpath failures (print as "error: " + message;
// kubectl adds a trailing "\n" only when the message lacks one):
//   "error parsing jsonpath <template>, <message>"
std::string KubectlParseError(std::string_view tmpl, const Status& parse_error);
//   "error executing jsonpath \"<template>\": Error executing template: <message>. Printing
//   more information for debugging the template:\n\ttemplate was:\n\t\t<template>\n\tobject
//   given to jsonpath engine was:\n\t\t<Go %#v of data>\n\n\n"
std::string KubectlExecuteError(std::string_view tmpl, const Status& exec_error,
                                const api::Value& data);

}  // namespace snapsim::kubectl
