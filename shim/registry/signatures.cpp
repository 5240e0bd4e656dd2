// SPDX-License-Identifier: Apache-2.0
#include "registry/signatures.hpp"

#include <nlohmann/json.hpp>

#include "base/image_reference.hpp"
#include "trust/base64.hpp"
#include "trust/bundle.hpp"
#include "trust/simple_signing.hpp"

namespace hardrun::registry {
namespace {

// One cosign layer as evidence; a message (no value) when it is malformed.
Result<std::optional<trust::SignatureEvidence>> cosign_layer(RegistryClient& client,
                                                             const Descriptor& layer,
                                                             const std::string& source,
                                                             std::string& why) {
    const auto signature = layer.annotations.find(std::string(kCosignSignatureAnnotation));
    if (signature == layer.annotations.end()) {
        why = source + ": layer " + layer.digest + " has no " +
              std::string(kCosignSignatureAnnotation) + " annotation";
        return std::optional<trust::SignatureEvidence>();
    }
    auto der = trust::base64_decode(signature->second);
    if (!der || der->empty()) {
        why = source + ": layer " + layer.digest + ": the signature annotation is not base64";
        return std::optional<trust::SignatureEvidence>();
    }
    auto payload = client.get_blob(layer, kMaxSignatureLayerBytes);
    if (!payload) return payload.error();
    if (auto parsed = trust::parse_simple_signing(*payload); !parsed) {
        why = source + ": layer " + layer.digest + ": " + parsed.error().message();
        return std::optional<trust::SignatureEvidence>();
    }
    trust::CosignSignature cosign{std::move(*payload), std::move(*der), std::nullopt};
    if (const auto rekor = layer.annotations.find(std::string(kCosignBundleAnnotation));
        rekor != layer.annotations.end()) {
        if (!nlohmann::json::accept(rekor->second)) {
            why = source + ": layer " + layer.digest + ": the Rekor bundle annotation is not JSON";
            return std::optional<trust::SignatureEvidence>();
        }
        cosign.rekor_bundle = rekor->second;
    }
    return std::optional<trust::SignatureEvidence>(
        trust::SignatureEvidence{std::move(cosign), source});
}

Result<void> find_cosign(RegistryClient& client, const std::string& repository,
                         const std::string& digest, FoundSignatures& found) {
    const std::string tag = cosign_signature_tag(digest);
    const std::string source = repository + ":" + tag;
    auto fetched = client.get_manifest(tag, kAcceptImageManifest);
    if (!fetched) return fetched.error();
    if (!*fetched) return ok();  // 404: not signed this way
    auto manifest = parse_manifest((*fetched)->body);
    if (!manifest) return manifest.error().with_context(source);
    for (const auto& layer : manifest->layers) {
        if (layer.media_type != kCosignSimpleSigning) continue;
        std::string why;
        auto evidence = cosign_layer(client, layer, source, why);
        if (!evidence) return evidence.error();
        if (*evidence)
            found.signatures.push_back(std::move(**evidence));
        else
            found.skipped.push_back(std::move(why));
    }
    return ok();
}

// The referrers of `digest` (API first, then the fallback tag); nullopt when there are none.
Result<std::optional<Index>> referrers(RegistryClient& client, const std::string& repository,
                                       const std::string& digest) {
    auto api = client.get_referrers(digest);
    if (!api) return api.error();
    std::optional<std::string> body = std::move(*api);
    std::string source = repository + "@" + digest + " (referrers API)";
    if (!body) {
        const std::string tag = referrers_fallback_tag(digest);
        auto fetched = client.get_manifest(tag, kOciIndex);
        if (!fetched) return fetched.error();
        if (!*fetched) return std::optional<Index>();
        body = std::move((*fetched)->body);
        source = repository + ":" + tag;
    }
    auto index = parse_index(*body);
    if (!index) return index.error().with_context(source);
    return std::optional<Index>(std::move(*index));
}

Result<void> find_bundles(RegistryClient& client, const std::string& repository,
                          const std::string& digest, FoundSignatures& found) {
    auto index = referrers(client, repository, digest);
    if (!index) return index.error();
    if (!*index) return ok();
    for (const auto& referrer : (*index)->manifests) {
        if (!is_sigstore_bundle_type(referrer.artifact_type)) continue;
        const std::string source = repository + "@" + referrer.digest;
        auto fetched = client.get_manifest(referrer.digest, kOciManifest);
        if (!fetched) return fetched.error();
        if (!*fetched) {
            found.skipped.push_back(source + ": listed as a referrer but not found");
            continue;
        }
        auto manifest = parse_manifest((*fetched)->body);
        if (!manifest) {
            found.skipped.push_back(source + ": " + manifest.error().message());
            continue;
        }
        const Descriptor* layer = nullptr;
        for (const auto& l : manifest->layers) {
            if (is_sigstore_bundle_type(l.media_type)) {
                layer = &l;
                break;
            }
        }
        if (layer == nullptr) {
            found.skipped.push_back(source + ": no Sigstore bundle layer");
            continue;
        }
        auto bundle = client.get_blob(*layer, kMaxSignatureLayerBytes);
        if (!bundle) return bundle.error();
        if (auto parsed = trust::parse_bundle(*bundle); !parsed) {
            found.skipped.push_back(source + ": " + parsed.error().message());
            continue;
        }
        found.signatures.push_back({trust::SigstoreBundleSignature{std::move(*bundle)}, source});
    }
    return ok();
}

}  // namespace

Result<FoundSignatures> find_signatures(RegistryClient& client, const std::string& repository,
                                        const std::string& digest) {
    FoundSignatures found;
    HARDRUN_RETURN_IF_ERROR(find_cosign(client, repository, digest, found));
    HARDRUN_RETURN_IF_ERROR(find_bundles(client, repository, digest, found));
    return found;
}

Result<FetchResult> fetch_signatures(const FetchRequest& request) {
    const Deadline deadline{std::chrono::milliseconds(request.timeout_ms)};
    auto ref = parse_image_reference(request.image);
    if (!ref) return ref.error();
    auto credentials = load_credentials(request.auth_files, ref->repository());
    if (!credentials) return credentials.error();
    HttpClient http;
    RegistryClient client(http, endpoint_for(ref->domain, request.insecure_registries), ref->path,
                          deadline, std::move(*credentials));
    FetchResult result{ref->repository(), ref->digest, {}};
    if (result.digest.empty()) {
        auto digest = client.resolve_tag(ref->tag.empty() ? "latest" : ref->tag);
        if (!digest) return digest.error();
        result.digest = std::move(*digest);
    }
    auto found = find_signatures(client, result.repository, result.digest);
    if (!found) return found.error();
    result.found = std::move(*found);
    return result;
}

}  // namespace hardrun::registry
