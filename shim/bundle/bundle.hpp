// SPDX-License-Identifier: Apache-2.0
// A bundle's config.json: read once through the bundle's directory descriptor (O_NOFOLLOW),
// kept as an ordered document, and stored back atomically with its original permissions.
#pragma once

#include <sys/types.h>

#include <string>

#include "base/json.hpp"
#include "base/result.hpp"
#include "base/unique_fd.hpp"

namespace hardrun::bundle {

struct Bundle {
    std::string path;  // as the engine gave it ("" = the working directory)
    UniqueFd dir;
    mode_t mode = 0644;
    Json spec;
};

Result<Bundle> load_bundle(const std::string& path);

// Replaces config.json with `spec`; the old file stays whole if anything fails.
Result<void> store_spec(const Bundle& bundle, const Json& spec);

// A JSON file given by path (an exec's process.json), read and replaced the same careful way.
struct JsonFile {
    std::string path;
    UniqueFd dir;
    std::string name;
    mode_t mode = 0644;
    Json doc;
};

Result<JsonFile> load_json_file(const std::string& path);
Result<void> store_json_file(const JsonFile& file);

}  // namespace hardrun::bundle
