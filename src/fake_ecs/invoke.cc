// InvokeEffect: the generic entry point — an action by name with wire parameters,
// parsed at the moment the call takes effect, then applied by the backend.
#include <fmt/format.h>

#include "src/fake_ecs/actions.h"
#include "src/fake_ecs/backend.h"
#include "src/fake_ecs/params.h"

namespace snapsim::ecs::internal {
namespace {

template <class Req, class Resp>
Result<AnyResponse, EcsError> Run(Backend& b, const Params& params, CallInfo& c,
                                  Result<Req, EcsError> (*parse)(const Params&),
                                  R<Resp> (Backend::*apply)(const Req&, const CallInfo&)) {
  Result<Req, EcsError> req = parse(params);
  if (!req.ok()) return req.error();
  // ClientToken comparison uses the normalized form; most calls were sent in it already,
  // and then share the call log's copy.
  Params normalized = ToParams(*req);
  if (c.params == nullptr || !c.params->Equals(normalized)) c.params = std::make_shared<const PackedParams>(normalized);
  R<Resp> resp = (b.*apply)(*req, c);
  if (!resp.ok()) return resp.error();
  return AnyResponse(std::move(*resp));
}

}  // namespace

Result<AnyResponse, EcsError> InvokeEffect(Backend& b, std::string_view action,
                                           const Params& params, CallInfo& c) {
  if (action == "CreateDisk") return Run(b, params, c, &ParseCreateDisk, &Backend::CreateDisk);
  if (action == "DeleteDisk") return Run(b, params, c, &ParseDeleteDisk, &Backend::DeleteDisk);
  if (action == "AttachDisk") return Run(b, params, c, &ParseAttachDisk, &Backend::AttachDisk);
  if (action == "DetachDisk") return Run(b, params, c, &ParseDetachDisk, &Backend::DetachDisk);
  if (action == "ResizeDisk") return Run(b, params, c, &ParseResizeDisk, &Backend::ResizeDisk);
  if (action == "DescribeDisks") {
    return Run(b, params, c, &ParseDescribeDisks, &Backend::DescribeDisks);
  }
  if (action == "DescribeInstances") {
    return Run(b, params, c, &ParseDescribeInstances, &Backend::DescribeInstances);
  }
  if (action == "CreateSnapshot") {
    return Run(b, params, c, &ParseCreateSnapshot, &Backend::CreateSnapshot);
  }
  if (action == "DeleteSnapshot") {
    return Run(b, params, c, &ParseDeleteSnapshot, &Backend::DeleteSnapshot);
  }
  if (action == "ModifySnapshotAttribute") {
    return Run(b, params, c, &ParseModifySnapshotAttribute, &Backend::ModifySnapshotAttribute);
  }
  if (action == "DescribeSnapshots") {
    return Run(b, params, c, &ParseDescribeSnapshots, &Backend::DescribeSnapshots);
  }
  if (IsEcsAction(action)) {
    return errors::Unsupported(
        fmt::format("unsupported: snapsim does not model the ECS action {}", action));
  }
  return errors::InvalidActionNotFound();
}

}  // namespace snapsim::ecs::internal
