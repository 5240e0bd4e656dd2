// SPDX-License-Identifier: Apache-2.0
// A client for one repository of an OCI distribution registry, within one deadline.
// Everything fetched by digest is checked against it (sha256); manifests are capped at
// kMaxManifestBytes. A 401 with a Bearer challenge gets a token (anonymous, or with the
// credentials as Basic authentication), which is kept for the following requests; a 401 with a
// Basic challenge is answered with the credentials. Credentials never travel over plain HTTP
// unless the registry itself is reached over HTTP (an insecure registry). Errors (kIo) name the URL and the HTTP status or curl error; a
// digest mismatch is kUntrustedImage.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/result.hpp"
#include "registry/credentials.hpp"
#include "registry/http_client.hpp"
#include "registry/manifest.hpp"
#include "registry/url.hpp"

namespace hardrun::registry {

struct FetchedManifest {
    std::string digest;      // sha256 of the body, "sha256:<hex>"
    std::string media_type;  // Content-Type of the answer
    std::string body;
};

class RegistryClient {
  public:
    RegistryClient(HttpClient& http, Endpoint endpoint, std::string path, const Deadline& deadline,
                   std::optional<Credentials> credentials = std::nullopt)
        : http_(http),
          endpoint_(std::move(endpoint)),
          path_(std::move(path)),
          deadline_(deadline),
          credentials_(std::move(credentials)) {}

    // The manifest digest a tag points to: HEAD's Docker-Content-Digest, else the sha256 of
    // the body of a GET. kNotFound when the registry has no such tag.
    Result<std::string> resolve_tag(std::string_view tag);

    // The manifest at `reference` (a tag or a digest); nullopt on 404. By digest, the body
    // must hash to it.
    Result<std::optional<FetchedManifest>> get_manifest(std::string_view reference,
                                                        std::string_view accept);

    // The referrers API's index for `digest`; nullopt when the registry has no such API (404,
    // or 400/405/406, or an answer that is not an index).
    Result<std::optional<std::string>> get_referrers(std::string_view digest);

    // The blob of `descriptor`, at most max_bytes, verified against its digest and size.
    Result<std::string> get_blob(const Descriptor& descriptor, std::size_t max_bytes);

    const Endpoint& endpoint() const { return endpoint_; }
    const std::string& path() const { return path_; }

  private:
    // One request; on a 401, one authentication (a token request, or Basic) and one retry.
    Result<HttpResponse> send(const std::string& method, const std::string& url,
                              std::string_view accept, std::size_t max_body);
    Result<void> authenticate(const HttpResponse& challenge_response, const std::string& url);

    HttpClient& http_;
    Endpoint endpoint_;
    std::string path_;
    const Deadline& deadline_;
    std::optional<Credentials> credentials_;
    std::string authorization_;  // the Authorization header value for the next requests
};

// "sha256:" + hex of sha256(bytes).
std::string sha256_digest(std::string_view bytes);

// "<what>: HTTP <status>" plus the registry's first error code and message, if it sent one.
Error http_status_error(const std::string& what, const HttpResponse& response);

}  // namespace hardrun::registry
