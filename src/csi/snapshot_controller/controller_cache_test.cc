// The private caches (an event older than the cached object is ignored; caches
// are filled before the first sync) and API faults across retries when the
// controller runs to rest (semantics reference §0; upstream TestControllerCache,
// snapshot_controller_base.go initializeCaches).
#include "src/csi/snapshot_controller/testing/framework.h"

namespace snapsim::csi::testing {
namespace {

std::vector<ControllerTest> CacheCases() {
  return {
      {
          .name = "9-1 - an informer copy older than the cached snapshot is ignored (second sync "
                  "writes nothing)",
          .claims = {Pvc("claim9-1").Bound("pv9-1")},
          .volumes = {Pv("pv9-1", "claim9-1")},
          .snapshots = {Vs("snap9-1").Pvc("claim9-1").Class("gold")},
          .contents = {DynamicContent("snap9-1", "disk-pv9-1")
                           .Finalizers({kContentBound})
                           .Handle("s-9-1")
                           .Ready(true)
                           .CreatedNanos(kTime0Nanos)},
          .op = Custom(
              [](Fixture& f) {
                // The loop does not run between the calls: the informer still holds the
                // version the first sync started from, the private cache a newer one.
                Status first = f.controller().SyncSnapshotByKey("default/snap9-1");
                if (!first.ok()) return first;
                return f.controller().SyncSnapshotByKey("default/snap9-1");
              },
              /*single_sync=*/true),
          .expected_snapshots = {{Vs("snap9-1")
                                      .Pvc("claim9-1")
                                      .Class("gold")
                                      .Finalizers({kAsSource})
                                      .Bound("snapcontent-{uid:snap9-1}")
                                      .Ready(true)
                                      .Created("2026-01-01T00:00:00Z")}},
          .expected_events = {Normal("SnapshotCreated",
                                     "Snapshot default/snap9-1 was successfully created ..."),
                              Normal("SnapshotReady", "Snapshot default/snap9-1 is ready to use.")},
          .expected_writes = {{"update volumesnapshots", "update volumesnapshots/status"}},
      },
      {
          .name = "9-2 - an informer copy older than the cached content is ignored (second sync "
                  "writes nothing)",
          .contents = {StaticContent("content9-2", "snap9-2", "s-9-2").Ref("snap9-2", "uid-9-2")},
          .op = Custom(
              [](Fixture& f) {
                Status first = f.controller().SyncContentByKey("content9-2");
                if (!first.ok()) return first;
                return f.controller().SyncContentByKey("content9-2");
              },
              /*single_sync=*/true),
          .expected_contents = {{StaticContent("content9-2", "snap9-2", "s-9-2")
                                     .Ref("snap9-2", "uid-9-2")
                                     .Finalizers({kContentBound})}},
          .check =
              [](Fixture& f) {
                EXPECT_EQ(f.writes().size(), 1u) << "one finalizer write, then nothing";
              },
      },
      {
          .name = "9-3 - start on a consistent cluster: caches are filled before the first sync, "
                  "nothing is written",
          // Names chosen so that the content queue reaches z-content9-3 only after the
          // snapshot queue has synced a9-3.
          .snapshots = {Vs("a9-3")
                            .Content("z-content9-3")
                            .Class("gold")
                            .Finalizers({kAsSource, kBound})
                            .Bound("z-content9-3")
                            .Ready(true),
                        Vs("b9-3")
                            .Content("a-content9-3")
                            .Class("gold")
                            .Finalizers({kAsSource, kBound})
                            .Bound("a-content9-3")
                            .Ready(true)},
          .contents = {StaticContent("z-content9-3", "a9-3", "s-z")
                           .Ref("a9-3", "{uid:a9-3}")
                           .Class("gold")
                           .Finalizers({kContentBound})
                           .Handle("s-z")
                           .Ready(true),
                       StaticContent("a-content9-3", "b9-3", "s-a")
                           .Ref("b9-3", "{uid:b9-3}")
                           .Class("gold")
                           .Finalizers({kContentBound})
                           .Handle("s-a")
                           .Ready(true)},
          .op = RunToRest(),
          .expected_writes = std::vector<std::string>{},
      },
  };
}

std::vector<ControllerTest> FaultCases() {
  return {
      {
          .name = "10-1 - status update conflicts twice: error, retried after the 1s backoff, then "
                  "ready",
          .snapshots =
              {Vs("snap10-1").Content("content10-1").Class("gold").Finalizers({kAsSource})},
          .contents = {StaticContent("content10-1", "snap10-1", "s-10-1")
                           .Ref("snap10-1", "{uid:snap10-1}")
                           .Class("gold")
                           .Finalizers({kContentBound})
                           .Handle("s-10-1")
                           .Ready(true)
                           .CreatedNanos(kTime0Nanos)
                           .RestoreSize(1073741824)},
          .errors = {{"update", "volumesnapshots", "Conflict", "status"},
                     {"update", "volumesnapshots", "Conflict", "status"}},
          .op = RunToRest(),
          .expected_snapshots = {{Vs("snap10-1")
                                      .Content("content10-1")
                                      .Class("gold")
                                      .Finalizers({kAsSource, kBound})
                                      .Bound("content10-1")
                                      .Ready(true)
                                      .Created("2026-01-01T00:00:00Z")
                                      .Size("1Gi")}},
          // Created/Ready are emitted before each status write, so the failed attempt emits them
          // too.
          .expected_events =
              {Normal("SnapshotCreated", "Snapshot default/snap10-1 was successfully created ..."),
               Normal("SnapshotReady", "Snapshot default/snap10-1 is ready to use."),
               Warning("SnapshotStatusUpdateFailed", "Snapshot status update failed, ..."),
               Normal("SnapshotCreated", "Snapshot default/snap10-1 was successfully created ..."),
               Normal("SnapshotReady", "Snapshot default/snap10-1 is ready to use.")},
          .check =
              [](Fixture& f) {
                EXPECT_GE(f.loop().Now(), engine::kSecond) << "the retry waits for the backoff";
              },
      },
      {
          .name = "10-2 - PV GET fails once: SnapshotContentCreationFailed, the retry creates the "
                  "content",
          .claims = {Pvc("claim10-2").Bound("pv10-2")},
          .volumes = {Pv("pv10-2", "claim10-2")},
          .snapshots = {Vs("snap10-2").Pvc("claim10-2").Class("gold")},
          .errors = {{"get", "persistentvolumes", "InternalError"}},
          .op = RunToRest(),
          .expected_snapshots = {{Vs("snap10-2")
                                      .Pvc("claim10-2")
                                      .Class("gold")
                                      .Finalizers({kAsSource, kBound})
                                      .Bound("snapcontent-{uid:snap10-2}")
                                      .Ready(false)}},
          .expected_contents =
              {{DynamicContent("snap10-2", "disk-pv10-2").Finalizers({kContentBound})}},
          .expected_claims = {{Pvc("claim10-2").Bound("pv10-2").Finalizer(kPvcSource)}},
          .expected_events =
              {Warning(
                   "SnapshotContentCreationFailed",
                   R"(Failed to create snapshot content with error failed to get input parameters to create snapshot snap10-2: "failed to retrieve PV pv10-2 from the API server: ...)"),
               Normal("CreatingSnapshot",
                      "Waiting for a snapshot default/snap10-2 to be created ...")},
      },
      {
          .name = "10-3 - the snapshot LIST fails at start: the informer relists after 1s and "
                  "creation proceeds",
          .claims = {Pvc("claim10-3").Bound("pv10-3")},
          .volumes = {Pv("pv10-3", "claim10-3")},
          .snapshots = {Vs("snap10-3").Pvc("claim10-3").Class("gold")},
          .errors = {{"list", "volumesnapshots", "InternalError"}},
          .op = RunToRest(),
          .expected_snapshots = {{Vs("snap10-3")
                                      .Pvc("claim10-3")
                                      .Class("gold")
                                      .Finalizers({kAsSource, kBound})
                                      .Bound("snapcontent-{uid:snap10-3}")
                                      .Ready(false)}},
          .expected_contents =
              {{DynamicContent("snap10-3", "disk-pv10-3").Finalizers({kContentBound})}},
          .expected_claims = {{Pvc("claim10-3").Bound("pv10-3").Finalizer(kPvcSource)}},
          .expected_events = {Normal("CreatingSnapshot",
                                     "Waiting for a snapshot default/snap10-3 to be created ...")},
          .check = [](Fixture& f) { EXPECT_GE(f.loop().Now(), engine::kSecond); },
      },
      {
          .name = "10-4 - content CREATE fails once: both warnings, the error-status write "
                  "re-triggers the sync, the error clears",
          .claims = {Pvc("claim10-4").Bound("pv10-4")},
          .volumes = {Pv("pv10-4", "claim10-4")},
          .snapshots = {Vs("snap10-4").Pvc("claim10-4").Class("gold").Finalizers({kAsSource})},
          .errors = {{"create", "volumesnapshotcontents", "InternalError"}},
          .op = RunToRest(),
          .expected_snapshots = {{Vs("snap10-4")
                                      .Pvc("claim10-4")
                                      .Class("gold")
                                      .Finalizers({kAsSource, kBound})
                                      .Bound("snapcontent-{uid:snap10-4}")
                                      .Ready(false)}},
          .expected_contents =
              {{DynamicContent("snap10-4", "disk-pv10-4").Finalizers({kContentBound})}},
          .expected_claims = {{Pvc("claim10-4").Bound("pv10-4").Finalizer(kPvcSource)}},
          .expected_events = {Warning("CreateSnapshotContentFailed",
                                      "Error creating volume snapshot content object ..."),
                              Warning("SnapshotContentCreationFailed",
                                      "Failed to create snapshot content with error ..."),
                              Normal("CreatingSnapshot",
                                     "Waiting for a snapshot default/snap10-4 to be created ...")},
      },
  };
}

INSTANTIATE_TEST_SUITE_P(Cache, ControllerTableTest, ::testing::ValuesIn(CacheCases()),
                         CaseParamName);
INSTANTIATE_TEST_SUITE_P(Faults, ControllerTableTest, ::testing::ValuesIn(FaultCases()),
                         CaseParamName);

}  // namespace
}  // namespace snapsim::csi::testing
