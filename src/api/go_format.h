// Go-compatible text renderings of Values: what Go's fmt and strconv print for the
// same JSON decoded into interface{} (kubectl's jsonpath, apiserver error messages).
//
// kubectl evaluates jsonpath over Go `map[string]interface{}` data and prints with the
// fmt package; these helpers reproduce those exact spellings over api::Value:
//   GoFloat      fmt "%v" of a float64: strconv 'g' shortest ("0.5", "1e+06", "1.5e-05").
//   GoValue      fmt "%v": strings raw, nil as "<nil>", maps as "map[k:v k2:v2]" (keys sorted),
//                slices as "[a b]". kubectl wait compares this against --for=jsonpath values.
//   GoSyntax     fmt "%#v" of map[string]interface{} data: `map[string]interface {}{"k":1}`,
//                nested `[]interface {}{...}`, null as `interface {}(nil)`, strings quoted.
//   GoQuote      strconv.Quote (fmt "%q").
//   GoUnicode    fmt "%#U" of a rune: "U+002A '*'" ("U+0009" when not printable).
//   JsonpathText what client-go's jsonpath prints for one selected value: objects and arrays
//                as compact JSON (Go json.Marshal, HTML-escaped), everything else as "%v"
//                except that null prints "null".
// Also the small UTF-8 and rune-class helpers the jsonpath parser needs. Pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "src/api/value.h"

namespace snapsim::api {

std::string GoFloat(double d);
std::string GoValue(const Value& v);
std::string GoSyntax(const Value& v);
std::string GoQuote(std::string_view s);
std::string GoUnicode(char32_t r);
std::string JsonpathText(const Value& v);

// Decodes one rune at `pos` like Go's utf8.DecodeRuneInString: invalid input yields
// U+FFFD with width 1. REQUIRES: pos < s.size().
char32_t DecodeRune(std::string_view s, std::size_t pos, std::size_t* width);
void AppendRune(std::string& out, char32_t r);
// unicode.IsLetter || unicode.IsDigit || '_' (approximate outside ASCII: common symbol,
// punctuation and private-use blocks are excluded, everything else counts as a letter).
bool IsAlphaNumericRune(char32_t r);
// strconv.IsPrint (approximate outside Latin-1).
bool IsPrintRune(char32_t r);

}  // namespace snapsim::api
