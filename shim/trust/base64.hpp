// SPDX-License-Identifier: Apache-2.0
// Strict standard base64 (RFC 4648 section 4, with padding), as cosign and Sigstore bundles
// write it. Pure code: no OpenSSL, no allocation beyond the result.
#pragma once

#include <string>
#include <string_view>

#include "base/result.hpp"

namespace hardrun::trust {

// Decodes `text`. Spaces, tabs, CR and LF anywhere are skipped (cosign's files end in a
// newline; PEM-like wrapping is common); any other byte outside the alphabet, missing or
// misplaced padding, or non-zero trailing bits are kInvalidArgument naming the offset.
Result<std::string> base64_decode(std::string_view text);

// Standard alphabet with padding.
std::string base64_encode(std::string_view bytes);

}  // namespace hardrun::trust
