// Test fixture for the built-in controllers: a real EventLoop/Rng/ApiServer,
// nodes with ACK's labels and CSINodes, ACK's disk StorageClasses, and stand-ins
// for the components that do not exist yet, written as they would behave:
//  - FakeProvisioner: external-provisioner for diskplugin.csi.alibabacloud.com —
//    creates PV "pvc-<uid>" (claimRef with uid, zone nodeAffinity from the
//    selected node or a default zone, provisioned-by) for a claim annotated with
//    the provisioner (and a selected node under WaitForFirstConsumer), and
//    deletes Released Delete volumes it provisioned;
//  - kubelet helpers: MarkRunningReady() and FinishDeletion(), or a FakeKubelet
//    doing both automatically.
// Test-only (not part of the library).
#pragma once

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "sim/engine/event_loop.h"
#include "sim/engine/rng.h"
#include "sim/engine/work_queue.h"
#include "src/api/kinds.h"
#include "src/api/yaml.h"
#include "src/csi/kube/kube_names.h"
#include "src/fake_apiserver/apiserver.h"
#include "src/fake_apiserver/decode.h"
#include "src/fake_apiserver/informer.h"

namespace snapsim::csi::kube::testing {

inline constexpr std::string_view kDriver = "diskplugin.csi.alibabacloud.com";
inline constexpr std::string_view kDiskZoneKey = "topology.diskplugin.csi.alibabacloud.com/zone";

// A pod object alone (not in any API server), with a controller reference to
// `controller_uid` unless it is empty.
inline std::shared_ptr<api::Pod> BarePod(const std::string& ns, const std::string& name,
                                         const std::string& controller_uid = "") {
  auto pod = std::make_shared<api::Pod>();
  pod->metadata.namespace_ = ns;
  pod->metadata.name = name;
  if (!controller_uid.empty()) {
    api::OwnerReference ref;
    ref.uid = controller_uid;
    ref.controller = true;
    pod->metadata.owner_references.push_back(ref);
  }
  return pod;
}

// The ACK document's StatefulSet (nginx.yaml).
inline constexpr std::string_view kWebStatefulSet = R"(apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: nginx
  serviceName: "nginx"
  replicas: 1
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx
        volumeMounts:
        - name: disk-ssd
          mountPath: /data
  volumeClaimTemplates:
  - metadata:
      name: disk-ssd
    spec:
      accessModes: [ "ReadWriteOnce" ]
      storageClassName: "alicloud-disk-ssd"
      resources:
        requests:
          storage: 20Gi
)";

class FakeProvisioner {
 public:
  FakeProvisioner(apiserver::ApiServer& server, std::string default_zone)
      : server_(server),
        default_zone_(std::move(default_zone)),
        claims_(server, api::PersistentVolumeClaim::Info(), {.client = "csi-provisioner"}),
        volumes_(server, api::PersistentVolume::Info(), {.client = "csi-provisioner"}),
        queue_(server.loop(), "fake-provisioner", {},
               [this](const std::string& k) { return Sync(k); }) {
    auto claim = [this](const api::ObjectPtr& o) { queue_.Add("pvc:" + o->Key()); };
    claims_.AddHandlers(
        {claim, [=](const api::ObjectPtr&, const api::ObjectPtr& o) { claim(o); }, nullptr});
    auto volume = [this](const api::ObjectPtr& o) { queue_.Add("pv:" + o->metadata.name); };
    volumes_.AddHandlers(
        {volume, [=](const api::ObjectPtr&, const api::ObjectPtr& o) { volume(o); }, nullptr});
  }
  void Start() {
    volumes_.Start();
    claims_.Start();
  }
  void Stop() {
    claims_.Stop();
    volumes_.Stop();
    queue_.Reset();
  }
  int created() const { return created_; }

