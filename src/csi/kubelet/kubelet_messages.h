// The kubelet's user-visible strings and paths, per Kubernetes minor version
// (1.22-1.30), in one place:
//  - CSI paths: staging ("globalmount") under pv/<pv name>/ before 1.24 and under
//    <driver>/<sha256(volume handle)>/ from 1.24 (kubernetes#107065); the publish
//    target /var/lib/kubelet/pods/<uid>/volumes/kubernetes.io~csi/<pv>/mount;
//  - the VolumeAttachment name "csi-" + sha256(volume handle + driver + node)
//    (pkg/volume/csi/csi_attacher.go) and the unique volume name;
//  - events: Pulled (duration; "(... including waiting)" from 1.26; "Image size"
//    from 1.30), BackOff (container and pod named from 1.26), FailedMount
//    "Unable to attach or mount volumes: ..." (unattached volumes listed wrongly as
//    every volume before 1.26, with "failed to process volumes" from 1.26; from 1.28
//    a timeout is not reported as an event at all — kubernetes#117412).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/engine/time.h"

namespace snapsim::csi::kubelet {

inline constexpr std::string_view kKubeletDir = "/var/lib/kubelet";
inline constexpr std::string_view kCsiPluginName = "kubernetes.io/csi";

std::string StagingPath(int minor, std::string_view driver, std::string_view volume_handle,
                        std::string_view pv_name);
std::string PublishPath(std::string_view pod_uid, std::string_view pv_name);
std::string VolumeAttachmentName(std::string_view volume_handle, std::string_view driver,
                                 std::string_view node);
// "kubernetes.io/csi/<driver>^<handle>" (node.status.volumesAttached/volumesInUse).
std::string UniqueVolumeName(std::string_view driver, std::string_view volume_handle);

// Go's fmt %v of a []string: "[a b]".
std::string GoList(const std::vector<std::string>& items);
// format.Pod: "web-0_default(<uid>)".
std::string PodDesc(std::string_view name, std::string_view ns, std::string_view uid);

std::string PullingMessage(std::string_view image);
std::string PulledMessage(int minor, std::string_view image, engine::Nanos pull,
                          engine::Nanos total, std::int64_t size_bytes);
std::string AlreadyPresentMessage(std::string_view image);
std::string BackOffEventMessage(int minor, std::string_view container, std::string_view pod_desc);
std::string CrashLoopMessage(engine::Nanos backoff, std::string_view container,
                             std::string_view pod_desc);
// The FailedMount event after podAttachAndMountTimeout, or nullopt where the
// version records none. `unattached` and `not_processed` are the 1.26+ lists;
// before 1.26 the unattached list is `expected` (the pod's volumes, all of them).
std::optional<std::string> MountTimeoutMessage(int minor, const std::vector<std::string>& unmounted,
                                               const std::vector<std::string>& expected,
                                               const std::vector<std::string>& unattached,
                                               const std::vector<std::string>& not_processed);
// The FailedMount event when the volume manager reports a processing error.
std::string MountErrorMessage(int minor, const std::vector<std::string>& unmounted,
                              const std::vector<std::string>& expected,
                              const std::vector<std::string>& unattached,
                              const std::vector<std::string>& not_processed,
                              std::string_view error);

}  // namespace snapsim::csi::kubelet
