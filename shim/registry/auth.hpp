// SPDX-License-Identifier: Apache-2.0
// Registry token authentication (Docker's token scheme, used by every OCI registry that asks
// for auth): a 401 carries `WWW-Authenticate: Bearer realm="…",service="…",scope="…"`; the
// client GETs realm?service=…&scope=… (anonymously here) and retries with
// `Authorization: Bearer <token>`. Pure code: parsing and URL building only.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "base/result.hpp"

namespace hardrun::registry {

struct AuthChallenge {
    std::string scheme;                         // lower-cased: "bearer", "basic"
    std::map<std::string, std::string> params;  // names lower-cased, values unquoted
};

// The first challenge of a WWW-Authenticate value (RFC 7235: scheme, then auth-params as
// token=token or token="quoted \" string"). kInvalidArgument naming the offset when malformed.
Result<AuthChallenge> parse_www_authenticate(std::string_view header);

// The token endpoint URL for a Bearer challenge: realm with service and scope appended as
// query parameters (percent-encoded); `default_scope` is used when the challenge names none.
// kInvalidArgument when the scheme is not Bearer or the realm is missing or not http(s).
Result<std::string> token_request_url(const AuthChallenge& challenge,
                                      std::string_view default_scope);

// The token of a token endpoint's JSON answer: "token", else "access_token" (OAuth2 form).
Result<std::string> parse_token_response(std::string_view body);

}  // namespace hardrun::registry
