#include "sim/aliyun/suggest.h"

#include <algorithm>

namespace snapsim::aliyun {

int EditDistance(std::string_view a, std::string_view b) {
  std::vector<int> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = static_cast<int>(j);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = static_cast<int>(i);
    for (std::size_t j = 1; j <= b.size(); ++j) {
      int del = prev[j] + 1;
      int ins = cur[j - 1] + 1;
      int sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 2);
      cur[j] = std::min({del, ins, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::vector<std::string> Suggest(std::string_view word,
                                 const std::vector<std::string>& candidates) {
  int best = 2;
  std::vector<std::string> out;
  for (const auto& c : candidates) {
    int d = EditDistance(word, c);
    if (d > best) continue;
    if (d < best) {
      best = d;
      out.clear();
    }
    out.push_back(c);
  }
  return out;
}

}  // namespace snapsim::aliyun
