// Quantity: a Kubernetes resource quantity ("20Gi", "100m", "1.5G", "2e3").
//
// Held exactly as an integer count of milli-units, which covers every storage
// size ECS offers (up to 64 TiB) and CPU millicores. Printing follows
// apimachinery's canonical form: the suffix family of the input (binary SI,
// decimal SI or decimal exponent) and the largest suffix that keeps the number
// an integer, so "1024Mi" prints as "1Gi" and "1500m" stays "1500m".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sim/engine/status.h"

namespace snapsim::api {

class Quantity {
 public:
  enum class Format { kBinarySI, kDecimalSI, kDecimalExponent };

  Quantity() = default;
  static Quantity FromBytes(std::int64_t bytes, Format f = Format::kBinarySI);
  // Parses a quantity string. Errors use apimachinery's wording:
  // "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'".
  static Result<Quantity> Parse(std::string_view s);

  // The value rounded up to a whole unit (bytes for storage).
  std::int64_t Value() const;
  std::int64_t MilliValue() const { return milli_; }
  Format format() const { return format_; }
  std::string ToString() const;  // canonical form

  friend bool operator==(const Quantity& a, const Quantity& b) { return a.milli_ == b.milli_; }
  friend auto operator<=>(const Quantity& a, const Quantity& b) { return a.milli_ <=> b.milli_; }

 private:
  std::int64_t milli_ = 0;
  Format format_ = Format::kDecimalSI;
};

// The quantity regex message apimachinery returns for a malformed quantity.
inline constexpr std::string_view kQuantityRegexMessage =
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

}  // namespace snapsim::api
