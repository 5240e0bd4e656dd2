// SPDX-License-Identifier: Apache-2.0
#include "identity/crio_store.hpp"

#include <fcntl.h>

#include <algorithm>
#include <cerrno>

#include "base/files.hpp"
#include "base/image_reference.hpp"

namespace hardrun::identity {
namespace {

constexpr std::size_t kMaxImagesJson = 64 * 1024 * 1024;

Result<std::string> annotation(const Json& spec, std::string_view key) {
    auto value = get_string(spec, "/annotations/" + std::string(key));
    if (!value) return value.error();
    if (!*value || (*value)->empty()) return Error(ErrorCode::kNotFound, "the spec has no " + std::string(key) + " annotation");
    return std::move(**value);
}

void add_unique(std::vector<std::string>& out, const std::string& digest) {
    if (std::find(out.begin(), out.end(), digest) == out.end()) out.push_back(digest);
}

// The digests of one images.json entry: "digest", then matching "names".
Result<std::vector<std::string>> entry_digests(const Json& image, const std::string& where,
                                               const std::string& repository) {
    std::vector<std::string> out;
    auto digest = get_string(image, "/digest");
    if (!digest) return digest.error().with_context(where);
    if (*digest && !(*digest)->empty()) {
        if (!is_sha256_digest(**digest)) return Error(ErrorCode::kInvalidSpec, where + "/digest is not a sha256 digest");
        add_unique(out, **digest);
    }
    auto names = get_string_array(image, "/names");
    if (!names) return names.error().with_context(where);
    for (const auto& name : names->value_or(std::vector<std::string>{})) {
        auto ref = parse_image_reference(name);
        if (ref && !ref->digest.empty() && ref->repository() == repository) add_unique(out, ref->digest);
    }
    return out;
}

}  // namespace

Result<CrioAnnotations> read_crio_annotations(const Json& spec) {
    auto ref = annotation(spec, kCrioImageRef);
    if (!ref) return ref.error();
    std::string id = ref->starts_with("sha256:") ? ref->substr(7) : *ref;
    if (!is_sha256_digest("sha256:" + id)) {
        return Error(ErrorCode::kInvalidSpec, std::string(kCrioImageRef) + " \"" + *ref + "\" is not an image ID");
    }
    auto name = annotation(spec, kCrioImageName);
    if (!name) return Error(ErrorCode::kInvalidSpec, name.error().message());
    return CrioAnnotations{std::move(*name), std::move(id)};
}

Result<CrioImage> match_crio_images(std::string_view images_json, const std::string& origin,
                                    const CrioAnnotations& annotations) {
    auto name = parse_image_reference(annotations.image_name);
    if (!name) return name.error().with_context(std::string(kCrioImageName));
    CrioImage out{name->repository(), "sha256:" + annotations.image_id, {}};
    auto doc = parse_json(images_json, origin);
    if (!doc) return doc.error();
    if (!doc->is_array()) return Error(ErrorCode::kInvalidSpec, origin + ": not a JSON array");
    for (std::size_t i = 0; i < doc->size(); ++i) {
        const auto& image = (*doc)[i];
        const std::string where = origin + ": /" + std::to_string(i);
        if (!image.is_object()) return Error(ErrorCode::kInvalidSpec, where + " is not an object");
        auto id = get_string(image, "/id");
        if (!id) return id.error().with_context(origin);
        if (*id != annotations.image_id) continue;
        auto digests = entry_digests(image, where, out.repository);
        if (!digests) return digests.error();
        if (digests->empty()) {
            return Error(ErrorCode::kNotFound, "image " + out.config_digest + " in " + origin + " has no manifest digest");
        }
        out.manifest_digests = std::move(*digests);
        return out;
    }
    return Error(ErrorCode::kNotFound, "image " + out.config_digest + " is not in " + origin);
}

Result<CrioImage> read_crio_image(const std::string& storage, const CrioAnnotations& annotations) {
    auto top = open_directory(storage);
    if (!top) return top.error();
    UniqueFd dir(::openat(top->get(), "overlay-images", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!dir.valid()) return io_error("open " + storage + "/overlay-images", errno);
    const std::string origin = storage + "/overlay-images/images.json";
    auto text = read_file_at(dir.get(), "images.json", kMaxImagesJson);
    if (!text) return text.error().with_context(storage + "/overlay-images");
    return match_crio_images(*text, origin, annotations);
}

}  // namespace hardrun::identity
