#include "src/csi/exec_shell/human_size.h"

namespace snapsim::csi::shell {

std::string HumanSize(std::uint64_t bytes) {
  constexpr std::uint64_t kBase = 1024;
  constexpr const char* kSuffix = "KMGTPEZY";
  std::uint64_t amt = bytes;
  if (amt < kBase) return std::to_string(amt);
  int exponent = 0;
  unsigned tenths = 0;
  // 0: exact; 1: below a half; 2: a half; 3: above a half (of the part below tenths).
  unsigned rounding = 0;
  do {
    std::uint64_t r10 = (amt % kBase) * 10 + tenths;
    std::uint64_t r2 = (r10 % kBase) * 2 + (rounding >> 1);
    amt /= kBase;
    tenths = static_cast<unsigned>(r10 / kBase);
    rounding = r2 < kBase ? (r2 + rounding != 0) : 2 + (kBase < r2 + rounding);
    ++exponent;
  } while (kBase <= amt && exponent < 8);

  std::string decimals;
  if (amt < 10) {
    if (rounding > 0) {  // ceiling
      ++tenths;
      rounding = 0;
      if (tenths == 10) {
        ++amt;
        tenths = 0;
      }
    }
    if (amt < 10) {
      decimals = "." + std::to_string(tenths);
      tenths = rounding = 0;
    }
  }
  if (rounding + tenths > 0) {
    ++amt;
    if (amt == kBase && exponent < 8) {
      ++exponent;
      amt = 1;
      decimals = ".0";
    }
  }
  return std::to_string(amt) + decimals + kSuffix[exponent - 1];
}

}  // namespace snapsim::csi::shell
