#include "src/csi/kubelet/kubelet_messages.h"

#include <fmt/format.h>

#include "src/csi/util/sha256.h"

namespace snapsim::csi::kubelet {

std::string StagingPath(int minor, std::string_view driver, std::string_view volume_handle,
                        std::string_view pv_name) {
  if (minor < 24) {
    return fmt::format("{}/plugins/{}/pv/{}/globalmount", kKubeletDir, kCsiPluginName, pv_name);
  }
  return fmt::format("{}/plugins/{}/{}/{}/globalmount", kKubeletDir, kCsiPluginName, driver,
                     Sha256Hex(volume_handle));
}

std::string PublishPath(std::string_view pod_uid, std::string_view pv_name) {
  return fmt::format("{}/pods/{}/volumes/kubernetes.io~csi/{}/mount", kKubeletDir, pod_uid,
                     pv_name);
}

std::string VolumeAttachmentName(std::string_view volume_handle, std::string_view driver,
                                 std::string_view node) {
  return "csi-" + Sha256Hex(fmt::format("{}{}{}", volume_handle, driver, node));
}

std::string UniqueVolumeName(std::string_view driver, std::string_view volume_handle) {
  return fmt::format("{}/{}^{}", kCsiPluginName, driver, volume_handle);
}

std::string GoList(const std::vector<std::string>& items) {
  return fmt::format("[{}]", fmt::join(items, " "));
}

std::string PodDesc(std::string_view name, std::string_view ns, std::string_view uid) {
  return fmt::format("{}_{}({})", name, ns, uid);
}

std::string PullingMessage(std::string_view image) {
  return fmt::format("Pulling image \"{}\"", image);
}

std::string PulledMessage(int minor, std::string_view image, engine::Nanos pull,
                          engine::Nanos total, std::int64_t size_bytes) {
  auto ms = [](engine::Nanos d) { return d / engine::kMillisecond * engine::kMillisecond; };
  if (minor < 26) {
    return fmt::format("Successfully pulled image \"{}\" in {}", image,
                       engine::FormatDuration(pull));
  }
  std::string msg =
      fmt::format("Successfully pulled image \"{}\" in {} ({} including waiting)", image,
                  engine::FormatDuration(ms(pull)), engine::FormatDuration(ms(total)));
  if (minor >= 30) msg += fmt::format(". Image size: {} bytes.", size_bytes);
  return msg;
}

std::string AlreadyPresentMessage(std::string_view image) {
  return fmt::format("Container image \"{}\" already present on machine", image);
}

std::string BackOffEventMessage(int minor, std::string_view container, std::string_view pod_desc) {
  if (minor < 26) return "Back-off restarting failed container";
  return fmt::format("Back-off restarting failed container {} in pod {}", container, pod_desc);
}

std::string CrashLoopMessage(engine::Nanos backoff, std::string_view container,
                             std::string_view pod_desc) {
  return fmt::format("back-off {} restarting failed container={} pod={}",
                     engine::FormatDuration(backoff), container, pod_desc);
}

namespace {

std::string VolumesPart(int minor, const std::vector<std::string>& unmounted,
                        const std::vector<std::string>& expected,
                        const std::vector<std::string>& unattached,
                        const std::vector<std::string>& not_processed) {
  if (minor < 26) {
    return fmt::format("unmounted volumes={}, unattached volumes={}", GoList(unmounted),
                       GoList(expected));
  }
  return fmt::format("unmounted volumes={}, unattached volumes={}, failed to process volumes={}",
                     GoList(unmounted), GoList(unattached), GoList(not_processed));
}

}  // namespace

std::optional<std::string> MountTimeoutMessage(int minor, const std::vector<std::string>& unmounted,
                                               const std::vector<std::string>& expected,
                                               const std::vector<std::string>& unattached,
                                               const std::vector<std::string>& not_processed) {
  if (minor >= 28) return std::nullopt;  // wait.Interrupted: not an event (kubernetes#117412)
  return fmt::format("Unable to attach or mount volumes: {}: timed out waiting for the condition",
                     VolumesPart(minor, unmounted, expected, unattached, not_processed));
}

std::string MountErrorMessage(int minor, const std::vector<std::string>& unmounted,
                              const std::vector<std::string>& expected,
                              const std::vector<std::string>& unattached,
                              const std::vector<std::string>& not_processed,
                              std::string_view error) {
  return fmt::format("Unable to attach or mount volumes: {}: {}",
                     VolumesPart(minor, unmounted, expected, unattached, not_processed), error);
}

}  // namespace snapsim::csi::kubelet
