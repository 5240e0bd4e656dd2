// SPDX-License-Identifier: Apache-2.0
#include "identity/docker_store.hpp"

#include <fcntl.h>

#include <algorithm>
#include <cerrno>

#include "base/files.hpp"
#include "base/image_reference.hpp"

namespace hardrun::identity {
namespace {

constexpr std::size_t kMaxConfig = 4 * 1024 * 1024;
constexpr std::size_t kMaxRepositories = 16 * 1024 * 1024;

bool is_single_component(std::string_view name) {
    return !name.empty() && name != "." && name != ".." && name.find('/') == std::string_view::npos;
}

// One directory below dirfd, never through a symlink.
Result<UniqueFd> open_subdirectory(int dirfd, const std::string& name, const std::string& shown) {
    UniqueFd fd(::openat(dirfd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!fd.valid()) {
        if (errno == ELOOP || errno == ENOTDIR) return Error(ErrorCode::kIo, shown + " is not a directory (or a symbolic link)");
        return io_error("open " + shown, errno);
    }
    return fd;
}

// Reads <root>/<dir1>/<dir2>/<file> with O_NOFOLLOW on every component below root.
Result<std::string> read_below(const std::string& root, const std::string& dir1, const std::string& dir2,
                               const std::string& file, std::size_t max_bytes) {
    auto top = open_directory(root);
    if (!top) return top.error();
    auto d1 = open_subdirectory(top->get(), dir1, root + "/" + dir1);
    if (!d1) return d1.error();
    auto d2 = open_subdirectory(d1->get(), dir2, root + "/" + dir1 + "/" + dir2);
    if (!d2) return d2.error();
    auto text = read_file_at(d2->get(), file, max_bytes);
    if (!text) return text.error().with_context(root + "/" + dir1 + "/" + dir2);
    return text;
}

// Docker accepts an image ID (full or a hex prefix) where a name is expected; such a container
// names no repository.
bool names_image_by_id(const std::string& reference, const std::string& config_digest) {
    if (reference.starts_with("sha256:")) return true;
    const std::string_view hex = std::string_view(config_digest).substr(std::string_view("sha256:").size());
    return !reference.empty() && hex.starts_with(reference);
}

// Manifest digests mapped to `config_digest` under `repository`, in the file's order.
Result<std::vector<std::string>> digests_for(const Json& repos, const std::string& origin,
                                             const std::string& repository, const std::string& config_digest) {
    std::vector<std::string> out;
    for (const auto& [name, entries] : repos.items()) {
        if (!entries.is_object()) return Error(ErrorCode::kInvalidSpec, origin + ": /Repositories/" + name + " is not an object");
        for (const auto& [key, value] : entries.items()) {
            if (!value.is_string()) {
                return Error(ErrorCode::kInvalidSpec, origin + ": /Repositories/" + name + "/" + key + " is not a string");
            }
            // Entries Docker itself could not have written (unparsable names) identify nothing.
            auto ref = parse_image_reference(key);
            if (!ref || ref->digest.empty() || value.get<std::string>() != config_digest) continue;
            if (ref->repository() == repository && std::find(out.begin(), out.end(), ref->digest) == out.end()) {
                out.push_back(ref->digest);
            }
        }
    }
    return out;
}

}  // namespace

std::optional<std::string> docker_data_root(const Json& spec, const std::string& container_id) {
    const auto mounts = spec.find("mounts");
    if (mounts == spec.end() || !mounts->is_array() || !is_single_component(container_id)) return std::nullopt;
    for (const auto& m : *mounts) {
        if (!m.is_object() || m.value("destination", Json()) != "/etc/hostname") continue;
        const auto source = m.value("source", Json());
        if (!source.is_string()) return std::nullopt;
        const auto path = source.get<std::string>();
        const std::string suffix = "/containers/" + container_id + "/hostname";
        if (!path.starts_with("/") || path.size() <= suffix.size() || !path.ends_with(suffix)) return std::nullopt;
        const std::string root = path.substr(0, path.size() - suffix.size());
        if (root.find("/../") != std::string::npos || root.ends_with("/..")) return std::nullopt;
        return root;
    }
    return std::nullopt;
}

Result<DockerContainerConfig> parse_container_config(std::string_view text, const std::string& origin) {
    auto doc = parse_json(text, origin);
    if (!doc) return doc.error();
    if (!doc->is_object()) return Error(ErrorCode::kInvalidSpec, origin + ": not a JSON object");
    DockerContainerConfig out;
    const std::pair<const char*, std::string*> fields[] = {
        {"/Config/Image", &out.image_reference}, {"/Image", &out.config_digest}, {"/Driver", &out.driver}};
    for (const auto& [pointer, target] : fields) {
        auto value = get_string(*doc, pointer);
        if (!value) return value.error().with_context(origin);
        if (!*value || (*value)->empty()) return Error(ErrorCode::kInvalidSpec, origin + ": " + pointer + " is missing");
        *target = std::move(**value);
    }
    if (!is_sha256_digest(out.config_digest)) {
        return Error(ErrorCode::kInvalidSpec, origin + ": /Image \"" + out.config_digest + "\" is not a sha256 digest");
    }
    if (!is_single_component(out.driver)) {
        return Error(ErrorCode::kInvalidSpec, origin + ": /Driver \"" + out.driver + "\" is not a driver name");
    }
    return out;
}

Result<DockerImage> match_repositories(std::string_view text, const std::string& origin,
                                       const DockerContainerConfig& config) {
    DockerImage out{config.image_reference, "", config.config_digest, {}};
    if (names_image_by_id(config.image_reference, config.config_digest)) {
        return Error(ErrorCode::kNotFound, "the container was created from image ID \"" + config.image_reference +
                                               "\", which names no repository");
    }
    auto ref = parse_image_reference(config.image_reference);
    if (!ref) return ref.error().with_context("Config.Image");
    out.repository = ref->repository();

    auto doc = parse_json(text, origin);
    if (!doc) return doc.error();
    const auto repos = doc->is_object() ? doc->find("Repositories") : doc->end();
    if (repos == doc->end() || !repos->is_object()) {
        return Error(ErrorCode::kInvalidSpec, origin + ": /Repositories is missing or not an object");
    }
    auto digests = digests_for(*repos, origin, out.repository, config.config_digest);
    if (!digests) return digests.error();
    out.manifest_digests = std::move(*digests);
    if (out.manifest_digests.empty()) {
        return Error(ErrorCode::kNotFound, "image " + config.config_digest +
                                               " has no repository digest (built or loaded locally, never pulled) for " +
                                               out.repository);
    }
    if (!ref->digest.empty()) {
        auto& ds = out.manifest_digests;
        const auto it = std::find(ds.begin(), ds.end(), ref->digest);
        if (it == ds.end()) {
            return Error(ErrorCode::kNotFound, "Config.Image names digest " + ref->digest + ", which " + origin +
                                                   " does not map to image " + config.config_digest);
        }
        std::rotate(ds.begin(), it, it + 1);  // the digest the user asked for comes first
    }
    return out;
}

Result<DockerImage> read_docker_image(const std::string& data_root, const std::string& id) {
    auto config_text = read_below(data_root, "containers", id, "config.v2.json", kMaxConfig);
    if (!config_text) return config_text.error();
    const std::string config_origin = data_root + "/containers/" + id + "/config.v2.json";
    auto config = parse_container_config(*config_text, config_origin);
    if (!config) return config.error();
    auto repos_text = read_below(data_root, "image", config->driver, "repositories.json", kMaxRepositories);
    if (!repos_text) return repos_text.error();
    return match_repositories(*repos_text, data_root + "/image/" + config->driver + "/repositories.json", *config);
}

}  // namespace hardrun::identity
