// HumanSize: coreutils' human_readable() as `ls -lh` and `df -h` call it (autoscale,
// powers of 1024, suffixes K M G T P E, no "B", rounding up): 0 -> "0", 512 -> "512",
// 1025 -> "1.1K", 4096 -> "4.0K", 10241 -> "11K", 1048575 -> "1.0M". One decimal is
// shown while the scaled value is below 10. Pure.
#pragma once

#include <cstdint>
#include <string>

namespace snapsim::csi::shell {

std::string HumanSize(std::uint64_t bytes);

// ceil(a / b) for b > 0.
inline std::uint64_t CeilDiv(std::uint64_t a, std::uint64_t b) { return a / b + (a % b != 0); }

}  // namespace snapsim::csi::shell
