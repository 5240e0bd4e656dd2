// SPDX-License-Identifier: Apache-2.0
// The image checks of `create`: is the image signed as the signature policy demands, and does
// its scan status pass the rule's gate? Signatures: a cached approval (approval.hpp) passes
// without cryptography; without one, `hardrunctl trust verify` decides under a hard deadline
// (fetching signatures the cache never had) and stores an approval on a pass. The runtime
// itself links neither libcrypto nor an HTTP client. Scan status: the cached summary and the
// rule's gate. Every failure to decide is a failure to pass.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/json.hpp"
#include "identity/identity.hpp"
#include "policy/config.hpp"

namespace hardrun::app {

struct ImageCheckInput {
    const policy::Config& config;
    const policy::TrustPolicy& trust;
    const identity::ImageIdentity& identity;
    std::string hardrunctl;  // the verifier, beside the hardrun binary
    std::int64_t now = 0;    // Unix seconds
};

struct ImageCheck {
    bool pass = true;
    std::string reason;             // why not, for the user; "" when it passes
    Json log = Json::object();      // what was checked and found, for the decision log
    std::vector<std::string> notes; // e.g. scan findings a warn-mode gate let through
};

ImageCheck check_image(const ImageCheckInput& input);

// The image as messages name it: "repo@sha256:…", or what is known of it.
std::string image_display_name(const identity::ImageIdentity& identity);

}  // namespace hardrun::app
