#include "src/csi/kubelet/image_ref.h"

#include "src/csi/util/sha256.h"

namespace snapsim::csi::kubelet {
namespace {

// A stable 64-bit value of a string (the first 16 hex digits of its SHA-256).
std::uint64_t Hash(std::string_view s) {
  return std::stoull(Sha256Hex(s).substr(0, 15), nullptr, 16);
}

}  // namespace

std::string NormalizeImage(std::string_view image) {
  std::string ref(image);
  std::size_t slash = ref.find('/');
  if (slash == std::string::npos) {
    ref = "docker.io/library/" + ref;
  } else {
    std::string_view first = std::string_view(ref).substr(0, slash);
    bool registry = first.find('.') != std::string_view::npos ||
                    first.find(':') != std::string_view::npos || first == "localhost";
    if (!registry) ref = "docker.io/" + ref;
  }
  if (ref.find('@') != std::string::npos) return ref;
  std::size_t last_slash = ref.rfind('/');
  if (ref.find(':', last_slash) == std::string::npos) ref += ":latest";
  return ref;
}

std::string ImageRepository(std::string_view normalized) {
  std::string ref(normalized);
  std::size_t at = ref.find('@');
  if (at != std::string::npos) return ref.substr(0, at);
  std::size_t last_slash = ref.rfind('/');
  std::size_t colon = ref.find(':', last_slash == std::string::npos ? 0 : last_slash);
  return colon == std::string::npos ? ref : ref.substr(0, colon);
}

std::string ImageId(std::string_view image) {
  std::string ref = NormalizeImage(image);
  return ImageRepository(ref) + "@sha256:" + Sha256Hex("image:" + ref);
}

std::int64_t ImageSizeBytes(std::string_view image) {
  std::string ref = NormalizeImage(image);
  return 20'000'000 + static_cast<std::int64_t>(Hash("size:" + ref) % 180'000'000);
}

engine::Nanos PullDuration(std::string_view image, bool cached) {
  std::string ref = NormalizeImage(image);
  std::uint64_t h = Hash("pull:" + ref);
  if (cached) return (300 + static_cast<engine::Nanos>(h % 700)) * engine::kMillisecond;
  return (1500 + static_cast<engine::Nanos>(h % 13000)) * engine::kMillisecond;
}

}  // namespace snapsim::csi::kubelet
