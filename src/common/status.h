// Status and StatusOr: errors as values, with canonical codes that decide what the runtime does.
//   Unavailable        -> retry with backoff (a server or broker that is down)
//   Aborted            -> restart the task
//   FailedPrecondition -> stop and tell the operator what to change (binlog purged, not ROW, ...)
//   DataLoss           -> stop, never skip (corrupt event, checksum mismatch)
//   InvalidArgument    -> bad configuration or request
//   Unimplemented      -> an event or type we cannot handle yet: stop with type and position
//   Internal           -> a bug in rowcast
#pragma once

#include <expected>
#include <string>
#include <string_view>
#include <utility>

namespace rowcast {

enum class StatusCode : int {
  kOk = 0,
  kCancelled = 1,
  kInvalidArgument = 3,
  kDeadlineExceeded = 4,
  kNotFound = 5,
  kAlreadyExists = 6,
  kPermissionDenied = 7,
  kFailedPrecondition = 9,
  kAborted = 10,
  kOutOfRange = 11,
  kUnimplemented = 12,
  kInternal = 13,
  kUnavailable = 14,
  kDataLoss = 15,
  kUnauthenticated = 16,
};

std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // "DataLoss: CRC32 mismatch at binlog.000001:4123"
  std::string ToString() const;

  // Returns a copy whose message is prefixed with `context` ("while X: <message>").
  Status WithContext(std::string_view context) const;

  void IgnoreError() const {}

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

template <typename T>
using StatusOr = std::expected<T, Status>;

inline Status OkStatus() { return Status(); }
inline Status InvalidArgumentError(std::string m) {
  return {StatusCode::kInvalidArgument, std::move(m)};
}
inline Status NotFoundError(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
inline Status AlreadyExistsError(std::string m) {
  return {StatusCode::kAlreadyExists, std::move(m)};
}
inline Status FailedPreconditionError(std::string m) {
  return {StatusCode::kFailedPrecondition, std::move(m)};
}
inline Status AbortedError(std::string m) { return {StatusCode::kAborted, std::move(m)}; }
inline Status UnimplementedError(std::string m) {
  return {StatusCode::kUnimplemented, std::move(m)};
}
inline Status InternalError(std::string m) { return {StatusCode::kInternal, std::move(m)}; }
inline Status UnavailableError(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }
inline Status DataLossError(std::string m) { return {StatusCode::kDataLoss, std::move(m)}; }
inline Status CancelledError(std::string m) { return {StatusCode::kCancelled, std::move(m)}; }
inline Status DeadlineExceededError(std::string m) {
  return {StatusCode::kDeadlineExceeded, std::move(m)};
}
inline Status PermissionDeniedError(std::string m) {
  return {StatusCode::kPermissionDenied, std::move(m)};
}
inline Status UnauthenticatedError(std::string m) {
  return {StatusCode::kUnauthenticated, std::move(m)};
}

namespace internal {
inline const Status& AsStatus(const Status& s) { return s; }
template <typename T>
Status AsStatus(const StatusOr<T>& s) {
  return s.has_value() ? Status() : s.error();
}
}  // namespace internal

}  // namespace rowcast

#define ROWCAST_CONCAT_INNER(a, b) a##b
#define ROWCAST_CONCAT(a, b) ROWCAST_CONCAT_INNER(a, b)

// Returns the error of a Status or StatusOr expression from the enclosing function.
#define ROWCAST_RETURN_IF_ERROR(expr)                                         \
  do {                                                                        \
    auto&& rowcast_status_ = (expr);                                          \
    if (!::rowcast::internal::AsStatus(rowcast_status_).ok())                 \
      return std::unexpected(::rowcast::internal::AsStatus(rowcast_status_)); \
  } while (false)

// Same, for functions that return a plain Status.
#define ROWCAST_RETURN_STATUS_IF_ERROR(expr)                  \
  do {                                                        \
    auto&& rowcast_status_ = (expr);                          \
    if (!::rowcast::internal::AsStatus(rowcast_status_).ok()) \
      return ::rowcast::internal::AsStatus(rowcast_status_);  \
  } while (false)

#define ROWCAST_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr)                   \
  auto tmp = (expr);                                                    \
  if (!tmp.has_value()) return std::unexpected(std::move(tmp).error()); \
  lhs = std::move(*tmp)

// ROWCAST_ASSIGN_OR_RETURN(uint64_t pos, reader.ReadU64Le());  in functions returning StatusOr.
#define ROWCAST_ASSIGN_OR_RETURN(lhs, expr) \
  ROWCAST_ASSIGN_OR_RETURN_IMPL(ROWCAST_CONCAT(rowcast_or_, __LINE__), lhs, expr)

#define ROWCAST_ASSIGN_OR_RETURN_STATUS_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                         \
  if (!tmp.has_value()) return std::move(tmp).error();       \
  lhs = std::move(*tmp)

// Same, in functions returning Status.
#define ROWCAST_ASSIGN_OR_RETURN_STATUS(lhs, expr) \
  ROWCAST_ASSIGN_OR_RETURN_STATUS_IMPL(ROWCAST_CONCAT(rowcast_or_, __LINE__), lhs, expr)
