// Snapshotter: the CSI client csi-snapshotter holds (external-snapshotter
// pkg/snapshotter): identity and the three snapshot RPCs of one driver. Replies come
// through callbacks, possibly later on the EventLoop or at once (inside the call).
//
// DriverSnapshotter forwards to the disk driver's ControllerServer in-process (the
// gRPC socket of the real deployment); tests plug in a scripted fake instead.
#pragma once

#include <string>

#include "src/csi/diskplugin/controller_server.h"
#include "src/csi/diskplugin/csi.h"

namespace snapsim::csi {

class Snapshotter {
 public:
  virtual ~Snapshotter() = default;
  // GetPluginInfo().name.
  virtual std::string DriverName() = 0;
  // ControllerGetCapabilities() lists LIST_SNAPSHOTS.
  virtual bool SupportsListSnapshots() = 0;
  virtual void CreateSnapshot(const disk::CreateSnapshotRequest& req,
                              disk::CsiReply<disk::CreateSnapshotResponse> done) = 0;
  virtual void DeleteSnapshot(const disk::DeleteSnapshotRequest& req, disk::CsiReply<disk::Empty> done) = 0;
  virtual void ListSnapshots(const disk::ListSnapshotsRequest& req,
                             disk::CsiReply<disk::ListSnapshotsResponse> done) = 0;
};

class DriverSnapshotter : public Snapshotter {
 public:
  explicit DriverSnapshotter(disk::ControllerServer& driver) : driver_(driver) {}
  std::string DriverName() override { return driver_.GetPluginInfo().name; }
  bool SupportsListSnapshots() override;
  void CreateSnapshot(const disk::CreateSnapshotRequest& req,
                      disk::CsiReply<disk::CreateSnapshotResponse> done) override {
    driver_.CreateSnapshot(req, std::move(done));
  }
  void DeleteSnapshot(const disk::DeleteSnapshotRequest& req, disk::CsiReply<disk::Empty> done) override {
    driver_.DeleteSnapshot(req, std::move(done));
  }
  void ListSnapshots(const disk::ListSnapshotsRequest& req,
                     disk::CsiReply<disk::ListSnapshotsResponse> done) override {
    driver_.ListSnapshots(req, std::move(done));
  }

 private:
  disk::ControllerServer& driver_;
};

}  // namespace snapsim::csi
