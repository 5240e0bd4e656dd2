// SPDX-License-Identifier: Apache-2.0
// CRI-O: the spec annotations io.kubernetes.cri-o.ImageName (a name, a hint) and
// io.kubernetes.cri-o.ImageRef (the image ID: the config digest, with or without "sha256:"),
// then containers-storage's <storage>/overlay-images/images.json, an array of
// {"id":"<hex>","digest":"sha256:<manifest>","names":["<repo>:<tag>","<repo>@sha256:<manifest>"],
// ...}. The image with that id gives the manifest digests: its "digest", and the digest of each
// "names" entry whose repository is ImageName's.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/json.hpp"
#include "base/result.hpp"

namespace hardrun::identity {

inline constexpr std::string_view kCrioImageName = "io.kubernetes.cri-o.ImageName";
inline constexpr std::string_view kCrioImageRef = "io.kubernetes.cri-o.ImageRef";

struct CrioAnnotations {
    std::string image_name;  // as annotated
    std::string image_id;    // 64 hex digits, without "sha256:"
};

// kNotFound when the spec carries no ImageRef annotation; kInvalidSpec when it is not an image
// ID or ImageName is missing or not a reference.
Result<CrioAnnotations> read_crio_annotations(const Json& spec);

struct CrioImage {
    std::string repository;  // normalised repository of ImageName
    std::string config_digest;
    std::vector<std::string> manifest_digests;
};

// Pure: the image `annotations.image_id` in images.json's text. kNotFound when the image is not
// listed or has no digest; kInvalidSpec naming `origin` for a malformed file.
Result<CrioImage> match_crio_images(std::string_view images_json, const std::string& origin,
                                    const CrioAnnotations& annotations);

// Reads <storage>/overlay-images/images.json (O_NOFOLLOW on both components).
Result<CrioImage> read_crio_image(const std::string& storage, const CrioAnnotations& annotations);

}  // namespace hardrun::identity
