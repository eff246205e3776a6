// Lexical pieces of the jsonpath parser: the Go strconv functions and the two regular
// expressions of client-go's parser.go, re-implemented by hand with identical results.
//
// Internal to the jsonpath parser. Pure functions over bytes.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace snapsim::kubectl::jsonpath_internal {

// strconv.Atoi: optional sign, at least one ASCII digit, within int64.
bool GoAtoi(std::string_view s, std::int64_t* out);
// strconv.ParseFloat for what the parser feeds it (sign, digits, dots); false on a syntax
// error or overflow.
bool GoParseFloat(std::string_view s, double* out);
// client-go's UnquoteExtend: strconv.Unquote that also accepts single quotes. `s` includes
// the quotes. False means strconv.ErrSyntax ("invalid syntax").
bool UnquoteExtend(std::string_view s, std::string* out);
// ^(-?\d*)(:-?\d*)?(:-?\d*)?$ : the three groups ("" when absent), false if no match.
bool MatchSlice(std::string_view t, std::array<std::string_view, 3>* groups);
// ^([^!<>=]+)([!<>=]+)(.+?)$ : a filter's left side, operator and right side.
bool MatchComparison(std::string_view t, std::string_view* left, std::string_view* op,
                     std::string_view* right);

}  // namespace snapsim::kubectl::jsonpath_internal
