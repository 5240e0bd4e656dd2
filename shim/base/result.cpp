// SPDX-License-Identifier: Apache-2.0
#include "base/result.hpp"

#include <cstring>

namespace hardrun {

const char* error_code_name(ErrorCode code) {
    switch (code) {
        case ErrorCode::kInvalidArgument: return "invalid-argument";
        case ErrorCode::kInvalidSpec: return "invalid-spec";
        case ErrorCode::kInvalidPolicy: return "invalid-policy";
        case ErrorCode::kPolicyViolation: return "policy-violation";
        case ErrorCode::kUntrustedImage: return "untrusted-image";
        case ErrorCode::kNotFound: return "not-found";
        case ErrorCode::kIo: return "io";
        case ErrorCode::kInternal: return "internal";
    }
    return "internal";
}

Error io_error(const std::string& what, int errnum) {
    char buf[256];
    // GNU strerror_r returns a pointer that may or may not be buf; thread-safe either way.
    const char* text = strerror_r(errnum, buf, sizeof buf);
    return Error(errnum == ENOENT ? ErrorCode::kNotFound : ErrorCode::kIo,
                 what + ": " + text);
}

}  // namespace hardrun
