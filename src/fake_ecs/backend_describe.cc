// DescribeDisks, DescribeSnapshots, DescribeInstances: filters and paging.
//
// Results are listed newest first (by creation), instances in registration order.
// Unknown ids in DiskIds/SnapshotIds/InstanceIds are simply absent (ECS behaviour).
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>

#include "src/fake_ecs/backend.h"

namespace snapsim::ecs::internal {
namespace {

struct Page {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::int64_t page_number = 0;
  std::int64_t page_size = 0;
  std::optional<std::string> next_token;
};

// NextToken is an opaque 32-hex-digit string in ECS; here it encodes the offset.
std::string Token(std::size_t offset) { return fmt::format("{:032x}", offset); }

R<Page> Paginate(const Paging& p, std::size_t total) {
  Page out;
  if (p.max_results || p.next_token) {
    std::int64_t max = p.max_results.value_or(10);
    if (max < 1 || max > 100) return errors::InvalidParameter("MaxResults");
    std::size_t offset = 0;
    if (p.next_token && !p.next_token->empty()) {
      const std::string& t = *p.next_token;
      auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), offset, 16);
      if (t.size() != 32 || ec != std::errc() || ptr != t.data() + t.size()) {
        return errors::InvalidParameter("NextToken");
      }
    }
    out.begin = std::min(offset, total);
    out.end = std::min(total, out.begin + static_cast<std::size_t>(max));
    out.next_token = out.end < total ? Token(out.end) : "";
    return out;
  }
  out.page_number = p.page_number.value_or(1);
  out.page_size = p.page_size.value_or(10);
  if (out.page_number < 1) return errors::InvalidParameter("PageNumber");
  if (out.page_size < 1 || out.page_size > 100) return errors::InvalidParameter("PageSize");
  std::size_t begin = static_cast<std::size_t>((out.page_number - 1) * out.page_size);
  out.begin = std::min(begin, total);
  out.end = std::min(total, out.begin + static_cast<std::size_t>(out.page_size));
  return out;
}

bool TagsMatch(const std::vector<Tag>& have, const std::vector<Tag>& want) {
  for (const auto& w : want) {
    bool found = false;
    for (const auto& h : have) found |= h.key == w.key && (w.value.empty() || h.value == w.value);
    if (!found) return false;
  }
  return true;
}

