// Test fixture for the kubectl command tests (kubectl_*_test.cc): a real ApiServer on
// a virtual clock, objects created from YAML through the server, and RunKubectl with
// an in-memory file map. Test-only.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "sim/engine/event_loop.h"
#include "sim/engine/rng.h"
#include "sim/kubectl/kubectl.h"
#include "src/api/kinds.h"
#include "src/api/registry.h"
#include "src/api/yaml.h"
#include "src/fake_apiserver/apiserver.h"
#include "src/fake_apiserver/decode.h"

namespace snapsim::kubectl {

class KubectlTest : public ::testing::Test {
 protected:
  explicit KubectlTest(int minor = 30) : rng_(1), server_(loop_, rng_, {.kube_minor = minor}) {
    env_.server = &server_;
    env_.loop = &loop_;
  }

  CommandResult Run(const std::vector<std::string>& args) {
    return RunKubectl(env_, args, [this](std::string_view name) -> Result<std::string> {
      auto it = files_.find(std::string(name));
      if (it == files_.end()) return Status::NotFound(std::string(name));
      return it->second;
    });
  }

  // Creates the object a YAML manifest describes (namespace "default" when namespaced and unset).
  api::ObjectPtr Create(std::string_view yaml) {
    auto doc = api::ParseYaml(yaml);
    EXPECT_TRUE(doc.ok()) << doc.status().message();
    if (!doc.ok()) return nullptr;
    auto decoded = api::DecodeManifest(*doc);
    EXPECT_TRUE(decoded.ok()) << decoded.status().message();
    if (!decoded.ok()) return nullptr;
    const api::KindInfo& kind = decoded->object->kind_info();
    std::string version(api::ParseApiVersion(decoded->api_version).version);
    auto obj = apiserver::DecodeBody(*doc, kind, version);
    EXPECT_TRUE(obj.ok()) << obj.error().message();
    if (!obj.ok()) return nullptr;
    if (kind.namespaced && (*obj)->metadata.namespace_.empty())
      (*obj)->metadata.namespace_ = "default";
    auto created = server_.Create(*obj, {.client = "test", .api_version = decoded->api_version});
    EXPECT_TRUE(created.ok()) << created.error().message();
    return created.ok() ? *created : nullptr;
  }

  // Replaces the status of an existing object with the one in `yaml` (a full manifest).
  api::ObjectPtr SetStatus(std::string_view yaml) {
    auto doc = api::ParseYaml(yaml);
    EXPECT_TRUE(doc.ok()) << doc.status().message();
    auto decoded = api::DecodeManifest(*doc);
    EXPECT_TRUE(decoded.ok()) << decoded.status().message();
    if (!decoded.ok()) return nullptr;
    api::MutableObjectPtr obj = decoded->object;
    if (obj->kind_info().namespaced && obj->metadata.namespace_.empty())
      obj->metadata.namespace_ = "default";
    api::ObjectPtr live =
        server_.Peek(obj->kind_info(), obj->metadata.namespace_, obj->metadata.name);
    EXPECT_NE(live, nullptr);
    if (live == nullptr) return nullptr;
    obj->metadata.resource_version = live->metadata.resource_version;
    auto r = server_.UpdateStatus(obj, {.client = "test"});
    EXPECT_TRUE(r.ok()) << r.error().message();
    return r.ok() ? *r : nullptr;
  }

  void Advance(engine::Nanos d) { loop_.RunUntil(loop_.Now() + d); }

  engine::EventLoop loop_;
  engine::Rng rng_;
  apiserver::ApiServer server_;
  KubectlEnv env_;
  std::map<std::string, std::string> files_;
};

}  // namespace snapsim::kubectl
