// SPDX-License-Identifier: Apache-2.0
// Docker's graphdriver image store (Docker 20.10 through 28), read from its files: the data-root
// is two levels above the source of the spec's /etc/hostname mount
// (<data-root>/containers/<id>/hostname). Two small reads per container:
//   <data-root>/containers/<id>/config.v2.json   Config.Image (as typed), Image (config digest),
//                                                Driver (graph driver)
//   <data-root>/image/<driver>/repositories.json {"Repositories":{"<name>":{"<name>:<tag>" or
//                                                "<name>@sha256:<manifest>": "sha256:<config>"}}}
// Every component below the data-root is opened with O_NOFOLLOW.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/json.hpp"
#include "base/result.hpp"

namespace hardrun::identity {

struct DockerImage {
    std::string reference;      // Config.Image, as the user typed it
    std::string repository;     // normalised repository of Config.Image
    std::string config_digest;  // Image
    std::vector<std::string> manifest_digests;
};

// The data-root when the spec's /etc/hostname mount source is <root>/containers/<id>/hostname;
// nullopt otherwise (not a Docker container, or not this one).
std::optional<std::string> docker_data_root(const Json& spec, const std::string& container_id);

struct DockerContainerConfig {
    std::string image_reference;  // Config.Image
    std::string config_digest;    // Image
    std::string driver;           // Driver
};

// Pure parsers; errors name `origin` and the field.
Result<DockerContainerConfig> parse_container_config(std::string_view text, const std::string& origin);
// The manifest digests repositories.json maps to `config`.config_digest under the repository of
// config.image_reference, checked against a digest in that reference. kNotFound explains a
// locally built or loaded image (no digest) and a digest the store does not know.
Result<DockerImage> match_repositories(std::string_view text, const std::string& origin,
                                       const DockerContainerConfig& config);

// Reads both files for container `id` under `data_root`.
Result<DockerImage> read_docker_image(const std::string& data_root, const std::string& id);

}  // namespace hardrun::identity
