// Pod tables. The golden tables are real kubectl output (copied from published cluster
// transcripts, rows chosen so that every column keeps its original width), rebuilt here
// from objects that reproduce each row.
#include <gtest/gtest.h>

#include "sim/kubectl/columns.h"
#include "sim/kubectl/table_printer.h"
#include "sim/kubectl/table_test_util.h"

namespace snapsim::kubectl {
namespace {

using testing::Ago;
using testing::Print;
using testing::Sub;
using testing::Yaml;

// A pod with one container; `status` is the YAML of .status (indented 2 spaces).
api::Value MakePod(std::string ns, std::string name, std::int64_t age, std::string node,
                   std::string status, std::string extra_meta = "", int containers = 1) {
  std::string text = Sub(R"(apiVersion: v1
kind: Pod
metadata:
  name: @NAME@
  namespace: @NS@
  creationTimestamp: "@AGE@"
@META@spec:
  nodeName: @NODE@
  containers:
  - name: main
    image: busybox
@MORE@status:
@STATUS@
)",
                         {{"NAME", name},
                          {"NS", ns},
                          {"AGE", Ago(age)},
                          {"META", extra_meta},
                          {"NODE", node.empty() ? "\"\"" : node},
                          {"MORE", containers == 2 ? "  - name: side\n    image: busybox\n" : ""},
                          {"STATUS", status}});
  return Yaml(text);
}

std::string Running(std::string ip, int restarts = 0, std::string last_finished = "") {
  std::string s = "  phase: Running\n  podIP: " + ip + "\n  podIPs:\n  - ip: " + ip +
                  "\n  conditions:\n  - type: Ready\n    status: \"True\"\n"
                  "  containerStatuses:\n  - name: main\n    ready: true\n    restartCount: " +
                  std::to_string(restarts) + "\n    state:\n      running:\n        startedAt: \"" +
                  Ago(10) + "\"\n";
  if (!last_finished.empty()) {
    s += "    lastState:\n      terminated:\n        exitCode: 1\n        finishedAt: \"" +
         last_finished + "\"\n";
  }
  return s;
}

TEST(PodTable, K3sAllNamespacesWide) {
  // k3d v1.31.5+k3s1, `kubectl get pods -A -o wide`.
  std::vector<api::Value> pods = {
      MakePod("argocd-dev", "argocd-applicationset-controller-78f49df558-b5mnz", 290,
              "k3d-vyking-dev-agent-0", Running("10.42.0.5")),
      MakePod("argocd-dev", "argocd-server-556b554c94-5pclw", 290, "k3d-vyking-dev-server-0",
              Running("10.42.2.7", 1, Ago(275))),
      MakePod("ingress-nginx", "ingress-nginx-controller-b4b575f8-h27bz", 34,
              "k3d-vyking-dev-agent-0",
              "  phase: Pending\n  containerStatuses:\n  - name: main\n    ready: false\n"
              "    restartCount: 0\n    state:\n      waiting:\n        reason: ContainerCreating\n"),
      MakePod("kube-system", "helm-install-traefik-6xcsc", 800, "k3d-vyking-dev-server-0",
              "  phase: Succeeded\n  podIP: 10.42.2.3\n  containerStatuses:\n  - name: main\n"
              "    ready: false\n    restartCount: 0\n    state:\n      terminated:\n"
              "        exitCode: 0\n        reason: Completed\n"),
      MakePod("kube-system", "svclb-ingress-nginx-controller-cfddc8d6-2vn82", 33, "",
              "  phase: Pending\n  conditions:\n  - type: PodScheduled\n    status: \"False\"\n"
              "    reason: Unschedulable\n",
              "", 2),
      MakePod("mysql-dev", "mysql-0", 35, "k3d-vyking-dev-agent-1",
              "  phase: Pending\n  podIP: 10.42.1.13\n  initContainerStatuses:\n"
              "  - name: init\n    ready: false\n    restartCount: 0\n    state:\n      waiting:\n"
              "        reason: ImagePullBackOff\n  containerStatuses:\n  - name: main\n"
              "    ready: false\n    restartCount: 0\n    state:\n      waiting:\n"
              "        reason: PodInitializing\n"),
  };
  pods.back()["spec"]["initContainers"] = Yaml("- name: init\n  image: mysql\n");

  TableOptions opts;
  opts.kube_minor = 31;
  opts.wide = true;
  opts.with_namespace = true;
  EXPECT_EQ(
      Print("Pod", pods, opts),
      "NAMESPACE       NAME                                                READY   STATUS                  RESTARTS        AGE     IP           NODE                      NOMINATED NODE   READINESS GATES\n"
      "argocd-dev      argocd-applicationset-controller-78f49df558-b5mnz   1/1     Running                 0               4m50s   10.42.0.5    k3d-vyking-dev-agent-0    <none>           <none>\n"
      "argocd-dev      argocd-server-556b554c94-5pclw                      1/1     Running                 1 (4m35s ago)   4m50s   10.42.2.7    k3d-vyking-dev-server-0   <none>           <none>\n"
      "ingress-nginx   ingress-nginx-controller-b4b575f8-h27bz             0/1     ContainerCreating       0               34s     <none>       k3d-vyking-dev-agent-0    <none>           <none>\n"
      "kube-system     helm-install-traefik-6xcsc                          0/1     Completed               0               13m     10.42.2.3    k3d-vyking-dev-server-0   <none>           <none>\n"
      "kube-system     svclb-ingress-nginx-controller-cfddc8d6-2vn82       0/2     Pending                 0               33s     <none>       <none>                    <none>           <none>\n"
      "mysql-dev       mysql-0                                             0/1     Init:ImagePullBackOff   0               35s     10.42.1.13   k3d-vyking-dev-agent-1    <none>           <none>\n");
}

api::Value Terminating(std::string name, std::int64_t age, std::string node, std::string ip) {
  api::Value pod = MakePod("rs-lab", name, age, node, Running(ip));
  pod["metadata"]["deletionTimestamp"] = Ago(-30);
  return pod;
}

TEST(PodTable, TerminatingWide) {
  // kind cluster after `kubectl scale rs snack-rs --replicas=2`, `kubectl get pods -o wide`.
  std::vector<api::Value> pods = {
      MakePod("rs-lab", "snack-rs-6s8m9", 25, "lab-worker2", Running("10.244.3.3")),
      Terminating("snack-rs-ldzjc", 25, "lab-worker2", "10.244.3.2"),
      MakePod("rs-lab", "snack-rs-trdgg", 25, "lab-worker", Running("10.244.1.10")),
      Terminating("snack-rs-m259n", 17, "lab-worker", "10.244.1.11"),
      Terminating("snack-rs-zsdq7", 17, "lab-worker2", "10.244.3.4"),
  };
  TableOptions opts;
  opts.wide = true;
  EXPECT_EQ(Print("Pod", pods, opts),
            "NAME             READY   STATUS        RESTARTS   AGE   IP            NODE          NOMINATED NODE   READINESS GATES\n"
            "snack-rs-6s8m9   1/1     Running       0          25s   10.244.3.3    lab-worker2   <none>           <none>\n"
            "snack-rs-ldzjc   1/1     Terminating   0          25s   10.244.3.2    lab-worker2   <none>           <none>\n"
            "snack-rs-trdgg   1/1     Running       0          25s   10.244.1.10   lab-worker    <none>           <none>\n"
            "snack-rs-m259n   1/1     Terminating   0          17s   10.244.1.11   lab-worker    <none>           <none>\n"
            "snack-rs-zsdq7   1/1     Terminating   0          17s   10.244.3.4    lab-worker2   <none>           <none>\n");
}

const char kCreating[] =
    "  phase: Pending\n  containerStatuses:\n  - name: main\n    ready: false\n"
    "    restartCount: 0\n    state:\n      waiting:\n        reason: ContainerCreating\n";
const char kSnackLabels[] = "  labels:\n    app: snack\n";

TEST(PodTable, ShowLabels) {
  // `kubectl get pods --show-labels`, a pod deleted while still creating.
  std::vector<api::Value> pods = {
      MakePod("rs-lab", "snack-rs-29zjp", 20, "w", Running("10.0.0.1"), kSnackLabels),
      MakePod("rs-lab", "snack-rs-ldj4t", 20, "w", Running("10.0.0.2"), kSnackLabels),
      MakePod("rs-lab", "snack-rs-ps7x9", 20, "w", Running("10.0.0.3"), kSnackLabels),
      MakePod("rs-lab", "stray", 0, "w", kCreating, kSnackLabels),
  };
  pods.back()["metadata"]["deletionTimestamp"] = Ago(-30);
  TableOptions opts;
  opts.show_labels = true;
  EXPECT_EQ(Print("Pod", pods, opts),
            "NAME             READY   STATUS        RESTARTS   AGE   LABELS\n"
            "snack-rs-29zjp   1/1     Running       0          20s   app=snack\n"
            "snack-rs-ldj4t   1/1     Running       0          20s   app=snack\n"
            "snack-rs-ps7x9   1/1     Running       0          20s   app=snack\n"
            "stray            0/1     Terminating   0          0s    app=snack\n");

  // A pod without labels shows <none>.
  pods = {
      MakePod("rs-lab", "snack-rs-cd24l", 102, "w", Running("10.0.0.1")),
      MakePod("rs-lab", "snack-rs-f4p6n", 102, "w", Running("10.0.0.2"), kSnackLabels),
      MakePod("rs-lab", "snack-rs-h9wk2", 1, "w", kCreating, kSnackLabels),
      MakePod("rs-lab", "stray", 103, "w", Running("10.0.0.3"), kSnackLabels),
  };
  EXPECT_EQ(Print("Pod", pods, opts),
            "NAME             READY   STATUS              RESTARTS   AGE    LABELS\n"
            "snack-rs-cd24l   1/1     Running             0          102s   <none>\n"
            "snack-rs-f4p6n   1/1     Running             0          102s   app=snack\n"
            "snack-rs-h9wk2   0/1     ContainerCreating   0          1s     app=snack\n"
            "stray            1/1     Running             0          103s   app=snack\n");
}

// The STATUS, READY and RESTARTS cells the server computes for one pod.
std::vector<api::Value> Cells(const api::Value& pod, int minor = 30) {
  Result<ServerTable> t = ConvertToTable("Pod", {pod}, minor, testing::kNow);
  if (!t.ok()) {
    ADD_FAILURE() << t.status().ToString();
    return {};
  }
  return {t->rows[0][1], t->rows[0][2], t->rows[0][3]};
}

TEST(PodStatus, RestartsSuffixFrom122) {
  api::Value pod = MakePod("d", "p", 3600, "n", Running("1.2.3.4", 5, Ago(300)));
  EXPECT_EQ(Cells(pod, 22)[2], api::Value("5 (5m ago)"));
  EXPECT_EQ(Cells(pod, 21)[2], api::Value(std::int64_t{5}));  // an integer column before 1.22
  // Without a recorded termination there is no suffix.
  pod = MakePod("d", "p", 3600, "n", Running("1.2.3.4", 2));
  EXPECT_EQ(Cells(pod, 30)[2], api::Value("2"));
}

TEST(PodStatus, ContainerStates) {
  api::Value crash = MakePod("d", "p", 60, "n",
                             "  phase: Running\n  containerStatuses:\n  - name: main\n"
                             "    ready: false\n    restartCount: 3\n    state:\n      waiting:\n"
                             "        reason: CrashLoopBackOff\n");
  EXPECT_EQ(Cells(crash)[1], api::Value("CrashLoopBackOff"));
  EXPECT_EQ(Cells(crash)[0], api::Value("0/1"));

  api::Value killed = MakePod("d", "p", 60, "n",
                              "  phase: Failed\n  containerStatuses:\n  - name: main\n"
                              "    ready: false\n    restartCount: 0\n    state:\n"
                              "      terminated:\n        exitCode: 137\n        signal: 9\n");
  EXPECT_EQ(Cells(killed)[1], api::Value("Signal:9"));
  api::Value exited = MakePod("d", "p", 60, "n",
                              "  phase: Failed\n  containerStatuses:\n  - name: main\n"
                              "    ready: false\n    restartCount: 0\n    state:\n"
                              "      terminated:\n        exitCode: 2\n");
  EXPECT_EQ(Cells(exited)[1], api::Value("ExitCode:2"));

  // A pod with no container statuses shows its phase; status.reason wins over the phase.
  api::Value evicted = MakePod("d", "p", 60, "n", "  phase: Failed\n  reason: Evicted\n");
  EXPECT_EQ(Cells(evicted)[1], api::Value("Evicted"));
}

TEST(PodStatus, CompletedWithRunningContainer) {
  api::Value pod = MakePod("d", "p", 60, "n",
                           "  phase: Running\n  containerStatuses:\n  - name: main\n"
                           "    ready: true\n    restartCount: 0\n    state:\n      running: {}\n"
                           "  - name: side\n    ready: false\n    restartCount: 0\n    state:\n"
                           "      terminated:\n        exitCode: 0\n        reason: Completed\n",
                           "", 2);
  EXPECT_EQ(Cells(pod)[1], api::Value("NotReady"));  // no Ready condition
  pod["status"]["conditions"] = Yaml("- type: Ready\n  status: \"True\"\n");
  EXPECT_EQ(Cells(pod)[1], api::Value("Running"));
  EXPECT_EQ(Cells(pod)[0], api::Value("1/2"));
}

TEST(PodStatus, InitContainers) {
  api::Value pod = MakePod("d", "p", 60, "n",
                           "  phase: Pending\n  initContainerStatuses:\n  - name: a\n"
                           "    ready: false\n    restartCount: 0\n    state:\n      terminated:\n"
                           "        exitCode: 0\n        reason: Completed\n  - name: b\n"
                           "    ready: false\n    restartCount: 0\n    state:\n      running: {}\n");
  pod["spec"]["initContainers"] = Yaml("- name: a\n  image: x\n- name: b\n  image: x\n");
  EXPECT_EQ(Cells(pod)[1], api::Value("Init:1/2"));

  api::Value failed = MakePod("d", "p", 60, "n",
                              "  phase: Pending\n  initContainerStatuses:\n  - name: a\n"
                              "    ready: false\n    restartCount: 4\n    state:\n"
                              "      terminated:\n        exitCode: 1\n        reason: Error\n");
  failed["spec"]["initContainers"] = Yaml("- name: a\n  image: x\n");
  EXPECT_EQ(Cells(failed)[1], api::Value("Init:Error"));
  EXPECT_EQ(Cells(failed)[2], api::Value("4"));

  // A started sidecar (restartPolicy Always) counts towards READY from 1.28.
  api::Value sidecar = MakePod("d", "p", 60, "n",
                               "  phase: Running\n  initContainerStatuses:\n  - name: proxy\n"
                               "    ready: true\n    started: true\n    restartCount: 0\n"
                               "    state:\n      running: {}\n  containerStatuses:\n"
                               "  - name: main\n    ready: true\n    restartCount: 0\n"
                               "    state:\n      running: {}\n");
  sidecar["spec"]["initContainers"] = Yaml("- name: proxy\n  image: x\n  restartPolicy: Always\n");
  EXPECT_EQ(Cells(sidecar, 28)[0], api::Value("2/2"));
  EXPECT_EQ(Cells(sidecar, 28)[1], api::Value("Running"));
  // Before 1.28 the field does not exist, so the container is an ordinary init container.
  EXPECT_EQ(Cells(sidecar, 27)[1], api::Value("Init:0/1"));
}

TEST(PodStatus, TerminatingRules) {
  api::Value done = MakePod("d", "p", 60, "n",
                            "  phase: Succeeded\n  containerStatuses:\n  - name: main\n"
                            "    ready: false\n    restartCount: 0\n    state:\n"
                            "      terminated:\n        exitCode: 0\n        reason: Completed\n");
  done["metadata"]["deletionTimestamp"] = Ago(-30);
  EXPECT_EQ(Cells(done, 30)[1], api::Value("Terminating"));
  EXPECT_EQ(Cells(done, 31)[1], api::Value("Completed"));  // terminal pods keep their status

  api::Value lost = MakePod("d", "p", 60, "n", Running("1.1.1.1"));
  lost["status"]["reason"] = "NodeLost";
  lost["metadata"]["deletionTimestamp"] = Ago(-30);
  EXPECT_EQ(Cells(lost)[1], api::Value("Unknown"));
}

TEST(PodStatus, ReadinessGatesAndNominatedNode) {
  api::Value pod = MakePod("d", "p", 60, "n", Running("1.1.1.1"));
  pod["spec"]["readinessGates"] = Yaml("- conditionType: a\n- conditionType: b\n");
  pod["status"]["conditions"] =
      Yaml("- type: a\n  status: \"True\"\n- type: b\n  status: \"False\"\n");
  pod["status"]["nominatedNodeName"] = "n2";
  Result<ServerTable> t = ConvertToTable("Pod", {pod}, 30, testing::kNow);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->rows[0][7], api::Value("n2"));
  EXPECT_EQ(t->rows[0][8], api::Value("1/2"));
}

TEST(PodStatus, BadTimestampIsAnError) {
  api::Value pod = MakePod("d", "web-0", 60, "n", Running("1.1.1.1"));
  pod["metadata"]["creationTimestamp"] = "yesterday";
  TableOptions opts;
  opts.now_unix_seconds = testing::kNow;
  Result<std::string> out = PrintTable("Pod", {pod}, opts);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), Status::Code::kInvalidArgument);
  EXPECT_NE(out.status().message().find("Pod \"web-0\": metadata.creationTimestamp"),
            std::string::npos)
      << out.status().message();
}

}  // namespace
}  // namespace snapsim::kubectl
