// csi-snapshotter create, poll and static-status rows (semantics reference §4.1-§4.3,
// §4.5), in the style of external-snapshotter's sidecar-controller tests.
#include <fmt/format.h>

#include "src/csi/snapshotter_sidecar/testing/framework.h"

namespace snapsim::csi::sidecar_testing {
namespace {

using disk::GrpcCode;

constexpr std::int64_t kCreated = (kTime0Seconds + 100) * 1'000'000'000;
const std::string kTakeFailed = R"(failed to take snapshot of the volume vol-1: "rpc error: code = Internal desc = create snapshot failed: boom")";
const std::string kNameParam(kVolumeSnapshotNameParam);
const std::string kNamespaceParam(kVolumeSnapshotNamespaceParam);
const std::string kContentParam(kVolumeSnapshotContentNameParam);

std::map<std::string, std::string> Metadata(std::map<std::string, std::string> extra = {}) {
  extra[kNameParam] = "vs1";
  extra[kNamespaceParam] = "default";
  extra[kContentParam] = "c1";
  return extra;
}

Vsc Polled() { return Dynamic("c1", "vs1", "uid-1").Handle("snap-1").Ready(false).CreatedNanos(kCreated).RestoreSize(20 * kGiB); }

std::vector<SidecarTest> CreateCases() {
  std::vector<SidecarTest> rows;
  rows.push_back({
      .name = "S-1 - create: being-created is set before CreateSnapshot, status written, annotation removed",
      .contents = {Dynamic("c1", "vs1", "uid-1")},
      .csi = {[] {
        CsiCall c = Create("vol-1", "snapshot-uid-1", "snap-1", true);
        c.parameters = Metadata();
        c.secrets = std::map<std::string, std::string>{};
        return c;
      }()},
      .op = SyncContent("c1"),
      .expected_contents = {{Dynamic("c1", "vs1", "uid-1").Handle("snap-1").Ready(true).CreatedNanos(kCreated).RestoreSize(
          20 * kGiB)}},
      .outcome = Success(false),
      .expected_trace = {{"patch volumesnapshotcontents", "csi CreateSnapshot snapshot-uid-1 being-created=yes",
                          "patch volumesnapshotcontents/status", "patch volumesnapshotcontents"}},
  });
  rows.push_back({
      .name = "S-2 - create: not ready yet, status ready=false and a requeue (polling)",
      .contents = {Dynamic("c1", "vs1", "uid-1")},
      .csi = {Create("vol-1", "snapshot-uid-1", "snap-1", false)},
      .op = SyncContent("c1"),
      .expected_contents = {{Polled()}},
      .outcome = Success(true),
  });
  rows.push_back({
      .name = "S-3 - poll: CreateSnapshot again with the same name, ready now",
      .contents = {Polled()},
      .csi = {Create("vol-1", "snapshot-uid-1", "snap-1", true)},
      .op = SyncContent("c1"),
      .expected_contents = {{Polled().Ready(true)}},
      .outcome = Success(false),
      .expected_trace = {{"patch volumesnapshotcontents", "csi CreateSnapshot snapshot-uid-1 being-created=yes",
                          "patch volumesnapshotcontents/status", "patch volumesnapshotcontents"}},
  });
  rows.push_back({
      .name = "S-4 - poll: still not ready, no status write, requeue",
      .contents = {Polled()},
      .csi = {Create("vol-1", "snapshot-uid-1", "snap-1", false)},
      .op = SyncContent("c1"),
      .outcome = Success(true),
      .expected_trace = {{"patch volumesnapshotcontents", "csi CreateSnapshot snapshot-uid-1 being-created=yes",
                          "patch volumesnapshotcontents"}},
  });
  rows.push_back({
      .name = "S-5 - create: final error (Internal) removes being-created, SnapshotCreationFailed",
      .contents = {Dynamic("c1", "vs1", "uid-1")},
      .csi = {CreateFails("vol-1", "snapshot-uid-1", GrpcCode::kInternal, "create snapshot failed: boom")},
      .op = SyncContent("c1"),
      .expected_contents = {{Dynamic("c1", "vs1", "uid-1").Ready(false).Error("Failed to create snapshot: " + kTakeFailed)}},
      .expected_events = {Warning("SnapshotCreationFailed", "Failed to create snapshot: " + kTakeFailed)},
      .outcome = Failure(kTakeFailed),
      .expected_trace = {{"patch volumesnapshotcontents", "csi CreateSnapshot snapshot-uid-1 being-created=yes",
                          "patch volumesnapshotcontents", "patch volumesnapshotcontents/status"}},
  });
  for (auto [n, code, name] : {std::tuple{6, GrpcCode::kResourceExhausted, "ResourceExhausted"},
                               std::tuple{7, GrpcCode::kDeadlineExceeded, "DeadlineExceeded"},
                               std::tuple{8, GrpcCode::kAborted, "Aborted"}}) {
    std::string msg = fmt::format(
        R"(failed to take snapshot of the volume vol-1: "rpc error: code = {} desc = try later")", name);
    rows.push_back({
        .name = fmt::format("S-{} - create: transient error ({}) keeps being-created, requeue", n, name),
        .contents = {Dynamic("c1", "vs1", "uid-1")},
        .csi = {CreateFails("vol-1", "snapshot-uid-1", code, "try later")},
        .op = SyncContent("c1"),
        .expected_contents = {{Dynamic("c1", "vs1", "uid-1").BeingCreated().Ready(false).Error("Failed to create snapshot: " + msg)}},
        .expected_events = {Warning("SnapshotCreationFailed", "Failed to create snapshot: " + msg)},
        .outcome = Failure(msg),
    });
  }
  rows.push_back({
      .name = "S-9 - poll: error -> SnapshotContentCheckandUpdateFailed, being-created removed",
      .contents = {Polled()},
      .csi = {CreateFails("vol-1", "snapshot-uid-1", GrpcCode::kInternal, "create snapshot failed: boom")},
      .op = SyncContent("c1"),
      .expected_contents = {{Polled().Error("Failed to check and update snapshot content: " + kTakeFailed)}},
      .expected_events = {Warning("SnapshotContentCheckandUpdateFailed",
                                  "Failed to check and update snapshot content: " + kTakeFailed)},
      .outcome = Failure(kTakeFailed),
  });
  rows.push_back({
      .name = "S-10 - poll: the same error again is not written nor reported twice",
      .contents = {Polled().Error("Failed to check and update snapshot content: " + kTakeFailed)},
      .csi = {CreateFails("vol-1", "snapshot-uid-1", GrpcCode::kInternal, "create snapshot failed: boom")},
      .op = SyncContent("c1"),
      .outcome = Failure(kTakeFailed),
      .expected_trace = {{"patch volumesnapshotcontents", "csi CreateSnapshot snapshot-uid-1 being-created=yes",
                          "patch volumesnapshotcontents"}},
  });
  {
    std::string msg =
        R"(failed to get input parameters to create snapshot for content c1: "failed to retrieve snapshot class bronze from the informer: \"volumesnapshotclass.snapshot.storage.k8s.io \\\"bronze\\\" not found\"")";
    rows.push_back({
        .name = "S-11 - create: missing class, no annotation, no CSI call",
        .contents = {Dynamic("c1", "vs1", "uid-1").Class("bronze")},
        .op = SyncContent("c1"),
        .expected_contents = {{Dynamic("c1", "vs1", "uid-1").Class("bronze").Ready(false).Error("Failed to create snapshot: " + msg)}},
        .expected_events = {Warning("SnapshotCreationFailed", "Failed to create snapshot: " + msg)},
        .outcome = Failure(msg),
        .expected_trace = {{"patch volumesnapshotcontents/status"}},
    });
  }
  {
    std::string msg =
        R"(failed to get input parameters to create snapshot for content c1: "failed to take snapshot c1 without a snapshot class")";
    rows.push_back({
        .name = "S-12 - create: a dynamic content without class fails",
        .contents = {Dynamic("c1", "vs1", "uid-1").NoClass()},
        .op = SyncContent("c1"),
        .expected_contents = {{Dynamic("c1", "vs1", "uid-1").NoClass().Ready(false).Error("Failed to create snapshot: " + msg)}},
        .expected_events = {Warning("SnapshotCreationFailed", "Failed to create snapshot: " + msg)},
        .outcome = Failure(msg),
    });
  }
  {
    std::string msg =
        R"(failed to add VolumeSnapshotBeingCreated annotation on the content c1: "snapshot controller failed to update c1 on API server: Operation cannot be fulfilled on volumesnapshotcontents.snapshot.storage.k8s.io \"c1\": the object has been modified; please apply your changes to the latest version and try again")";
    rows.push_back({
        .name = "S-13 - create: the annotation patch fails, so CreateSnapshot is not called",
        .contents = {Dynamic("c1", "vs1", "uid-1")},
        .errors = {{"patch", "volumesnapshotcontents", "Conflict", ""}},
        .op = SyncContent("c1"),
        .expected_contents = {{Dynamic("c1", "vs1", "uid-1").Ready(false).Error("Failed to create snapshot: " + msg)}},
        .expected_events = {Warning("SnapshotCreationFailed", "Failed to create snapshot: " + msg)},
        .outcome = Failure(msg),
        .check =
            [](Fixture& f) {
              auto c = f.GetVsc("c1");
              EXPECT_EQ(c->status->error->message->rfind("Failed to create snapshot: failed to add VolumeSnapshotBeingCreated", 0), 0u);
              EXPECT_EQ(f.csi().calls, 0);
            },
    });
  }
  {
    std::string msg =
        R"(failed to remove CSI Parameters of prefixed keys: found unknown parameter key "csi.storage.k8s.io/foo" with reserved namespace csi.storage.k8s.io/)";
    rows.push_back({
        .name = "S-14 - create: an unknown reserved parameter fails after the annotation (it stays)",
        .classes = {VsClass("odd").Param("csi.storage.k8s.io/foo", "bar")},
        .contents = {Dynamic("c1", "vs1", "uid-1").Class("odd")},
        .op = SyncContent("c1"),
        .expected_contents = {{Dynamic("c1", "vs1", "uid-1").Class("odd").BeingCreated().Ready(false).Error("Failed to create snapshot: " + msg)}},
        .expected_events = {Warning("SnapshotCreationFailed", "Failed to create snapshot: " + msg)},
        .outcome = Failure(msg),
    });
  }
  rows.push_back({
      .name = "S-15 - create: secrets from the deletion-secret annotations, reserved keys stripped, extra metadata",
      .classes = {VsClass("secure")
                      .Param(std::string(kSnapshotterSecretNameKey), "secret1")
                      .Param(std::string(kSnapshotterSecretNamespaceKey), "default")
                      .Param("retentionDays", "7")},
      .secrets = {SecretObj("secret1", "default", {{"user", "admin"}, {"password", "p"}})},
      .contents = {Dynamic("c1", "vs1", "uid-1")
                       .Class("secure")
                       .Annotation(std::string(kDeletionSecretNameAnnotation), "secret1")
                       .Annotation(std::string(kDeletionSecretNamespaceAnnotation), "default")},
      .csi = {[] {
        CsiCall c = Create("vol-1", "snapshot-uid-1", "snap-1", true);
        c.parameters = Metadata({{"retentionDays", "7"}});
        c.secrets = std::map<std::string, std::string>{{"password", "p"}, {"user", "admin"}};
        return c;
      }()},
      .op = SyncContent("c1"),
      .expected_contents = {{Dynamic("c1", "vs1", "uid-1")
                                 .Class("secure")
                                 .Annotation(std::string(kDeletionSecretNameAnnotation), "secret1")
                                 .Annotation(std::string(kDeletionSecretNamespaceAnnotation), "default")
                                 .Handle("snap-1")
                                 .Ready(true)
                                 .CreatedNanos(kCreated)
                                 .RestoreSize(20 * kGiB)}},
  });
  {
    std::string msg =
        R"(failed to get input parameters to create snapshot for content c1: "cannot get credentials for snapshot content \"c1\"")";
    auto content = [] {
      return Dynamic("c1", "vs1", "uid-1")
          .Annotation(std::string(kDeletionSecretNameAnnotation), "gone")
          .Annotation(std::string(kDeletionSecretNamespaceAnnotation), "default");
    };
    rows.push_back({
        .name = "S-16 - create: the secret named by the annotations is missing",
        .contents = {content()},
        .op = SyncContent("c1"),
        .expected_contents = {{content().Ready(false).Error("Failed to create snapshot: " + msg)}},
        .expected_events = {Warning("SnapshotCreationFailed", "Failed to create snapshot: " + msg)},
        .outcome = Failure(msg),
    });
  }
  {
    std::string msg =
        R"(failed to get input parameters to create snapshot for content c1: "cannot retrieve secrets for snapshot content \"c1\", err: secret name or namespace not specified")";
    auto content = [] {
      return Dynamic("c1", "vs1", "uid-1")
          .Annotation(std::string(kDeletionSecretNameAnnotation), "")
          .Annotation(std::string(kDeletionSecretNamespaceAnnotation), "default");
    };
    rows.push_back({
        .name = "S-17 - create: an empty deletion-secret annotation",
        .contents = {content()},
        .op = SyncContent("c1"),
        .expected_contents = {{content().Ready(false).Error("Failed to create snapshot: " + msg)}},
        .expected_events = {Warning("SnapshotCreationFailed", "Failed to create snapshot: " + msg)},
        .outcome = Failure(msg),
    });
  }
  rows.push_back({
      .name = "S-18 - create: --extra-create-metadata=false sends only the class parameters",
      .classes = {VsClass("gold").Param("retentionDays", "3")},
      .contents = {Dynamic("c1", "vs1", "uid-1")},
      .options = {.extra_create_metadata = false},
      .csi = {[] {
        CsiCall c = Create("vol-1", "snapshot-uid-1", "snap-1", true);
        c.parameters = std::map<std::string, std::string>{{"retentionDays", "3"}};
        return c;
      }()},
      .op = SyncContent("c1"),
      .expected_contents = {{Dynamic("c1", "vs1", "uid-1").Handle("snap-1").Ready(true).CreatedNanos(kCreated).RestoreSize(
          20 * kGiB)}},
  });
  rows.push_back({
      .name = "S-19 - create: --snapshot-name-prefix and --snapshot-name-uuid-length",
      .contents = {Dynamic("c1", "vs1", "1234abcd-5678-90ef")},
      .options = {.snapshot_name_prefix = "snap", .snapshot_name_uuid_length = 10},
      .csi = {Create("vol-1", "snap-1234abcd56", "snap-1", true)},
      .op = SyncContent("c1"),
      .expected_contents = {{Dynamic("c1", "vs1", "1234abcd-5678-90ef").Handle("snap-1").Ready(true).CreatedNanos(kCreated).RestoreSize(
          20 * kGiB)}},
  });
  rows.push_back({
      .name = "S-20 - ready content: only a leftover being-created annotation is removed, no CSI call",
      .contents = {Polled().Ready(true).BeingCreated()},
      .op = SyncContent("c1"),
      .expected_contents = {{Polled().Ready(true)}},
      .expected_trace = {{"patch volumesnapshotcontents"}},
  });
  rows.push_back({
      .name = "S-21 - ready content: nothing to do",
      .contents = {Polled().Ready(true)},
      .op = SyncContent("c1"),
      .expected_trace = {{}},
  });
  rows.push_back({
      .name = "S-22 - create: a creation time of 0 becomes now, a size of 0 stays unset",
      .contents = {Dynamic("c1", "vs1", "uid-1")},
      .csi = {Create("vol-1", "snapshot-uid-1", "snap-1", true, 0, 0)},
      .op = SyncContent("c1"),
      .expected_contents = {{Dynamic("c1", "vs1", "uid-1").Handle("snap-1").Ready(true).CreatedNanos(kTime0Nanos)}},
  });
  // ---- pre-provisioned contents (§4.5)
  rows.push_back({
      .name = "S-23 - static: ListSnapshots finds the snapshot, status filled",
      .contents = {Static("c1", "vs1", "uid-1", "snap-static")},
      .csi = {List("snap-static", {Entry("snap-static", true)})},
      .op = SyncContent("c1"),
      .expected_contents = {{Static("c1", "vs1", "uid-1", "snap-static")
                                 .Handle("snap-static")
                                 .Ready(true)
                                 .CreatedNanos(kCreated)
                                 .RestoreSize(20 * kGiB)}},
      .expected_trace = {{"csi ListSnapshots snap-static", "patch volumesnapshotcontents/status"}},
  });
  {
    std::string msg = R"(failed to list snapshot for content c1: "can not find snapshot for snapshotID snap-bad")";
    rows.push_back({
        .name = "S-24 - static: ListSnapshots finds nothing -> not-found error, never ready",
        .contents = {Static("c1", "vs1", "", "snap-bad")},
        .csi = {List("snap-bad", {})},
        .op = SyncContent("c1"),
        .expected_contents = {{Static("c1", "vs1", "", "snap-bad").Ready(false).Error("Failed to check and update snapshot content: " + msg)}},
        .expected_events = {Warning("SnapshotContentCheckandUpdateFailed", "Failed to check and update snapshot content: " + msg)},
        .outcome = Failure(msg),
    });
  }
  rows.push_back({
      .name = "S-25 - static: not ready yet -> requeue",
      .contents = {Static("c1", "vs1", "uid-1", "snap-static")},
      .csi = {List("snap-static", {Entry("snap-static", false)})},
      .op = SyncContent("c1"),
      .expected_contents = {{Static("c1", "vs1", "uid-1", "snap-static")
                                 .Handle("snap-static")
                                 .Ready(false)
                                 .CreatedNanos(kCreated)
                                 .RestoreSize(20 * kGiB)}},
      .outcome = Success(true),
  });
  rows.push_back({
      .name = "S-26 - static: the list secret resolves ${volumesnapshotcontent.name}",
      .classes = {VsClass("gold")
                      .Param(std::string(kSnapshotterListSecretNameKey), "${volumesnapshotcontent.name}-list")
                      .Param(std::string(kSnapshotterListSecretNamespaceKey), "default")},
      .secrets = {SecretObj("c1-list", "default", {{"token", "t"}})},
      .contents = {Static("c1", "vs1", "uid-1", "snap-static")},
      .csi = {[] {
        CsiCall c = List("snap-static", {Entry("snap-static", true)});
        c.secrets = std::map<std::string, std::string>{{"token", "t"}};
        return c;
      }()},
      .op = SyncContent("c1"),
      .expected_contents = {{Static("c1", "vs1", "uid-1", "snap-static")
                                 .Handle("snap-static")
                                 .Ready(true)
                                 .CreatedNanos(kCreated)
                                 .RestoreSize(20 * kGiB)}},
  });
  {
    std::string msg =
        R"(failed to get secret reference for snapshot content c1: error resolving value "${volumesnapshot.name}": invalid tokens: ["volumesnapshot.name"])";
    rows.push_back({
        .name = "S-27 - static: a list secret template with a snapshot token cannot resolve",
        .classes = {VsClass("gold")
                        .Param(std::string(kSnapshotterListSecretNameKey), "${volumesnapshot.name}")
                        .Param(std::string(kSnapshotterListSecretNamespaceKey), "default")},
        .contents = {Static("c1", "vs1", "uid-1", "snap-static")},
        .op = SyncContent("c1"),
        .expected_contents = {{Static("c1", "vs1", "uid-1", "snap-static").Ready(false).Error("Failed to check and update snapshot content: " + msg)}},
        .expected_events = {Warning("SnapshotContentCheckandUpdateFailed", "Failed to check and update snapshot content: " + msg)},
        .outcome = Failure(msg),
    });
  }
  rows.push_back({
      .name = "S-28 - static: a driver without LIST_SNAPSHOTS -> ready at once, created now",
      .contents = {Static("c1", "vs1", "uid-1", "snap-static")},
      .list_supported = false,
      .op = SyncContent("c1"),
      .expected_contents = {{Static("c1", "vs1", "uid-1", "snap-static").Handle("snap-static").Ready(true).CreatedNanos(kTime0Nanos)}},
  });
  // ---- which contents are this sidecar's
  rows.push_back({
      .name = "S-29 - another driver's content is ignored",
      .contents = {Dynamic("c1", "vs1", "uid-1").Driver(kOtherDriver)},
      .op = SyncContent("c1"),
      .expected_trace = {{}},
  });
  rows.push_back({
      .name = "S-30 - a content whose class belongs to another driver is ignored",
      .classes = {VsClass("nas").Driver(kOtherDriver)},
      .contents = {Dynamic("c1", "vs1", "uid-1").Class("nas")},
      .op = SyncContent("c1"),
      .expected_trace = {{}},
  });
  return rows;
}

INSTANTIATE_TEST_SUITE_P(Create, SidecarTableTest, ::testing::ValuesIn(CreateCases()), CaseParamName);

}  // namespace
}  // namespace snapsim::csi::sidecar_testing