 private:
  Status Sync(const std::string& key) {
    apiserver::RequestContext ctx{.client = "csi-provisioner"};
    if (key.rfind("pv:", 0) == 0) {
      auto pv = api::As<api::PersistentVolume>(volumes_.Get("", key.substr(3)));
      if (pv == nullptr || pv->status.phase != "Released" ||
          pv->spec.persistent_volume_reclaim_policy != "Delete") {
        return Status::Ok();
      }
      const std::string* by = pv->metadata.Annotation(kAnnDynamicallyProvisioned);
      if (by == nullptr || *by != kDriver) return Status::Ok();
      auto r = server_.Delete(api::PersistentVolume::Info(), "", pv->metadata.name, {}, ctx);
      return r.ok() || r.error().Is(apiserver::ApiError::Reason::kNotFound) ? Status::Ok()
                                                                            : r.error().ToStatus();
    }
    std::string k = key.substr(4);
    auto claim = api::As<api::PersistentVolumeClaim>(
        claims_.Get(k.substr(0, k.find('/')), k.substr(k.find('/') + 1)));
    if (claim == nullptr || !claim->spec.volume_name.empty() || claim->metadata.being_deleted())
      return Status::Ok();
    const std::string* prov = claim->metadata.Annotation(kAnnBetaStorageProvisioner);
    if (prov == nullptr || *prov != kDriver) return Status::Ok();
    auto sc = api::As<api::StorageClass>(
        server_.Peek(api::StorageClass::Info(), "", *claim->spec.storage_class_name));
    if (sc == nullptr) return Status::Ok();
    const std::string* selected = claim->metadata.Annotation(kAnnSelectedNode);
    bool wffc = sc->volume_binding_mode.value_or("Immediate") == "WaitForFirstConsumer";
    if (wffc && selected == nullptr) return Status::Ok();
    std::string pv_name = "pvc-" + claim->metadata.uid;
    if (server_.Peek(api::PersistentVolume::Info(), "", pv_name) != nullptr) return Status::Ok();
    std::string zone = default_zone_;
    if (selected != nullptr) {
      api::ObjectPtr node = server_.Peek(api::Node::Info(), "", *selected);
      if (node != nullptr) zone = node->metadata.labels.at(std::string(kDiskZoneKey));
    }
    auto pv = std::make_shared<api::PersistentVolume>();
    pv->metadata.name = pv_name;
    pv->metadata.annotations[std::string(kAnnDynamicallyProvisioned)] = std::string(kDriver);
    pv->spec.capacity["storage"] = claim->spec.resources.requests.at("storage");
    pv->spec.access_modes = claim->spec.access_modes;
    api::ObjectReference ref;
    ref.api_version = "v1";
    ref.kind = "PersistentVolumeClaim";
    ref.namespace_ = claim->metadata.namespace_;
    ref.name = claim->metadata.name;
    ref.uid = claim->metadata.uid;
    ref.resource_version = claim->metadata.resource_version;
    pv->spec.claim_ref = ref;
    pv->spec.persistent_volume_reclaim_policy = sc->reclaim_policy.value_or("Delete");
    pv->spec.storage_class_name = sc->metadata.name;
    api::CSIPersistentVolumeSource csi;
    csi.driver = std::string(kDriver);
    csi.volume_handle = "d-" + claim->metadata.uid.substr(0, 8);
    ++created_;
    csi.fs_type = "ext4";
    pv->spec.csi = csi;
    api::NodeSelectorTerm term;
    term.match_expressions.push_back({std::string(kDiskZoneKey), "In", {zone}});
    pv->spec.node_affinity.emplace().required.emplace().node_selector_terms.push_back(term);
    auto r = server_.Create(pv, ctx);
    return r.ok() ? Status::Ok() : r.error().ToStatus();
  }

  apiserver::ApiServer& server_;
  std::string default_zone_;
  apiserver::Informer claims_;
  apiserver::Informer volumes_;
  engine::WorkQueue queue_;
  int created_ = 0;
};

class KubeTestBase : public ::testing::Test {
 protected:
  explicit KubeTestBase(int minor = 30) : rng_(1), server_(loop_, rng_, {.kube_minor = minor}) {}

  void AddNode(const std::string& name, const std::string& zone, bool ready = true) {
    auto node = std::make_shared<api::Node>();
    node->metadata.name = name;
    node->metadata.labels = {{"kubernetes.io/hostname", name},
                             {"topology.kubernetes.io/region", "cn-hangzhou"},
                             {"topology.kubernetes.io/zone", zone},
                             {std::string(kDiskZoneKey), zone}};
    auto created = server_.Create(node);
    ASSERT_TRUE(created.ok()) << created.error().message();
    auto st = api::CloneAs<api::Node>(*created);
    for (const char* key : {"cpu", "memory", "pods"}) {
      std::string_view v = std::string_view(key) == "cpu"      ? "4"
                           : std::string_view(key) == "memory" ? "15950364Ki"
                                                               : "64";
      st->status.allocatable[key] = *api::Quantity::Parse(v);
      st->status.capacity[key] = *api::Quantity::Parse(v);
    }
    st->status.conditions.push_back(
        {"Ready", ready ? "True" : "False", std::nullopt, std::nullopt, "KubeletReady", ""});
    ASSERT_TRUE(server_.UpdateStatus(st).ok());
    auto csinode = std::make_shared<api::CSINode>();
    csinode->metadata.name = name;
    api::CSINodeDriver d;
    d.name = std::string(kDriver);
    d.node_id = "i-" + name;
    d.topology_keys = std::vector<std::string>{std::string(kDiskZoneKey)};
    d.allocatable.emplace().count = 15;
    csinode->spec.drivers.push_back(d);
    ASSERT_TRUE(server_.Create(csinode).ok());
  }

