// Ecs: the call machinery around the backend — request ids, fault rules, the call log,
// the effect at latency/2 and the reply at latency, and the Sync helpers.
#include "src/fake_ecs/ecs.h"

#include <fmt/format.h>

#include <cctype>
#include <optional>
#include <variant>

#include "src/fake_ecs/backend.h"
#include "src/fake_ecs/params.h"

namespace snapsim::ecs {

namespace {

// The id a call created (EffectRecord::created_id).
template <class Resp>
std::string CreatedId(const Resp&) {
  return "";
}
std::string CreatedId(const CreateDiskResponse& r) { return r.disk_id; }
std::string CreatedId(const CreateSnapshotResponse& r) { return r.snapshot_id; }
std::string CreatedId(const AnyResponse& r) {
  return std::visit([](const auto& x) { return CreatedId(x); }, r);
}

}  // namespace

Ecs::Ecs(engine::EventLoop& loop, engine::Rng& rng, EcsConfig config)
    : loop_(loop),
      rng_(rng),
      backend_(std::make_unique<internal::Backend>(loop, rng, std::move(config))),
      faults_(rng) {}

void Ecs::SetEffectObserver(std::function<void(const EffectRecord&)> observer) {
  effect_observer_ = std::move(observer);
  if (!effect_observer_) {
    backend_->SetCutHook(nullptr);
    return;
  }
  backend_->SetCutHook([this](const std::string& snapshot_id, const std::string& disk_id) {
    if (!effect_observer_) return;
    EffectRecord e;
    e.kind = EffectRecord::Kind::kSnapshotCut;
    e.time = loop_.Now();
    e.snapshot_id = snapshot_id;
    e.disk_id = disk_id;
    effect_observer_(e);
  });
}

Ecs::~Ecs() = default;

const EcsConfig& Ecs::config() const { return backend_->config(); }

Result<std::string> Ecs::AddInstance(std::string_view instance_id, std::string_view zone,
                                     std::string_view hostname, int data_disk_limit) {
  return backend_->AddInstance(instance_id, zone, hostname, data_disk_limit);
}

std::string Ecs::NewRequestId() {
  std::string id = rng_.Uuid();
  for (char& c : id) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return id;
}

std::string_view Ecs::Intern(std::string_view name) {
  auto it = names_.find(name);
  if (it == names_.end()) it = names_.emplace(name).first;
  return *it;
}

template <class Resp>
void Ecs::Dispatch(std::string_view action, Params params, const CallContext& ctx,
                   std::function<Result<Resp, EcsError>(internal::CallInfo&)> effect,
                   Reply<Resp> done) {
  std::string request_id = NewRequestId();
  FaultDecision fault = faults_.Check(action, params, ctx.caller);
  std::uint64_t seq = log_next_++;
  std::shared_ptr<const PackedParams> sent = params_pool_.Intern(params);
  const std::string_view caller_name = Intern(ctx.caller);  // the Ecs's copies, for the record
  const std::string_view action_name = Intern(action);      // and the call in flight
  log_.push_back(CallRecord{loop_.Now(), caller_name, action_name, sent, RequestId(request_id), "", false,
                            fault.fired});
  if (call_observer_) call_observer_(log_.back());
  std::size_t limit = backend_->config().call_log_limit;
  while (limit > 0 && log_.size() > limit) {
    log_.pop_front();
    ++log_dropped_;
  }
  engine::Nanos latency = backend_->config().api_latency;
  engine::Nanos half = latency / 2;
  engine::Nanos rest = latency - half + fault.latency;
  std::string label = fmt::format("ECS {} call", action);
  // Calls are independent: under a chaos tie-breaker, two calls due at one instant may
  // take effect (and their replies arrive) in either order.
  const std::uint64_t lane = loop_.NewLane();
  loop_.After(half,
              [this, seq, request_id, lane, caller = caller_name, action = action_name, sent = std::move(sent),
               fault, rest, effect = std::move(effect), done = std::move(done)]() mutable {
                internal::CallInfo info{std::string(action), request_id, sent, loop_.Now() + rest,
                                        fault.fail_snapshot};
                std::optional<Result<Resp, EcsError>> result;
                bool took_effect = false;
                if (fault.error && !fault.after_effect) {
                  result.emplace(*fault.error);
                } else {
                  result.emplace(effect(info));
                  took_effect = result->ok();
                  if (took_effect && effect_observer_) {
                    EffectRecord e;
                    e.time = loop_.Now();
                    e.caller = caller;
                    e.action = action;
                    e.params = sent;
                    e.created_id = CreatedId(result->value());
                    effect_observer_(e);
                  }
                  if (fault.error) result.emplace(*fault.error);  // it happened; the reply is lost
                }
                if (!result->ok()) {
                  EcsError e = result->error();
                  e.request_id = request_id;
                  result.emplace(std::move(e));
                }
                if (seq >= log_dropped_) {
                  CallRecord& rec = log_[seq - log_dropped_];
                  rec.outcome = Intern(result->ok() ? std::string_view("OK") : result->error().code);
                  rec.took_effect = took_effect;
                }
                loop_.After(rest, [done = std::move(done), r = std::move(*result)]() mutable { done(std::move(r)); },
                            {.label = fmt::format("ECS {} reply", action), .lane = lane});
              },
              {.label = label, .lane = lane});
}

template <class Resp>
Result<Resp, EcsError> Ecs::Wait(std::function<void(Reply<Resp>)> call) {
  std::optional<Result<Resp, EcsError>> out;
  call([&out](Result<Resp, EcsError> r) { out.emplace(std::move(r)); });
  while (!out && loop_.Step()) {
  }
  if (!out) return errors::InternalError();  // unreachable: every call schedules its reply
  return std::move(*out);
}

#define SNAPSIM_ECS_ACTION(Name)                                                               \
  void Ecs::Name(Name##Request r, Reply<Name##Response> done, const CallContext& ctx) {       \
    Params params = ToParams(r); /* before r moves into the effect */                          \
    Dispatch<Name##Response>(                                                                  \
        #Name, std::move(params), ctx,                                                         \
        [this, r = std::move(r)](internal::CallInfo& c) { return backend_->Name(r, c); },      \
        std::move(done));                                                                      \
  }                                                                                            \
  Result<Name##Response, EcsError> Ecs::Name##Sync(const Name##Request& r,                     \
                                                   const CallContext& ctx) {                   \
    return Wait<Name##Response>(                                                               \
        [&](Reply<Name##Response> done) { Name(r, std::move(done), ctx); });                   \
  }

SNAPSIM_ECS_ACTION(CreateDisk)
SNAPSIM_ECS_ACTION(DeleteDisk)
SNAPSIM_ECS_ACTION(AttachDisk)
SNAPSIM_ECS_ACTION(DetachDisk)
SNAPSIM_ECS_ACTION(ResizeDisk)
SNAPSIM_ECS_ACTION(DescribeDisks)
SNAPSIM_ECS_ACTION(DescribeInstances)
SNAPSIM_ECS_ACTION(CreateSnapshot)
SNAPSIM_ECS_ACTION(DeleteSnapshot)
SNAPSIM_ECS_ACTION(ModifySnapshotAttribute)
SNAPSIM_ECS_ACTION(DescribeSnapshots)

#undef SNAPSIM_ECS_ACTION

void Ecs::Invoke(std::string_view action, const Params& params, Reply<AnyResponse> done,
                 const CallContext& ctx) {
  Dispatch<AnyResponse>(
      action, params, ctx,
      [this, action = std::string(action), params](internal::CallInfo& c) {
        return internal::InvokeEffect(*backend_, action, params, c);
      },
      std::move(done));
}

Result<AnyResponse, EcsError> Ecs::InvokeSync(std::string_view action, const Params& params,
                                              const CallContext& ctx) {
  return Wait<AnyResponse>(
      [&](Reply<AnyResponse> done) { Invoke(action, params, std::move(done), ctx); });
}

void Ecs::AddFault(FaultRule rule) { faults_.Add(std::move(rule)); }
void Ecs::ClearFaults() { faults_.Clear(); }

Result<Device> Ecs::OpenDevice(std::string_view disk_id, std::string_view instance_id) {
  SNAPSIM_RETURN_IF_ERROR(backend_->AttachedDisk(disk_id, instance_id).status());
  return Device(backend_.get(), std::string(disk_id), std::string(instance_id));
}

std::vector<DiskInfo> Ecs::AllDisks() const { return backend_->AllDisks(); }
std::vector<SnapshotInfo> Ecs::AllSnapshots() const { return backend_->AllSnapshots(); }
std::vector<InstanceInfo> Ecs::AllInstances() const { return backend_->AllInstances(); }

bool Ecs::HasDisk(std::string_view disk_id) const {
  return backend_->FindDiskAnywhere(disk_id) != nullptr;
}

void Ecs::ForEachSnapshotName(
    const std::function<void(const std::string& id, const std::string& name)>& fn) const {
  backend_->ForEachSnapshotName(fn);
}

std::optional<FileTree> Ecs::DiskFiles(std::string_view disk_id) const {
  const internal::Disk* d = backend_->FindDiskAnywhere(disk_id);
  if (d == nullptr) return std::nullopt;
  return d->contents.tree;
}

}  // namespace snapsim::ecs
