#include "tests/binding_model.h"

#include <fmt/format.h>

#include <set>

namespace snapsim::props {

std::string BindingModel::DynamicContentKey(const std::string& snapshot, int generation) {
  return fmt::format("{}#{}", snapshot, generation);
}

int BindingModel::NextGeneration(const std::string& snapshot) const {
  auto it = generations.find(snapshot);
  return it == generations.end() ? 0 : it->second;
}

void BindingModel::CreateClass(const std::string& name, const std::string& policy) {
  classes[name] = policy;
  Settle();
}

void BindingModel::DeleteClass(const std::string& name) {
  classes.erase(name);
  Settle();
}

void BindingModel::CreateClaim(const std::string& name, const std::string& restored_from) {
  claims[name] = ModelClaim{restored_from, false, false};
  Settle();
}

void BindingModel::DeleteClaim(const std::string& name) {
  auto it = claims.find(name);
  if (it != claims.end()) it->second.terminating = true;  // gone below unless protected
  Settle();
}

void BindingModel::CreateSnapshot(const std::string& name, const std::string& claim,
                                  const std::string& cls) {
  ModelSnapshot s;
  s.dynamic = true;
  s.claim = claim;
  s.cls = cls;
  s.generation = generations[name]++;
  snapshots[name] = s;
  Settle();
}

void BindingModel::ImportStatic(const std::string& name, const std::string& content,
                                const std::string& policy) {
  ModelSnapshot s;
  s.dynamic = false;
  s.ready = true;
  s.synced = true;
  s.content = content;
  snapshots[name] = s;
  contents[content] = ModelContent{false, policy, name, false};
  ++ecs_snapshots;
  Settle();
}

void BindingModel::DeleteSnapshot(const std::string& name) {
  auto it = snapshots.find(name);
  if (it == snapshots.end()) return;
  if (it->second.ready) {
    auto c = contents.find(it->second.content);
    if (c != contents.end()) {
      if (c->second.policy == "Delete") {  // D1
        contents.erase(c);
        --ecs_snapshots;
      } else if (c->second.terminating) {  // D3 then D2: released without a CSI call
        contents.erase(c);
      } else {  // D2
        c->second.snapshot.clear();
      }
    }
  }
  snapshots.erase(it);  // D4 when not ready
  Settle();
}

void BindingModel::DeleteContent(const std::string& key) {
  auto c = contents.find(key);
  if (c == contents.end()) return;
  if (!c->second.snapshot.empty()) {
    c->second.terminating = true;  // D3
  } else {
    if (c->second.policy == "Delete") --ecs_snapshots;
    contents.erase(c);
  }
  Settle();
}

void BindingModel::PatchContentPolicy(const std::string& key, const std::string& policy) {
  auto c = contents.find(key);
  if (c != contents.end()) c->second.policy = policy;
  Settle();
}

void BindingModel::Settle() {
  std::set<std::string> in_use;  // claims named by an unready snapshot
  for (auto& [name, s] : snapshots) {
    if (!s.dynamic || s.ready) continue;
    auto cls = classes.find(s.cls);
    auto claim = claims.find(s.claim);
    if (cls != classes.end()) s.synced = true;
    if (cls == classes.end() || claim == claims.end()) {
      in_use.insert(s.claim);
      continue;
    }
    claim->second.protected_ = true;  // ensurePVCFinalizer, then the content
    s.ready = true;
    s.content = DynamicContentKey(name, s.generation);
    contents[s.content] = ModelContent{true, cls->second, name, false};
    ++ecs_snapshots;
  }
  for (auto it = claims.begin(); it != claims.end();) {
    if (in_use.count(it->first) == 0) it->second.protected_ = false;
    if (it->second.terminating && !it->second.protected_) {
      it = claims.erase(it);
    } else {
      ++it;
    }
  }
}

bool BindingModel::DeletableWithoutSync(const std::string& snapshot) const {
  auto s = snapshots.find(snapshot);
  if (s == snapshots.end()) return false;
  if (s->second.ready || s->second.synced) return true;
  auto claim = claims.find(s->second.claim);
  return claim == claims.end() || !claim->second.protected_;
}

BindingModel::Rest BindingModel::ExpectedRest() const {
  Rest rest = Rest::kAtRest;
  for (const auto& [name, s] : snapshots) {
    if (!s.ready) return Rest::kBusy;
    if (s.dynamic && classes.count(s.cls) == 0) rest = Rest::kEither;
  }
  return rest;
}

std::string BindingModel::Describe() const {
  std::string out = "model:\n";
  for (const auto& [name, policy] : classes) out += fmt::format("  class {} {}\n", name, policy);
  for (const auto& [name, c] : claims) {
    out += fmt::format("  claim {}{}{}{}\n", name,
                       c.restored_from.empty() ? "" : " from " + c.restored_from,
                       c.protected_ ? " pvc-as-source" : "", c.terminating ? " terminating" : "");
  }
  for (const auto& [name, s] : snapshots) {
    out += fmt::format(
        "  snapshot {} {} ready={} content={}\n", name,
        s.dynamic ? fmt::format("dynamic(claim={}, class={})", s.claim, s.cls) : "static", s.ready,
        s.content);
  }
  for (const auto& [key, c] : contents) {
    out += fmt::format("  content {} {} {} snapshot={}{}\n", key, c.dynamic ? "dynamic" : "static",
                       c.policy, c.snapshot.empty() ? "-" : c.snapshot,
                       c.terminating ? " terminating" : "");
  }
  out += fmt::format("  ECS snapshots: {}\n", ecs_snapshots);
  return out;
}

}  // namespace snapsim::props
