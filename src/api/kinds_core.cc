#include "src/api/kinds_core.h"
#include "src/api/object_of.h"
#include "src/api/packing.h"

#include <fmt/format.h>

#include <array>

namespace snapsim::api {

template class ObjectOf<Namespace>;
template class ObjectOf<Node>;
template class ObjectOf<Service>;
template class ObjectOf<Event>;
template class ObjectOf<Secret>;
template class ObjectOf<ConfigMap>;

// The codecs of this file's kinds are instantiated here only (see the extern declarations).
template Value Encode<Secret>(const Secret&);
template void Decode<Secret>(const Value&, Secret&, DecodeContext&);
template Value Encode<ConfigMap>(const ConfigMap&);
template void Decode<ConfigMap>(const Value&, ConfigMap&, DecodeContext&);
template Value Encode<Namespace>(const Namespace&);
template void Decode<Namespace>(const Value&, Namespace&, DecodeContext&);
template Value Encode<Node>(const Node&);
template void Decode<Node>(const Value&, Node&, DecodeContext&);
template Value Encode<Service>(const Service&);
template void Decode<Service>(const Value&, Service&, DecodeContext&);
template Value Encode<Event>(const Event&);
template void Decode<Event>(const Value&, Event&, DecodeContext&);

const KindInfo& Namespace::Info() {
  static const KindInfo info{"",
                             "Namespace",
                             "namespaces",
                             "namespace",
                             {"ns"},
                             /*namespaced=*/false,
                             /*has_status=*/true,
                             /*custom=*/false,
                             "v1",
                             {"v1"},
                             &Make};
  return info;
}

const KindInfo& Node::Info() {
  static const KindInfo info{"",
                             "Node",
                             "nodes",
                             "node",
                             {"no"},
                             /*namespaced=*/false,
                             /*has_status=*/true,
                             /*custom=*/false,
                             "v1",
                             {"v1"},
                             &Make};
  return info;
}

const KindInfo& Service::Info() {
  static const KindInfo info{"",
                             "Service",
                             "services",
                             "service",
                             {"svc"},
                             /*namespaced=*/true,
                             /*has_status=*/true,
                             /*custom=*/false,
                             "v1",
                             {"v1"},
                             &Make};
  return info;
}

namespace {

// Packing keeps reflected members only: a member added to Event (or to what it holds)
// needs its Reflect<> field, and then this size updated (the size of this toolchain's
// layout: 64-bit libstdc++).
#if defined(__GLIBCXX__) && __SIZEOF_POINTER__ == 8
static_assert(sizeof(Event) == 1096, "Event changed: check kinds_core_reflect.h covers every member");
#endif

std::string PackEvent(const Object& o) { return Pack(static_cast<const Event&>(o)); }

std::shared_ptr<Object> UnpackEvent(std::string_view bytes) {
  auto e = std::make_shared<Event>();
  UnpackInto(bytes, *e);
  return e;
}

}  // namespace

const KindInfo& Event::Info() {
  static const KindInfo info{"",
                             "Event",
                             "events",
                             "event",
                             {"ev"},
                             /*namespaced=*/true,
                             /*has_status=*/false,
                             /*custom=*/false,
                             "v1",
                             {"v1"},
                             &Make,
                             &PackEvent,
                             &UnpackEvent};
  return info;
}

const KindInfo& Secret::Info() {
  static const KindInfo info{"",
                             "Secret",
                             "secrets",
                             "secret",
                             {},
                             /*namespaced=*/true,
                             /*has_status=*/false,
                             /*custom=*/false,
                             "v1",
                             {"v1"},
                             &Make};
  return info;
}

const KindInfo& ConfigMap::Info() {
  static const KindInfo info{"",
                             "ConfigMap",
                             "configmaps",
                             "configmap",
                             {"cm"},
                             /*namespaced=*/true,
                             /*has_status=*/false,
                             /*custom=*/false,
                             "v1",
                             {"v1"},
                             &Make};
  return info;
}

namespace {

constexpr std::string_view kBase64Alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int Base64Digit(char c) {
  std::size_t pos = kBase64Alphabet.find(c);
  return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

Status CorruptInput(std::size_t offset) {
  return Status::InvalidArgument(fmt::format("illegal base64 data at input byte {}", offset));
}

}  // namespace

std::string Base64Encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    std::uint32_t n = static_cast<unsigned char>(bytes[i]) << 16;
    std::size_t left = bytes.size() - i;
    if (left > 1) n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    if (left > 2) n |= static_cast<unsigned char>(bytes[i + 2]);
    out += kBase64Alphabet[(n >> 18) & 63];
    out += kBase64Alphabet[(n >> 12) & 63];
    out += left > 1 ? kBase64Alphabet[(n >> 6) & 63] : '=';
    out += left > 2 ? kBase64Alphabet[n & 63] : '=';
  }
  return out;
}

// Mirrors Go's base64.StdEncoding.Decode quantum by quantum, so that the
// reported offset is the one Go reports.
Result<std::string> Base64Decode(std::string_view src) {
  std::string out;
  std::size_t si = 0;
  auto skip_newlines = [&] {
    while (si < src.size() && (src[si] == '\n' || src[si] == '\r')) ++si;
  };
  while (true) {
    std::array<int, 4> quantum{};
    int len = 4;
    bool end = false;
    for (int j = 0; j < 4; ++j) {
      if (si == src.size()) {
        if (j == 0) return out;
        return CorruptInput(si - static_cast<std::size_t>(j));  // padding is required
      }
      char in = src[si++];
      int digit = Base64Digit(in);
      if (digit >= 0) {
        quantum[j] = digit;
        continue;
      }
      if (in == '\n' || in == '\r') {
        --j;
        continue;
      }
      if (in != '=') return CorruptInput(si - 1);
      if (j < 2) return CorruptInput(si - 1);  // padding too early
      if (j == 2) {                            // "==" expected
        skip_newlines();
        if (si == src.size()) return CorruptInput(src.size());
        if (src[si] != '=') return CorruptInput(si - 1);
        ++si;
      }
      skip_newlines();
      if (si < src.size()) return CorruptInput(si);  // trailing garbage
      len = j;
      end = true;
      break;
    }
    std::uint32_t n = (quantum[0] << 18) | (quantum[1] << 12) | (quantum[2] << 6) | quantum[3];
    out += static_cast<char>((n >> 16) & 0xff);
    if (len > 2) out += static_cast<char>((n >> 8) & 0xff);
    if (len > 3) out += static_cast<char>(n & 0xff);
    if (end) return out;
  }
}

}  // namespace snapsim::api
