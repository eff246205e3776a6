// The aliyun CLI's "Did you mean" suggestions: candidates within edit distance 2
// (insert 1, delete 1, substitute 2, as the CLI's Levenshtein options), keeping only
// those at the smallest distance found, in candidate order.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace snapsim::aliyun {

int EditDistance(std::string_view a, std::string_view b);
std::vector<std::string> Suggest(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace snapsim::aliyun