  void AddStorageClass(const std::string& name, const std::string& binding,
                       const std::string& reclaim = "Delete",
                       const std::vector<std::string>& zones = {}) {
    auto sc = std::make_shared<api::StorageClass>();
    sc->metadata.name = name;
    sc->provisioner = std::string(kDriver);
    sc->parameters["type"] = "cloud_ssd";
    sc->reclaim_policy = reclaim;
    sc->volume_binding_mode = binding;
    if (!zones.empty()) {
      api::TopologySelectorTerm term;
      term.match_label_expressions.push_back({std::string(kDiskZoneKey), zones});
      sc->allowed_topologies.push_back(term);
    }
    ASSERT_TRUE(server_.Create(sc).ok());
  }

  api::ObjectPtr Apply(std::string_view yaml) {
    auto v = api::ParseYaml(yaml);
    EXPECT_TRUE(v.ok());
    std::string kind = v->Find("kind")->as_string();
    const api::KindInfo* info = kind == "StatefulSet" ? &api::StatefulSet::Info()
                                : kind == "PersistentVolumeClaim"
                                    ? &api::PersistentVolumeClaim::Info()
                                : kind == "Pod" ? &api::Pod::Info()
                                                : &api::PersistentVolume::Info();
    auto obj = apiserver::DecodeBody(*v, *info, "v1");
    EXPECT_TRUE(obj.ok()) << obj.error().message();
    auto created = server_.Create(*obj);
    EXPECT_TRUE(created.ok()) << created.error().message();
    return created.ok() ? *created : nullptr;
  }

  void Settle() { loop_.Settle(engine::kHour); }
  // Runs only `seconds` of virtual time (work still pending stays pending).
  void Settle(int seconds) { loop_.Settle(seconds * engine::kSecond); }

  template <class T>
  std::shared_ptr<const T> Get(const std::string& name, const std::string& ns = "default") {
    return api::As<T>(server_.Peek(T::Info(), T::Info().namespaced ? ns : "", name));
  }

  // The kubelet's part: the pod runs and its container is ready.
  void MarkRunningReady(const std::string& pod_name, bool ready = true) {
    auto pod = Get<api::Pod>(pod_name);
    ASSERT_NE(pod, nullptr) << pod_name;
    auto clone = api::CloneAs<api::Pod>(pod);
    clone->status.phase = "Running";
    clone->status.conditions.erase(
        std::remove_if(clone->status.conditions.begin(), clone->status.conditions.end(),
                       [](const api::PodCondition& c) { return c.type == "Ready"; }),
        clone->status.conditions.end());
    clone->status.conditions.push_back(
        {"Ready", ready ? "True" : "False", std::nullopt, server_.NowRfc3339(), "", ""});
    ASSERT_TRUE(server_.UpdateStatus(clone, {.client = "kubelet"}).ok());
  }

  // The kubelet finishing a graceful deletion.
  void FinishDeletion(const std::string& pod_name) {
    auto r = server_.Delete(api::Pod::Info(), "default", pod_name, {.grace_period_seconds = 0},
                            {.client = "kubelet"});
    ASSERT_TRUE(r.ok() || r.error().Is(apiserver::ApiError::Reason::kNotFound));
  }

  // "Type Reason Message" of the events about `name` (of `kind`), in creation order.
  std::vector<std::string> EventsFor(std::string_view kind, std::string_view name) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& obj : server_.PeekAll(api::Event::Info())) {
      auto e = api::As<api::Event>(obj);
      if (e->involved_object.kind != kind || e->involved_object.name != name) continue;
      out.emplace_back(e->first_timestamp.value_or("") + e->metadata.name,
                       fmt::format("{} {} {}", e->type, e->reason, e->message));
    }
    std::sort(out.begin(), out.end());
    std::vector<std::string> msgs;
    for (auto& [k, m] : out) msgs.push_back(m);
    return msgs;
  }
  int EventCount(std::string_view kind, std::string_view name, std::string_view reason) {
    for (const auto& obj : server_.PeekAll(api::Event::Info())) {
      auto e = api::As<api::Event>(obj);
      if (e->involved_object.kind == kind && e->involved_object.name == name && e->reason == reason)
        return e->count;
    }
    return 0;
  }

  int EventCountFor(std::string_view kind, std::string_view name, std::string_view message) {
    for (const auto& obj : server_.PeekAll(api::Event::Info())) {
      auto e = api::As<api::Event>(obj);
      if (e->involved_object.kind == kind && e->involved_object.name == name &&
          e->message == message)
        return e->count;
    }
    return 0;
  }

  engine::EventLoop loop_;
  engine::Rng rng_;
  apiserver::ApiServer server_;
};

}  // namespace snapsim::csi::kube::testing
