// Byte codec primitives for compact in-memory records: unsigned LEB128 varints and
// length-prefixed byte strings, appended to a std::string and read back from a
// std::string_view that each Get consumes. Reading never goes past the end of its input:
// truncated input yields short or zero values, never a crash. Used by api/packing.h
// (typed objects) and fake_ecs/packed_params.h (call parameters).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace snapsim::engine {

void PutVarint(std::string& out, std::uint64_t v);
std::uint64_t GetVarint(std::string_view& in);
// The bytes PutVarint(v) appends.
std::size_t VarintSize(std::uint64_t v);

// A string as its length (a varint) then its bytes.
void PutBytes(std::string& out, std::string_view s);
std::string_view GetBytes(std::string_view& in);

}  // namespace snapsim::engine
