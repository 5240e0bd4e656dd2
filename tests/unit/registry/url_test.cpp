// SPDX-License-Identifier: Apache-2.0
#include "registry/url.hpp"

#include <string>
#include <vector>

#include <catch2/catch.hpp>

using namespace hardrun::registry;

namespace {
const std::vector<std::string> kInsecure = {"localhost:*", "127.0.0.1:*"};
const std::string kDigest = "sha256:" + std::string(64, 'a');
}  // namespace

TEST_CASE("registries are reached over HTTPS unless listed as insecure", "[registry][url]") {
    const auto [domain, scheme, host] = GENERATE(table<std::string, std::string, std::string>({
        {"ghcr.io", "https", "ghcr.io"},
        {"127.0.0.1:5000", "http", "127.0.0.1:5000"},
        {"localhost:5000", "http", "localhost:5000"},
        {"localhost", "https", "localhost"},  // the glob names a port
        {"127.0.0.2:5000", "https", "127.0.0.2:5000"},
        {"docker.io", "https", "registry-1.docker.io"},
    }));
    const Endpoint e = endpoint_for(domain, kInsecure);
    CHECK(e.scheme == scheme);
    CHECK(e.host == host);
}

TEST_CASE("no insecure globs means HTTPS everywhere", "[registry][url]") {
    CHECK(endpoint_for("127.0.0.1:5000", {}).scheme == "https");
}

TEST_CASE("distribution API URLs put the repository path under /v2", "[registry][url]") {
    const Endpoint e{"http", "127.0.0.1:5000"};
    CHECK(manifest_url(e, "team/app", "v1") == "http://127.0.0.1:5000/v2/team/app/manifests/v1");
    CHECK(manifest_url(e, "app", kDigest) == "http://127.0.0.1:5000/v2/app/manifests/" + kDigest);
    CHECK(blob_url(e, "app", kDigest) == "http://127.0.0.1:5000/v2/app/blobs/" + kDigest);
    CHECK(referrers_url(e, "app", kDigest) == "http://127.0.0.1:5000/v2/app/referrers/" + kDigest);
}

TEST_CASE("cosign's signature tag and the referrers fallback tag replace the colon with a dash",
          "[registry][url]") {
    CHECK(cosign_signature_tag(kDigest) == "sha256-" + std::string(64, 'a') + ".sig");
    CHECK(referrers_fallback_tag(kDigest) == "sha256-" + std::string(64, 'a'));
}

TEST_CASE("percent_encode keeps unreserved characters and encodes the rest", "[registry][url]") {
    CHECK(percent_encode("AZaz09-._~") == "AZaz09-._~");
    CHECK(percent_encode("repository:library/busybox:pull") ==
          "repository%3Alibrary%2Fbusybox%3Apull");
    CHECK(percent_encode("a b&c=d") == "a%20b%26c%3Dd");
    CHECK(percent_encode("\xc3\xa9") == "%C3%A9");
}
