// SPDX-License-Identifier: Apache-2.0
#include "registry/url.hpp"

#include "base/glob.hpp"

namespace hardrun::registry {
namespace {

std::string algorithm_dash_hex(std::string_view digest) {
    std::string tag(digest);
    if (const auto colon = tag.find(':'); colon != std::string::npos) tag[colon] = '-';
    return tag;
}

std::string v2(const Endpoint& endpoint, std::string_view path, std::string_view kind,
               std::string_view reference) {
    std::string url = endpoint.base();
    url.append("/v2/").append(path).append("/").append(kind).append("/").append(reference);
    return url;
}

}  // namespace

Endpoint endpoint_for(std::string_view domain, std::span<const std::string> insecure_globs) {
    Endpoint endpoint{"https",
                      domain == "docker.io" ? "registry-1.docker.io" : std::string(domain)};
    for (const auto& glob : insecure_globs) {
        if (glob_match(glob, std::string(domain))) {
            endpoint.scheme = "http";
            break;
        }
    }
    return endpoint;
}

std::string manifest_url(const Endpoint& endpoint, std::string_view path,
                         std::string_view reference) {
    return v2(endpoint, path, "manifests", reference);
}

std::string blob_url(const Endpoint& endpoint, std::string_view path, std::string_view digest) {
    return v2(endpoint, path, "blobs", digest);
}

std::string referrers_url(const Endpoint& endpoint, std::string_view path,
                          std::string_view digest) {
    return v2(endpoint, path, "referrers", digest);
}

std::string cosign_signature_tag(std::string_view digest) {
    return algorithm_dash_hex(digest) + ".sig";
}

std::string referrers_fallback_tag(std::string_view digest) { return algorithm_dash_hex(digest); }

std::string percent_encode(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        const bool unreserved = (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') ||
                                (u >= '0' && u <= '9') || u == '-' || u == '.' || u == '_' ||
                                u == '~';
        if (unreserved) {
            out.push_back(c);
        } else {
            out.push_back('%');
            out.push_back(kHex[u >> 4]);
            out.push_back(kHex[u & 0xF]);
        }
    }
    return out;
}

}  // namespace hardrun::registry
