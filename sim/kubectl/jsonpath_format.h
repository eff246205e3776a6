// The Go renderings kubectl's jsonpath uses (src/api/go_format.h), under kubectl's names.
#pragma once

#include "src/api/go_format.h"

namespace snapsim::kubectl {

using api::AppendRune;
using api::DecodeRune;
using api::GoFloat;
using api::GoQuote;
using api::GoSyntax;
using api::GoUnicode;
using api::GoValue;
using api::IsAlphaNumericRune;
using api::IsPrintRune;
using api::JsonpathText;

}  // namespace snapsim::kubectl
