// Status and Result<T>: errors as values across every component boundary.
//
// A Status is OK (cheap: no allocation) or carries a Code and a message. Each
// boundary keeps its own richer error type (Kubernetes reasons, ECS codes, gRPC
// codes) and converts to or from Status in exactly one place; Status itself only
// says which broad family an error belongs to and what to print.
//
// Result<T> holds either a value or a non-OK Status. Accessing the value of an
// error Result is a programming bug and aborts.
#pragma once

#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

namespace snapsim {

class [[nodiscard]] Status {
 public:
  enum class Code {
    kOk = 0,
    kInvalidArgument,  // bad input: a malformed file, flag or field
    kNotFound,
    kAlreadyExists,
    kConflict,
    kFailedPrecondition,
    kUnsupported,  // something snapsim does not model: fails loudly
    kInternal,
  };

  Status() = default;  // OK
  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string msg) { return Status(Code::kInvalidArgument, std::move(msg)); }
  static Status NotFound(std::string msg) { return Status(Code::kNotFound, std::move(msg)); }
  static Status AlreadyExists(std::string msg) { return Status(Code::kAlreadyExists, std::move(msg)); }
  static Status Conflict(std::string msg) { return Status(Code::kConflict, std::move(msg)); }
  static Status FailedPrecondition(std::string msg) {
    return Status(Code::kFailedPrecondition, std::move(msg));
  }
  static Status Unsupported(std::string msg) { return Status(Code::kUnsupported, std::move(msg)); }
  static Status Internal(std::string msg) { return Status(Code::kInternal, std::move(msg)); }

  bool ok() const { return rep_ == nullptr; }
  Code code() const { return rep_ ? rep_->code : Code::kOk; }
  // The message alone, without the code name; empty for OK.
  const std::string& message() const;
  // "OK" or "<CodeName>: <message>".
  std::string ToString() const;

  // Returns a copy whose message is "<prefix><message>".
  Status WithPrefix(std::string_view prefix) const;

 private:
  struct Rep {
    Code code;
    std::string message;
  };
  Status(Code code, std::string msg) : rep_(std::make_shared<const Rep>(Rep{code, std::move(msg)})) {}
  std::shared_ptr<const Rep> rep_;
};

std::string_view CodeName(Status::Code code);

// Result<T, E>: a value or an error E (Status by default; boundaries with a
// richer error type, such as the API server's ApiError, use their own E).
template <class T, class E = Status>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Result(E error) : v_(std::in_place_index<1>, std::move(error)) {   // NOLINT: implicit by design
    if constexpr (std::is_same_v<E, Status>) {
      if (std::get<1>(v_).ok()) std::abort();  // an OK status carries no value
    }
  }

  bool ok() const { return v_.index() == 0; }
  // The error. REQUIRES: !ok() (for E = Status an OK status is returned instead).
  const E& status() const {
    if constexpr (std::is_same_v<E, Status>) {
      static const Status kOk;
      if (ok()) return kOk;
    } else {
      if (ok()) std::abort();
    }
    return std::get<1>(v_);
  }
  const E& error() const { return status(); }
  T& value() & { return Checked(); }
  const T& value() const& { return const_cast<Result*>(this)->Checked(); }
  T&& value() && { return std::move(Checked()); }
  T& operator*() & { return Checked(); }
  const T& operator*() const& { return const_cast<Result*>(this)->Checked(); }
  T* operator->() { return &Checked(); }
  const T* operator->() const { return &const_cast<Result*>(this)->Checked(); }

 private:
  T& Checked() {
    if (!ok()) std::abort();
    return std::get<0>(v_);
  }
  std::variant<T, E> v_;
};

}  // namespace snapsim

// Propagates a non-OK Status from an expression returning Status.
#define SNAPSIM_RETURN_IF_ERROR(expr)              \
  do {                                             \
    ::snapsim::Status _snapsim_st = (expr);        \
    if (!_snapsim_st.ok()) return _snapsim_st;     \
  } while (0)

#define SNAPSIM_CONCAT_INNER(a, b) a##b
#define SNAPSIM_CONCAT(a, b) SNAPSIM_CONCAT_INNER(a, b)
// SNAPSIM_ASSIGN_OR_RETURN(auto x, ResultExpr()): binds the value or returns the Status.
#define SNAPSIM_ASSIGN_OR_RETURN(lhs, expr) \
  SNAPSIM_ASSIGN_OR_RETURN_IMPL(SNAPSIM_CONCAT(_snapsim_res_, __LINE__), lhs, expr)
#define SNAPSIM_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                  \
  if (!tmp.ok()) return tmp.status();                 \
  lhs = std::move(tmp).value()
