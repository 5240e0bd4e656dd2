// SPDX-License-Identifier: Apache-2.0
// Result<T>: a value or an Error, shaped like C++23 std::expected so it can be swapped later.
// Errors carry a stable code and a message; callers prepend context, outermost first.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace hardrun {

enum class ErrorCode {
    kInvalidArgument,  // a command line the runtime cannot accept
    kInvalidSpec,      // a config.json or process.json that is malformed
    kInvalidPolicy,    // hardrun's own configuration is malformed
    kPolicyViolation,  // the spec asks for something the policy forbids
    kUntrustedImage,   // reserved for image trust decisions
    kNotFound,         // a file or record that should exist does not
    kIo,               // a system call failed
    kInternal,         // a bug: an invariant did not hold
};

const char* error_code_name(ErrorCode code);

class Error {
public:
    Error(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}

    ErrorCode code() const { return code_; }
    const std::string& message() const { return message_; }

    // Prepends "context: " so the outermost caller's words come first.
    Error with_context(const std::string& context) const {
        return Error(code_, context + ": " + message_);
    }

private:
    ErrorCode code_;
    std::string message_;
};

// errno-carrying I/O error: "<what>: <strerror>".
Error io_error(const std::string& what, int errnum);

template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : v_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
    Result(Error error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

    bool has_value() const { return v_.index() == 0; }
    explicit operator bool() const { return has_value(); }

    T& value() & { return std::get<0>(v_); }
    const T& value() const& { return std::get<0>(v_); }
    T&& value() && { return std::get<0>(std::move(v_)); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    const Error& error() const { return std::get<1>(v_); }

private:
    std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT

    bool has_value() const { return ok_; }
    explicit operator bool() const { return ok_; }
    const Error& error() const { return error_; }

private:
    Error error_{ErrorCode::kInternal, ""};
    bool ok_ = true;
};

inline Result<void> ok() { return {}; }

}  // namespace hardrun

// The one control-flow macro: return the error of a failed Result<...> expression.
#define HARDRUN_CONCAT_INNER_(a, b) a##b
#define HARDRUN_CONCAT_(a, b) HARDRUN_CONCAT_INNER_(a, b)
#define HARDRUN_RETURN_IF_ERROR(expr)                                                   \
    do {                                                                                \
        if (auto HARDRUN_CONCAT_(hardrun_r_, __LINE__) = (expr);                        \
            !HARDRUN_CONCAT_(hardrun_r_, __LINE__)) {                                   \
            return HARDRUN_CONCAT_(hardrun_r_, __LINE__).error();                       \
        }                                                                               \
    } while (0)
