// Table-driven test framework for csi-snapshotter, in the spirit of
// external-snapshotter's pkg/sidecar-controller/framework_test.go (and of
// ../../snapshot_controller/testing/framework.h). Test-only. The builders, the
// scripted driver, the rows and the Fixture (steps 1-4) are in fixture.h, without
// gtest (fixture.cc; bench/table_case_bench.cc times single syncs on them); the
// runner (step 5) and the gtest glue here, in ../framework_test.cc. Failures of
// the fixture and the fake driver reach gtest through ReportFailure().
//
// One SidecarTest is one numbered row ("S-1 - ..."):
//  1. A fresh EventLoop + Rng + ApiServer; classes, secrets and contents are created
//     as "test-setup" (content statuses through UpdateStatus; contents marked
//     Deleting() are deleted last and keep their finalizers). Rows use literal uids.
//  2. A scripted CSI driver (FakeSnapshotter) answers the expected calls of `csi` in
//     order: each call is checked against the row (method, ids, name, parameters,
//     secrets when given) and answered with the row's reply, at once (inside the call)
//     or after `reply_after`. An unexpected call fails the row and answers Unknown; a
//     call left unmade fails the row.
//  3. The sidecar starts (its informers list synchronously) and the operation runs:
//     SyncContent(name) = exactly one SyncContentByKey (the loop runs only while a
//     delayed reply is awaited); RunToRest(limit) settles the loop; Custom(fn).
//  4. API faults: a Fault {verb, resource, reason, subresource} fails the first
//     matching request of the sidecar (client "csi-snapshotter"), then is used up.
//  5. Afterwards: contents (unset = unchanged; name, deleting, finalizers, annotations,
//     labels, spec, status without error.time), the sidecar's events in order (type,
//     reason, message; "..." suffix = prefix match), the SyncResult for SyncContent
//     (requeue and Success()/Failure(msg)), and the trace when given: the sidecar's
//     writes ("patch volumesnapshotcontents", "update volumesnapshotcontents/status")
//     and CSI calls ("csi CreateSnapshot snapshot-x being-created=yes", "csi
//     DeleteSnapshot s-1", "csi ListSnapshots s-1") interleaved in the order they
//     happened. "being-created" is the annotation on the content at the moment of the
//     call, so a row can pin "annotation before the call".
#pragma once

#include <gtest/gtest.h>

#include <ostream>
#include <string>

#include "src/csi/snapshotter_sidecar/testing/fixture.h"

namespace snapsim::csi::sidecar_testing {

void RunSidecarTest(const SidecarTest& t);
void PrintTo(const SidecarTest& t, std::ostream* os);
std::string CaseParamName(const ::testing::TestParamInfo<SidecarTest>& info);
class SidecarTableTest : public ::testing::TestWithParam<SidecarTest> {};

}  // namespace snapsim::csi::sidecar_testing
