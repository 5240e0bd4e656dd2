// SPDX-License-Identifier: Apache-2.0
#include "registry/manifest.hpp"

#include <nlohmann/json.hpp>

#include "base/image_reference.hpp"  // is_sha256_digest

namespace hardrun::registry {
namespace {

using nlohmann::json;

Error bad(std::string_view what_doc, const std::string& what) {
    return Error(ErrorCode::kUntrustedImage, std::string(what_doc) + ": " + what);
}

Result<json> parse_object(std::string_view text, std::string_view what_doc) {
    json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) return bad(what_doc, "not valid JSON");
    if (!doc.is_object()) return bad(what_doc, "not a JSON object");
    return doc;
}

// The optional string at doc[key]; present with another type is an error.
Result<std::string> optional_string(const json& doc, const char* key, const std::string& pointer,
                                    std::string_view what_doc) {
    const auto it = doc.find(key);
    if (it == doc.end() || it->is_null()) return std::string();
    if (!it->is_string()) return bad(what_doc, pointer + "/" + key + " is not a string");
    return it->get<std::string>();
}

Result<Descriptor> parse_descriptor(const json& doc, const std::string& pointer,
                                    std::string_view what_doc) {
    if (!doc.is_object()) return bad(what_doc, pointer + " is not an object");
    Descriptor d;
    auto media_type = optional_string(doc, "mediaType", pointer, what_doc);
    if (!media_type) return media_type.error();
    if (media_type->empty()) return bad(what_doc, pointer + "/mediaType is missing");
    d.media_type = std::move(*media_type);
    auto digest = optional_string(doc, "digest", pointer, what_doc);
    if (!digest) return digest.error();
    if (!is_sha256_digest(*digest))
        return bad(what_doc, pointer + "/digest is not a sha256 digest: \"" + *digest + "\"");
    d.digest = std::move(*digest);
    const auto size = doc.find("size");
    if (size == doc.end() || !size->is_number_integer() || size->get<std::int64_t>() < 0) {
        return bad(what_doc, pointer + "/size is missing or not a non-negative integer");
    }
    d.size = size->get<std::int64_t>();
    auto artifact_type = optional_string(doc, "artifactType", pointer, what_doc);
    if (!artifact_type) return artifact_type.error();
    d.artifact_type = std::move(*artifact_type);
    if (const auto it = doc.find("annotations"); it != doc.end() && !it->is_null()) {
        if (!it->is_object()) return bad(what_doc, pointer + "/annotations is not an object");
        for (const auto& [key, value] : it->items()) {
            if (!value.is_string())
                return bad(what_doc, pointer + "/annotations/" + key + " is not a string");
            d.annotations.emplace(key, value.get<std::string>());
        }
    }
    return d;
}

Result<std::vector<Descriptor>> parse_descriptors(const json& doc, const char* key,
                                                  std::string_view what_doc) {
    const auto it = doc.find(key);
    if (it == doc.end() || !it->is_array())
        return bad(what_doc, std::string("/") + key + " is missing or not an array");
    std::vector<Descriptor> out;
    for (std::size_t i = 0; i < it->size(); ++i) {
        auto d =
            parse_descriptor((*it)[i], std::string("/") + key + "/" + std::to_string(i), what_doc);
        if (!d) return d.error();
        out.push_back(std::move(*d));
    }
    return out;
}

Result<void> check_schema_version(const json& doc, std::string_view what_doc) {
    const auto it = doc.find("schemaVersion");
    if (it == doc.end() || !it->is_number_integer() || it->get<std::int64_t>() != 2) {
        return bad(what_doc, "/schemaVersion is not 2");
    }
    return ok();
}

}  // namespace

Result<Manifest> parse_manifest(std::string_view text) {
    constexpr std::string_view kWhat = "image manifest";
    auto doc = parse_object(text, kWhat);
    if (!doc) return doc.error();
    HARDRUN_RETURN_IF_ERROR(check_schema_version(*doc, kWhat));
    Manifest m;
    auto media_type = optional_string(*doc, "mediaType", "", kWhat);
    if (!media_type) return media_type.error();
    if (!media_type->empty() && *media_type != kOciManifest && *media_type != kDockerManifest) {
        return bad(kWhat, "/mediaType \"" + *media_type + "\" is not an image manifest");
    }
    m.media_type = std::move(*media_type);
    auto artifact_type = optional_string(*doc, "artifactType", "", kWhat);
    if (!artifact_type) return artifact_type.error();
    m.artifact_type = std::move(*artifact_type);
    const auto config = doc->find("config");
    if (config == doc->end()) return bad(kWhat, "/config is missing");
    auto config_descriptor = parse_descriptor(*config, "/config", kWhat);
    if (!config_descriptor) return config_descriptor.error();
    m.config = std::move(*config_descriptor);
    auto layers = parse_descriptors(*doc, "layers", kWhat);
    if (!layers) return layers.error();
    m.layers = std::move(*layers);
    if (const auto subject = doc->find("subject"); subject != doc->end() && !subject->is_null()) {
        auto s = parse_descriptor(*subject, "/subject", kWhat);
        if (!s) return s.error();
        m.subject = std::move(*s);
    }
    return m;
}

Result<Index> parse_index(std::string_view text) {
    constexpr std::string_view kWhat = "image index";
    auto doc = parse_object(text, kWhat);
    if (!doc) return doc.error();
    HARDRUN_RETURN_IF_ERROR(check_schema_version(*doc, kWhat));
    Index index;
    auto media_type = optional_string(*doc, "mediaType", "", kWhat);
    if (!media_type) return media_type.error();
    if (!media_type->empty() && *media_type != kOciIndex && *media_type != kDockerManifestList) {
        return bad(kWhat, "/mediaType \"" + *media_type + "\" is not an image index");
    }
    index.media_type = std::move(*media_type);
    auto manifests = parse_descriptors(*doc, "manifests", kWhat);
    if (!manifests) return manifests.error();
    index.manifests = std::move(*manifests);
    return index;
}

bool is_sigstore_bundle_type(std::string_view media_type) {
    return media_type.starts_with("application/vnd.dev.sigstore.bundle");
}

}  // namespace hardrun::registry
