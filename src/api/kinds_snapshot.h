// The snapshot.storage.k8s.io kinds: VolumeSnapshotClass, VolumeSnapshot,
// VolumeSnapshotContent (external-snapshotter client/apis/volumesnapshot/v1).
// Go pointer fields are std::optional, so "unset" and "empty" stay distinct.
#pragma once

#include <optional>
#include <string>

#include "src/api/object.h"

namespace snapsim::api {

struct VolumeSnapshotClass : ObjectOf<VolumeSnapshotClass> {
  std::string driver;
  std::map<std::string, std::string> parameters;
  std::string deletion_policy;  // Delete | Retain
  static const KindInfo& Info();
};

struct VolumeSnapshotError {
  std::optional<std::string> time;
  std::optional<std::string> message;
};

struct VolumeSnapshotSource {
  std::optional<std::string> persistent_volume_claim_name;
  std::optional<std::string> volume_snapshot_content_name;
};

struct VolumeSnapshotSpec {
  VolumeSnapshotSource source;
  std::optional<std::string> volume_snapshot_class_name;
};

struct VolumeSnapshotStatus {
  std::optional<std::string> bound_volume_snapshot_content_name;
  std::optional<std::string> creation_time;
  std::optional<bool> ready_to_use;
  std::optional<Quantity> restore_size;
  std::optional<VolumeSnapshotError> error;
  std::optional<std::string> volume_group_snapshot_name;
};

struct VolumeSnapshot : ObjectOf<VolumeSnapshot> {
  VolumeSnapshotSpec spec;
  std::optional<VolumeSnapshotStatus> status;
  static const KindInfo& Info();
};

struct VolumeSnapshotContentSource {
  std::optional<std::string> volume_handle;
  std::optional<std::string> snapshot_handle;
};

struct VolumeSnapshotContentSpec {
  ObjectReference volume_snapshot_ref;
  std::string deletion_policy;
  std::string driver;
  std::optional<std::string> volume_snapshot_class_name;
  VolumeSnapshotContentSource source;
  std::optional<std::string> source_volume_mode;
};

struct VolumeSnapshotContentStatus {
  std::optional<std::string> snapshot_handle;
  std::optional<std::int64_t> creation_time;  // Unix nanoseconds
  std::optional<std::int64_t> restore_size;   // bytes
  std::optional<bool> ready_to_use;
  std::optional<VolumeSnapshotError> error;
  std::optional<std::string> volume_group_snapshot_handle;
};

struct VolumeSnapshotContent : ObjectOf<VolumeSnapshotContent> {
  VolumeSnapshotContentSpec spec;
  std::optional<VolumeSnapshotContentStatus> status;
  static const KindInfo& Info();
};

template <>
struct Reflect<VolumeSnapshotClass> {
  static constexpr std::string_view kGoName = "VolumeSnapshotClass";
  static constexpr auto kFields = std::make_tuple(
      Field("metadata", &VolumeSnapshotClass::metadata, kAlways), Field("driver", &VolumeSnapshotClass::driver),
      Field("parameters", &VolumeSnapshotClass::parameters),
      Field("deletionPolicy", &VolumeSnapshotClass::deletion_policy));
};

template <>
struct Reflect<VolumeSnapshotError> {
  static constexpr std::string_view kGoName = "VolumeSnapshotError";
  static constexpr auto kFields = std::make_tuple(Field("time", &VolumeSnapshotError::time),
                                                  Field("message", &VolumeSnapshotError::message));
};

template <>
struct Reflect<VolumeSnapshotSource> {
  static constexpr std::string_view kGoName = "VolumeSnapshotSource";
  static constexpr auto kFields =
      std::make_tuple(Field("persistentVolumeClaimName", &VolumeSnapshotSource::persistent_volume_claim_name),
                      Field("volumeSnapshotContentName", &VolumeSnapshotSource::volume_snapshot_content_name));
};

template <>
struct Reflect<VolumeSnapshotSpec> {
  static constexpr std::string_view kGoName = "VolumeSnapshotSpec";
  static constexpr auto kFields =
      std::make_tuple(Field("source", &VolumeSnapshotSpec::source, kAlways),
                      Field("volumeSnapshotClassName", &VolumeSnapshotSpec::volume_snapshot_class_name));
};

template <>
struct Reflect<VolumeSnapshotStatus> {
  static constexpr std::string_view kGoName = "VolumeSnapshotStatus";
  static constexpr auto kFields = std::make_tuple(
      Field("boundVolumeSnapshotContentName", &VolumeSnapshotStatus::bound_volume_snapshot_content_name),
      Field("creationTime", &VolumeSnapshotStatus::creation_time),
      Field("readyToUse", &VolumeSnapshotStatus::ready_to_use),
      Field("restoreSize", &VolumeSnapshotStatus::restore_size), Field("error", &VolumeSnapshotStatus::error),
      Field("volumeGroupSnapshotName", &VolumeSnapshotStatus::volume_group_snapshot_name));
};

template <>
struct Reflect<VolumeSnapshot> {
  static constexpr std::string_view kGoName = "VolumeSnapshot";
  static constexpr auto kFields =
      std::make_tuple(Field("metadata", &VolumeSnapshot::metadata, kAlways),
                      Field("spec", &VolumeSnapshot::spec, kAlways), Field("status", &VolumeSnapshot::status));
};

template <>
struct Reflect<VolumeSnapshotContentSource> {
  static constexpr std::string_view kGoName = "VolumeSnapshotContentSource";
  static constexpr auto kFields =
      std::make_tuple(Field("volumeHandle", &VolumeSnapshotContentSource::volume_handle),
                      Field("snapshotHandle", &VolumeSnapshotContentSource::snapshot_handle));
};

template <>
struct Reflect<VolumeSnapshotContentSpec> {
  static constexpr std::string_view kGoName = "VolumeSnapshotContentSpec";
  static constexpr auto kFields = std::make_tuple(
      Field("volumeSnapshotRef", &VolumeSnapshotContentSpec::volume_snapshot_ref, kAlways),
      Field("deletionPolicy", &VolumeSnapshotContentSpec::deletion_policy),
      Field("driver", &VolumeSnapshotContentSpec::driver),
      Field("volumeSnapshotClassName", &VolumeSnapshotContentSpec::volume_snapshot_class_name),
      Field("source", &VolumeSnapshotContentSpec::source, kAlways),
      Field("sourceVolumeMode", &VolumeSnapshotContentSpec::source_volume_mode));
};

template <>
struct Reflect<VolumeSnapshotContentStatus> {
  static constexpr std::string_view kGoName = "VolumeSnapshotContentStatus";
  static constexpr auto kFields = std::make_tuple(
      Field("snapshotHandle", &VolumeSnapshotContentStatus::snapshot_handle),
      Field("creationTime", &VolumeSnapshotContentStatus::creation_time),
      Field("restoreSize", &VolumeSnapshotContentStatus::restore_size),
      Field("readyToUse", &VolumeSnapshotContentStatus::ready_to_use),
      Field("error", &VolumeSnapshotContentStatus::error),
      Field("volumeGroupSnapshotHandle", &VolumeSnapshotContentStatus::volume_group_snapshot_handle));
};

template <>
struct Reflect<VolumeSnapshotContent> {
  static constexpr std::string_view kGoName = "VolumeSnapshotContent";
  static constexpr auto kFields = std::make_tuple(Field("metadata", &VolumeSnapshotContent::metadata, kAlways),
                                                  Field("spec", &VolumeSnapshotContent::spec, kAlways),
                                                  Field("status", &VolumeSnapshotContent::status));
};

extern template Value Encode<VolumeSnapshotClass>(const VolumeSnapshotClass&);
extern template void Decode<VolumeSnapshotClass>(const Value&, VolumeSnapshotClass&, DecodeContext&);
extern template Value Encode<VolumeSnapshot>(const VolumeSnapshot&);
extern template void Decode<VolumeSnapshot>(const Value&, VolumeSnapshot&, DecodeContext&);
extern template Value Encode<VolumeSnapshotContent>(const VolumeSnapshotContent&);
extern template void Decode<VolumeSnapshotContent>(const Value&, VolumeSnapshotContent&, DecodeContext&);
// Their Object members are compiled once, in kinds_snapshot.cc (object_of.h).
extern template class ObjectOf<VolumeSnapshotClass>;
extern template class ObjectOf<VolumeSnapshot>;
extern template class ObjectOf<VolumeSnapshotContent>;

}  // namespace snapsim::api