// Calls fn(entry) for the entries of `all` named in `ids` (each once), or for every
// entry when there is no list: a call that names its disks, snapshots or instances (as
// the CSI driver's do) is answered without a scan of the region. Callers sort what
// they keep.
template <class T, class Fn>
void ForEachCandidate(const std::map<std::string, T>& all, const std::optional<std::vector<std::string>>& ids,
                      Fn fn) {
  if (!ids) {
    for (const auto& [id, entry] : all) fn(entry);
    return;
  }
  std::vector<std::string> wanted = *ids;
  std::sort(wanted.begin(), wanted.end());
  wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
  for (const std::string& id : wanted) {
    auto it = all.find(id);
    if (it != all.end()) fn(it->second);
  }
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

R<DescribeDisksResponse> Backend::DescribeDisks(const DescribeDisksRequest& r, const CallInfo& c) {
  SNAPSIM_ASSIGN_OR_RETURN(Region * region, GetRegion(r.region_id));
  static constexpr std::string_view kStatuses[] = {
      "In_use", "Available", "Attaching", "Detaching", "Creating", "ReIniting", "All"};
  if (r.status &&
      std::find(std::begin(kStatuses), std::end(kStatuses), *r.status) == std::end(kStatuses)) {
    return errors::InvalidParameter("Status");
  }
  std::string type = Lower(r.disk_type.value_or("all"));
  if (type != "all" && type != "system" && type != "data")
    return errors::InvalidParameter("DiskType");
  std::vector<const Disk*> hits;
  ForEachCandidate(region->disks, r.disk_ids, [&](const Disk& d) {
    if (r.instance_id && d.instance_id != *r.instance_id) return;
    if (r.zone_id && d.zone != *r.zone_id) return;
    if (r.status && *r.status != "All" && DiskStatusName(d.status) != *r.status) return;
    if (type == "system" && !d.system) return;
    if (type == "data" && d.system) return;
    if (r.category && d.category != *r.category) return;
    if (r.disk_name && d.name != *r.disk_name) return;
    if (r.snapshot_id && d.source_snapshot_id != *r.snapshot_id) return;
    if (r.portable && *r.portable != !d.system) return;
    if (r.delete_with_instance && *r.delete_with_instance != d.delete_with_instance) return;
    if (r.encrypted && *r.encrypted != d.encrypted) return;
    if (!TagsMatch(d.tags, r.tags)) return;
    hits.push_back(&d);
  });
  std::sort(hits.begin(), hits.end(), [](const Disk* a, const Disk* b) { return a->seq > b->seq; });
  SNAPSIM_ASSIGN_OR_RETURN(Page page, Paginate(r.paging, hits.size()));
  DescribeDisksResponse out;
  out.request_id = c.request_id;
  out.total_count = static_cast<std::int64_t>(hits.size());
  out.page_number = page.page_number;
  out.page_size = page.page_size;
  out.next_token = page.next_token;
  for (std::size_t i = page.begin; i < page.end; ++i)
    out.disks.push_back(ToInfo(*region, *hits[i]));
  return out;
}

R<DescribeSnapshotsResponse> Backend::DescribeSnapshots(const DescribeSnapshotsRequest& r,
                                                        const CallInfo& c) {
  SNAPSIM_ASSIGN_OR_RETURN(Region * region, GetRegion(r.region_id));
  std::string status = r.status.value_or("all");
  if (status != "progressing" && status != "accomplished" && status != "failed" &&
      status != "all") {
    return errors::InvalidParameter("Status");
  }
  std::string type = r.snapshot_type.value_or("all");
  if (type != "auto" && type != "user" && type != "all")
    return errors::InvalidParameter("SnapshotType");
  std::string source_type = Lower(r.source_disk_type.value_or(""));
  if (!source_type.empty() && source_type != "system" && source_type != "data") {
    return errors::InvalidParameter("SourceDiskType");
  }
  if (r.usage && *r.usage != "image" && *r.usage != "disk" && *r.usage != "image_disk" &&
      *r.usage != "none") {
    return errors::InvalidParameter("Usage");
  }
  std::vector<const Snapshot*> hits;
  ForEachCandidate(region->snapshots, r.snapshot_ids, [&](const Snapshot& s) {
    if (r.disk_id && s.source_disk_id != *r.disk_id) return;
    if (r.instance_id) {
      auto d = region->disks.find(s.source_disk_id);
      if (d == region->disks.end() || d->second.instance_id != *r.instance_id) return;
    }
    if (r.snapshot_name && s.name != *r.snapshot_name) return;
    if (status != "all" && SnapshotStatusName(s.status) != status) return;
    if (type == "auto") return;  // every snapshot here is a manual ("user") one
    if (source_type == "system" && !s.source_system) return;
    if (source_type == "data" && s.source_system) return;
    if (r.usage && *r.usage != (s.live_disks > 0 ? "disk" : "none")) return;
    if (r.category && Lower(*r.category) != "standard") return;
    if (r.encrypted && *r.encrypted != s.encrypted) return;
    if (!TagsMatch(s.tags, r.tags)) return;
    hits.push_back(&s);
  });
  std::sort(hits.begin(), hits.end(),
            [](const Snapshot* a, const Snapshot* b) { return a->seq > b->seq; });
  SNAPSIM_ASSIGN_OR_RETURN(Page page, Paginate(r.paging, hits.size()));
  DescribeSnapshotsResponse out;
  out.request_id = c.request_id;
  out.total_count = static_cast<std::int64_t>(hits.size());
  out.page_number = page.page_number;
  out.page_size = page.page_size;
  out.next_token = page.next_token;
  for (std::size_t i = page.begin; i < page.end; ++i) {
    out.snapshots.push_back(ToInfo(*region, *hits[i]));
  }
  return out;
}

R<DescribeInstancesResponse> Backend::DescribeInstances(const DescribeInstancesRequest& r,
                                                        const CallInfo& c) {
  SNAPSIM_ASSIGN_OR_RETURN(Region * region, GetRegion(r.region_id));
  std::vector<const Instance*> hits;
  ForEachCandidate(region->instances, r.instance_ids, [&](const Instance& inst) {
    if (r.zone_id && inst.zone != *r.zone_id) return;
    if (r.status && *r.status != "Running") return;
    if (r.instance_name && inst.hostname != *r.instance_name) return;
    hits.push_back(&inst);
  });
  std::sort(hits.begin(), hits.end(),
            [](const Instance* a, const Instance* b) { return a->seq < b->seq; });
  SNAPSIM_ASSIGN_OR_RETURN(Page page, Paginate(r.paging, hits.size()));
  DescribeInstancesResponse out;
  out.request_id = c.request_id;
  out.total_count = static_cast<std::int64_t>(hits.size());
  out.page_number = page.page_number;
  out.page_size = page.page_size;
  out.next_token = page.next_token;
  for (std::size_t i = page.begin; i < page.end; ++i) {
    out.instances.push_back(ToInfo(*region, *hits[i]));
  }
  return out;
}

}  // namespace snapsim::ecs::internal
