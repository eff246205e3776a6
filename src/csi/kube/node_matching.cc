#include "src/csi/kube/node_matching.h"

#include <algorithm>
#include <charconv>

namespace snapsim::csi::kube {
namespace {

bool ParseInt(std::string_view s, std::int64_t& out) {
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

bool Contains(const std::vector<std::string>& values, std::string_view v) {
  return std::find(values.begin(), values.end(), v) != values.end();
}

}  // namespace

bool MatchNodeSelectorRequirement(const api::NodeSelectorRequirement& req, const Labels& labels) {
  auto it = labels.find(req.key);
  bool has = it != labels.end();
  const std::string& op = req.operator_;
  if (op == "In") return has && Contains(req.values, it->second);
  if (op == "NotIn") return !has || !Contains(req.values, it->second);
  if (op == "Exists") return has;
  if (op == "DoesNotExist") return !has;
  if (op == "Gt" || op == "Lt") {
    std::int64_t want = 0, got = 0;
    if (!has || req.values.size() != 1 || !ParseInt(req.values[0], want) ||
        !ParseInt(it->second, got))
      return false;
    return op == "Gt" ? got > want : got < want;
  }
  return false;
}

bool MatchNodeSelectorTerms(const api::NodeSelector& selector, const Labels& labels,
                            std::string_view node_name) {
  Labels fields;
  if (!node_name.empty()) fields["metadata.name"] = std::string(node_name);
  for (const auto& term : selector.node_selector_terms) {
    if (term.match_expressions.empty() && term.match_fields.empty()) continue;
    bool ok = std::all_of(term.match_expressions.begin(), term.match_expressions.end(),
                          [&](const auto& r) { return MatchNodeSelectorRequirement(r, labels); });
    ok = ok && std::all_of(term.match_fields.begin(), term.match_fields.end(), [&](const auto& r) {
           return r.key == "metadata.name" && (r.operator_ == "In" || r.operator_ == "NotIn") &&
                  MatchNodeSelectorRequirement(r, fields);
         });
    if (ok) return true;
  }
  return false;
}

bool VolumeNodeAffinityMatches(const api::PersistentVolume& pv, const Labels& node_labels) {
  if (!pv.spec.node_affinity || !pv.spec.node_affinity->required) return true;
  // CheckNodeAffinity builds a node from the labels alone: matchFields never match.
  return MatchNodeSelectorTerms(*pv.spec.node_affinity->required, node_labels, "");
}

bool MatchTopologySelectorTerms(const std::vector<api::TopologySelectorTerm>& terms,
                                const Labels& labels) {
  if (terms.empty()) return true;
  for (const auto& term : terms) {
    if (term.match_label_expressions.empty()) continue;
    bool ok = std::all_of(term.match_label_expressions.begin(), term.match_label_expressions.end(),
                          [&](const api::TopologySelectorLabelRequirement& r) {
                            auto it = labels.find(r.key);
                            return it != labels.end() && Contains(r.values, it->second);
                          });
    if (ok) return true;
  }
  return false;
}

bool TolerationToleratesTaint(const api::Toleration& t, const api::Taint& taint) {
  if (!t.effect.empty() && t.effect != taint.effect) return false;
  if (!t.key.empty() && t.key != taint.key) return false;
  if (t.operator_.empty() || t.operator_ == "Equal") return t.value == taint.value;
  return t.operator_ == "Exists";
}

std::optional<api::Taint> FindUntoleratedTaint(const std::vector<api::Taint>& taints,
                                               const std::vector<api::Toleration>& tolerations) {
  for (const auto& taint : taints) {
    if (taint.effect != "NoSchedule" && taint.effect != "NoExecute") continue;
    bool tolerated =
        std::any_of(tolerations.begin(), tolerations.end(),
                    [&](const api::Toleration& t) { return TolerationToleratesTaint(t, taint); });
    if (!tolerated) return taint;
  }
  return std::nullopt;
}

std::optional<api::NodeSelector> PodRequiredNodeAffinity(const api::PodSpec& spec) {
  const api::Value* na = spec.affinity.Find("nodeAffinity");
  const api::Value* req = na ? na->Find("requiredDuringSchedulingIgnoredDuringExecution") : nullptr;
  if (req == nullptr || req->is_null()) return std::nullopt;
  api::NodeSelector selector;
  api::DecodeContext ctx;
  api::Decode(*req, selector, ctx);
  return selector;
}

bool PodMatchesNodeSelectorAndAffinity(const api::PodSpec& spec, const api::Node& node) {
  for (const auto& [k, v] : spec.node_selector) {
    auto it = node.metadata.labels.find(k);
    if (it == node.metadata.labels.end() || it->second != v) return false;
  }
  if (auto required = PodRequiredNodeAffinity(spec)) {
    return MatchNodeSelectorTerms(*required, node.metadata.labels, node.metadata.name);
  }
  return true;
}

bool NodeIsReady(const api::Node& node) {
  for (const auto& c : node.status.conditions) {
    if (c.type == "Ready") return c.status == "True";
  }
  return false;
}

}  // namespace snapsim::csi::kube
