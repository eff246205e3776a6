#include "src/csi/provisioner/topology.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <map>

namespace snapsim::csi::provisioner {
namespace {

using Term = std::map<std::string, std::string>;

const std::vector<std::string>* TopologyKeys(const api::CSINode& node, std::string_view driver) {
  for (const auto& d : node.spec.drivers) {
    if (d.name == driver) return d.topology_keys ? &*d.topology_keys : nullptr;
  }
  return nullptr;
}

// getTopologyFromNode: nullopt when a key is missing.
std::optional<Term> TopologyFromNode(const api::Node& node, const std::vector<std::string>& keys) {
  Term t;
  for (const auto& k : keys) {
    auto it = node.metadata.labels.find(k);
    if (it == node.metadata.labels.end()) return std::nullopt;
    t[k] = it->second;
  }
  return t;
}

bool Subset(const Term& t, const Term& other) {
  for (const auto& [k, v] : t) {
    auto it = other.find(k);
    if (it == other.end() || it->second != v) return false;
  }
  return true;
}

std::string Hash(const Term& t) {
  std::string out;
  for (const auto& [k, v] : t) out += (out.empty() ? "" : ",") + k + "#" + v;
  return out;
}

std::string GoMap(const Term& t) {
  std::string out = "map[";
  bool first = true;
  for (const auto& [k, v] : t) {
    out += (first ? "" : " ") + k + ":" + v;
    first = false;
  }
  return out + "]";
}

std::string GoSlice(const std::vector<std::string>& v) {
  std::string out = "[";
  for (std::size_t i = 0; i < v.size(); ++i) out += (i ? " " : "") + v[i];
  return out + "]";
}

std::string GoTerms(const std::vector<Term>& terms) {
  std::string out = "[";
  for (std::size_t i = 0; i < terms.size(); ++i) out += (i ? " " : "") + GoMap(terms[i]);
  return out + "]";
}

std::vector<Term> Flatten(const std::vector<api::TopologySelectorTerm>& allowed) {
  std::vector<Term> final_terms;
  for (const auto& selector_term : allowed) {
    std::vector<Term> old_terms;
    for (const auto& expr : selector_term.match_label_expressions) {
      std::vector<Term> new_terms;
      for (const auto& v : expr.values) {
        if (old_terms.empty()) {
          new_terms.push_back({{expr.key, v}});
        } else {
          for (const auto& old : old_terms) {
            Term t = old;
            t[expr.key] = v;
            new_terms.push_back(std::move(t));
          }
        }
      }
      old_terms = std::move(new_terms);
    }
    final_terms.insert(final_terms.end(), old_terms.begin(), old_terms.end());
  }
  return final_terms;
}

std::vector<Term> DeduplicateSorted(const std::vector<Term>& terms) {
  std::map<std::string, Term> by_hash;
  for (const auto& t : terms) by_hash[Hash(t)] = t;
  std::vector<Term> out;
  for (auto& [h, t] : by_hash) out.push_back(t);
  return out;
}

std::vector<disk::Topology> ToCsi(const std::vector<Term>& terms) {
  std::vector<disk::Topology> out;
  for (const auto& t : terms) out.push_back(disk::Topology{t});
  return out;
}

}  // namespace

std::pair<std::uint32_t, std::uint32_t> ClaimNameHashAndOffset(std::string_view claim_name) {
  std::string_view hash_string = claim_name;
  std::uint32_t index = 0;
  std::size_t last_dash = claim_name.rfind('-');
  if (last_dash != std::string_view::npos) {
    std::string_view id = claim_name.substr(last_dash + 1);
    std::uint32_t n = 0;
    auto [ptr, ec] = std::from_chars(id.data(), id.data() + id.size(), n);
    if (!id.empty() && ec == std::errc() && ptr == id.data() + id.size()) {
      index = n;
      hash_string = claim_name.substr(0, last_dash);
      std::size_t dash = hash_string.rfind('-');
      if (dash != std::string_view::npos) hash_string = hash_string.substr(dash + 1);
    }
  }
  std::uint32_t hash = 2166136261u;  // FNV-1 32 (hash/fnv New32)
  for (unsigned char c : hash_string) {
    hash *= 16777619u;
    hash ^= c;
  }
  return {hash, index};
}

Result<std::optional<disk::TopologyRequirement>, TopologyError> GenerateAccessibilityRequirements(
    const TopologyInputs& in) {
  static const std::vector<api::TopologySelectorTerm> kNone;
  const auto& allowed = in.allowed_topologies ? *in.allowed_topologies : kNone;
  std::shared_ptr<const api::CSINode> selected_csinode;
  Term selected_topology;
  std::vector<Term> requisite;

  if (in.selected_node != nullptr) {
    for (const auto& c : in.csi_nodes) {
      if (c->metadata.name == in.selected_node->metadata.name) selected_csinode = c;
    }
    if (selected_csinode == nullptr) {
      // Wrapped with %v upstream, so not seen as NotFound: no reschedule.
      return TopologyError{false, fmt::format("error getting CSINode for selected node \"{}\": "
                                             "csinode.storage.k8s.io \"{}\" not found",
                                             in.selected_node->metadata.name,
                                             in.selected_node->metadata.name)};
    }
    const auto* keys = TopologyKeys(*selected_csinode, in.driver);
    if (keys == nullptr || keys->empty()) {
      return TopologyError{false, fmt::format("no topology key found on CSINode {}",
                                              selected_csinode->metadata.name)};
    }
    auto topo = TopologyFromNode(*in.selected_node, *keys);
    if (!topo) {
      return TopologyError{
          false, fmt::format("topology labels from selected node {} does not match topology keys "
                             "from CSINode {}",
                             GoMap(Term(in.selected_node->metadata.labels.begin(),
                                        in.selected_node->metadata.labels.end())),
                             GoSlice(*keys))};
    }
    selected_topology = *topo;
    if (in.strict_topology) {
      if (!allowed.empty()) {
        auto flat = Flatten(allowed);
        bool found = std::any_of(flat.begin(), flat.end(),
                                 [&](const Term& t) { return Subset(t, selected_topology); });
        if (!found) {
          return TopologyError{
              false, fmt::format("selected node '\"{}\"' topology '{}' is not in allowed "
                                 "topologies: {}",
                                 in.selected_node->metadata.name, GoMap(selected_topology),
                                 GoTerms(flat))};
        }
      }
      requisite.push_back(selected_topology);
    }
  }

  if (requisite.empty()) {
    if (!allowed.empty()) {
      requisite = Flatten(allowed);
    } else {
      if (in.selected_node == nullptr && !in.immediate_topology) return std::optional<disk::TopologyRequirement>();
      // aggregateTopologies.
      const std::vector<std::string>* keys = nullptr;
      if (selected_csinode == nullptr) {
        for (const auto& c : in.csi_nodes) {
          keys = TopologyKeys(*c, in.driver);
          if (keys != nullptr) break;
        }
        if (keys == nullptr || keys->empty()) return std::optional<disk::TopologyRequirement>();
      } else {
        keys = TopologyKeys(*selected_csinode, in.driver);
      }
      for (const auto& node : in.nodes) {
        if (auto t = TopologyFromNode(*node, *keys)) requisite.push_back(*t);
      }
      if (requisite.empty()) {
        return TopologyError{false, fmt::format("topologyKeys {} were not found on any nodes",
                                                GoSlice(*keys))};
      }
    }
  }
  if (requisite.empty()) return std::optional<disk::TopologyRequirement>();

  requisite = DeduplicateSorted(requisite);
  disk::TopologyRequirement req;
  req.requisite = ToCsi(requisite);
  std::vector<Term> preferred;
  if (selected_csinode == nullptr) {
    auto [hash, index] = ClaimNameHashAndOffset(in.claim_name);
    std::uint32_t i = static_cast<std::uint32_t>(hash + index) % requisite.size();
    preferred.insert(preferred.end(), requisite.begin() + i, requisite.end());
    preferred.insert(preferred.end(), requisite.begin(), requisite.begin() + i);
  } else if (in.strict_topology) {
    preferred = requisite;
  } else {
    for (std::size_t i = 0; i < requisite.size(); ++i) {
      if (Subset(requisite[i], selected_topology)) {
        preferred.insert(preferred.end(), requisite.begin() + i, requisite.end());
        preferred.insert(preferred.end(), requisite.begin(), requisite.begin() + i);
        break;
      }
    }
    if (preferred.empty()) {
      return TopologyError{false, fmt::format("topology {} from selected node \"{}\" is not in "
                                              "requisite: {}",
                                              GoMap(selected_topology),
                                              in.selected_node->metadata.name, GoTerms(requisite))};
    }
  }
  req.preferred = ToCsi(preferred);
  return std::optional<disk::TopologyRequirement>(std::move(req));
}

std::optional<api::VolumeNodeAffinity> VolumeNodeAffinity(const std::vector<disk::Topology>& topologies) {
  if (topologies.empty()) return std::nullopt;
  api::NodeSelector selector;
  for (const auto& t : topologies) {
    if (t.segments.empty()) continue;
    api::NodeSelectorTerm term;
    for (const auto& [k, v] : t.segments) term.match_expressions.push_back({k, "In", {v}});
    selector.node_selector_terms.push_back(std::move(term));
  }
  api::VolumeNodeAffinity affinity;
  affinity.required = std::move(selector);
  return affinity;
}

}  // namespace snapsim::csi::provisioner
