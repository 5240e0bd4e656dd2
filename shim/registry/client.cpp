// SPDX-License-Identifier: Apache-2.0
#include "registry/client.hpp"

#include <nlohmann/json.hpp>

#include "base/image_reference.hpp"
#include "registry/auth.hpp"
#include "trust/public_key.hpp"  // sha256, to_hex

namespace hardrun::registry {
namespace {

constexpr std::size_t kMaxTokenResponse = 64 * 1024;
constexpr std::size_t kMaxErrorDetail = 200;

std::string content_type(const HttpResponse& r) {
    std::string type = r.header("content-type");
    if (const auto semi = type.find(';'); semi != std::string::npos) type.resize(semi);
    while (!type.empty() && type.back() == ' ') type.pop_back();
    return type;
}

}  // namespace

std::string sha256_digest(std::string_view bytes) {
    return "sha256:" + trust::to_hex(trust::sha256(bytes));
}

Error http_status_error(const std::string& what, const HttpResponse& response) {
    std::string message = what + ": HTTP " + std::to_string(response.status);
    // The distribution spec's error body: {"errors":[{"code":"…","message":"…"}]}.
    const auto doc = nlohmann::json::parse(response.body, nullptr, /*allow_exceptions=*/false);
    if (doc.is_object() && doc.contains("errors") && doc["errors"].is_array() &&
        !doc["errors"].empty()) {
        const auto& first = doc["errors"][0];
        if (first.is_object() && first.contains("code") && first["code"].is_string()) {
            std::string detail = first["code"].get<std::string>();
            if (first.contains("message") && first["message"].is_string()) {
                detail += " " + first["message"].get<std::string>();
            }
            if (detail.size() > kMaxErrorDetail) detail.resize(kMaxErrorDetail);
            message += " (" + detail + ")";
        }
    }
    return Error(ErrorCode::kIo, message);
}

Result<void> RegistryClient::authenticate(const HttpResponse& challenge_response,
                                          const std::string& url) {
    const std::string header = challenge_response.header("www-authenticate");
    if (header.empty()) return http_status_error("GET " + url, challenge_response);
    auto challenge = parse_www_authenticate(header);
    if (!challenge) return challenge.error().with_context(url);
    if (challenge->scheme == "basic") {
        if (!credentials_) {
            return http_status_error("GET " + url, challenge_response)
                .with_context("the registry asks for credentials and none are configured for it");
        }
        authorization_ = basic_authorization(*credentials_);
        return ok();
    }
    auto token_url = token_request_url(*challenge, "repository:" + path_ + ":pull");
    if (!token_url) return token_url.error().with_context(url);
    const bool plain_http = token_url->starts_with("http://");
    HttpRequest request{"GET", *token_url, {"Accept: application/json"}, kMaxTokenResponse, true};
    if (credentials_) {
        if (plain_http && endpoint_.scheme != "http") {
            return Error(ErrorCode::kIo, url + ": the token service " + *token_url +
                                             " is plain HTTP; refusing to send credentials to it");
        }
        request.headers.push_back("Authorization: " + basic_authorization(*credentials_));
    }
    auto response = http_.perform(request, deadline_);
    if (!response) return response.error();
    if (response->status != 200) return http_status_error("GET " + *token_url, *response);
    auto token = parse_token_response(response->body);
    if (!token) return token.error().with_context(*token_url);
    authorization_ = "Bearer " + *token;
    return ok();
}

Result<HttpResponse> RegistryClient::send(const std::string& method, const std::string& url,
                                          std::string_view accept, std::size_t max_body) {
    for (int attempt = 0;; ++attempt) {
        HttpRequest request{method, url, {}, max_body, endpoint_.scheme == "http"};
        if (!accept.empty()) request.headers.push_back("Accept: " + std::string(accept));
        if (!authorization_.empty()) request.headers.push_back("Authorization: " + authorization_);
        auto response = http_.perform(request, deadline_);
        if (!response) return response.error();
        if (response->status != 401 || attempt > 0) return response;
        HARDRUN_RETURN_IF_ERROR(authenticate(*response, url));
    }
}

Result<std::optional<FetchedManifest>> RegistryClient::get_manifest(std::string_view reference,
                                                                    std::string_view accept) {
    const std::string url = manifest_url(endpoint_, path_, reference);
    auto response = send("GET", url, accept, kMaxManifestBytes);
    if (!response) return response.error();
    if (response->status == 404) return std::optional<FetchedManifest>();
    if (response->status != 200) return http_status_error("GET " + url, *response);
    FetchedManifest m{sha256_digest(response->body), content_type(*response),
                      std::move(response->body)};
    if (is_sha256_digest(reference) && m.digest != reference) {
        return Error(ErrorCode::kUntrustedImage,
                     "GET " + url + ": the manifest's digest is " + m.digest);
    }
    return std::optional<FetchedManifest>(std::move(m));
}

Result<std::string> RegistryClient::resolve_tag(std::string_view tag) {
    const std::string url = manifest_url(endpoint_, path_, tag);
    auto head = send("HEAD", url, kAcceptAnyManifest, kMaxManifestBytes);
    if (!head) return head.error();
    if (head->status == 404)
        return Error(ErrorCode::kNotFound, "HEAD " + url + ": HTTP 404 (no such tag)");
    if (head->status == 200 && is_sha256_digest(head->header("docker-content-digest"))) {
        return head->header("docker-content-digest");
    }
    auto manifest = get_manifest(tag, kAcceptAnyManifest);
    if (!manifest) return manifest.error();
    if (!*manifest) return Error(ErrorCode::kNotFound, "GET " + url + ": HTTP 404 (no such tag)");
    return (*manifest)->digest;
}

Result<std::optional<std::string>> RegistryClient::get_referrers(std::string_view digest) {
    const std::string url = referrers_url(endpoint_, path_, digest);
    auto response = send("GET", url, kOciIndex, kMaxManifestBytes);
    if (!response) return response.error();
    const long s = response->status;
    if (s == 404 || s == 400 || s == 405 || s == 406) return std::optional<std::string>();
    if (s != 200) return http_status_error("GET " + url, *response);
    // A registry without the API may answer 200 with something else (an HTML page, say).
    if (content_type(*response) != kOciIndex) return std::optional<std::string>();
    return std::optional<std::string>(std::move(response->body));
}

Result<std::string> RegistryClient::get_blob(const Descriptor& descriptor, std::size_t max_bytes) {
    const std::string url = blob_url(endpoint_, path_, descriptor.digest);
    if (descriptor.size < 0 || static_cast<std::size_t>(descriptor.size) > max_bytes) {
        return Error(ErrorCode::kUntrustedImage,
                     "blob " + url + ": its size " + std::to_string(descriptor.size) +
                         " is over the limit of " + std::to_string(max_bytes) + " bytes");
    }
    auto response = send("GET", url, "", max_bytes);
    if (!response) return response.error();
    if (response->status != 200) return http_status_error("GET " + url, *response);
    if (const std::string got = sha256_digest(response->body); got != descriptor.digest) {
        return Error(ErrorCode::kUntrustedImage, "GET " + url + ": the blob's digest is " + got);
    }
    if (response->body.size() != static_cast<std::size_t>(descriptor.size)) {
        return Error(ErrorCode::kUntrustedImage,
                     "GET " + url + ": the blob has " + std::to_string(response->body.size()) +
                         " bytes, its descriptor says " + std::to_string(descriptor.size));
    }
    return std::move(response->body);
}

}  // namespace hardrun::registry
