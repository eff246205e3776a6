// The chaos fault menu: the fault kinds `snapsim chaos --faults` names, and one random
// fault step of a kind, drawn from a seeded engine::Rng (so one seed = one schedule).
//
//   ecs-error       the disk driver's ECS call fails and has no effect
//                   (Throttling, InternalError, ServiceUnavailable), times 1..3
//   ecs-latency     the driver's ECS reply arrives 1s..60s late, times 1..3
//   ecs-lost-reply  the driver's ECS call takes effect but the reply is lost
//                   (afterEffect: true, InternalError / ServiceUnavailable), times 1..3
//   api-conflict    a controller's update/patch gets 409 Conflict, times 1..3
//   api-5xx         a controller's create/update/patch/delete gets InternalError or
//                   ServiceUnavailable (no effect), times 1..3
//   api-timeout     ... gets Timeout / ServerTimeout, with or without the write
//                   having happened (afterEffect), times 1..3
//   watch-delay     a component's watches deliver 1s..30s late (until cleared)
//   watch-drop      a component's watches break: pending events vanish, it relists
//   crash           a component crashes and restarts (kCrashableComponents)
//   schedule        not a step: the whole run takes cluster.scheduleSeed = the seed, so
//                   work due at one instant interleaves in a seeded order
// ECS faults name the driver as caller (component: csi-plugin) and API server faults a
// control-plane component, so commands typed by the scenario (kubectl, aliyun) are
// never the target: a person's command failing under a fault is not a bug.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "sim/engine/rng.h"
#include "sim/engine/status.h"
#include "sim/scenario/scenario.h"

namespace snapsim::chaos {

enum class FaultKind {
  kEcsError,
  kEcsLatency,
  kEcsLostReply,
  kApiConflict,
  kApi5xx,
  kApiTimeout,
  kWatchDelay,
  kWatchDrop,
  kCrash,
  kSchedule,
};

inline constexpr std::array<FaultKind, 10> kAllFaultKinds = {
    FaultKind::kEcsError,   FaultKind::kEcsLatency, FaultKind::kEcsLostReply,
    FaultKind::kApiConflict, FaultKind::kApi5xx,    FaultKind::kApiTimeout,
    FaultKind::kWatchDelay, FaultKind::kWatchDrop,  FaultKind::kCrash,
    FaultKind::kSchedule};

// What a campaign draws when no kinds are named: every step kind. `schedule` is opt-in
// (`--faults all` or naming it): the interleavings it explores still find races in the
// upstream designs we reproduce (see the notes of issue 6), which would fail CI.
inline constexpr std::array<FaultKind, 9> kDefaultFaultKinds = {
    FaultKind::kEcsError,   FaultKind::kEcsLatency, FaultKind::kEcsLostReply,
    FaultKind::kApiConflict, FaultKind::kApi5xx,    FaultKind::kApiTimeout,
    FaultKind::kWatchDelay, FaultKind::kWatchDrop,  FaultKind::kCrash};

std::string_view FaultKindName(FaultKind k);

// "ecs-error,crash" -> those kinds, in menu order; "" -> kDefaultFaultKinds; "all" ->
// every kind. Errors
// name the unknown kind and list the known ones.
Result<std::vector<FaultKind>> ParseFaultKinds(std::string_view list);

// One step (an action; no options) of kind `k`. `components` are the control-plane
// components running in the cluster (watch and crash faults pick one of them; API
// server faults use one as the client); with none, those kinds fall back to an ECS
// error. kSchedule is not a step: it falls back to an ECS error too.
scenario::Action DrawFault(engine::Rng& rng, FaultKind k, const std::vector<std::string>& components);

}  // namespace snapsim::chaos
