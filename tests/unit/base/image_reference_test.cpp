// SPDX-License-Identifier: Apache-2.0
#include <catch2/catch.hpp>

#include "base/image_reference.hpp"

namespace {
const std::string kDigest = "sha256:" + std::string(64, 'a');
}

TEST_CASE("parse_image_reference normalises names as Docker does", "[base][reference]") {
    auto [text, repository, tag, digest] = GENERATE(table<std::string, std::string, std::string, std::string>({
        {"busybox", "docker.io/library/busybox", "", ""},
        {"busybox:1.36", "docker.io/library/busybox", "1.36", ""},
        {"library/busybox", "docker.io/library/busybox", "", ""},
        {"index.docker.io/foo/bar", "docker.io/foo/bar", "", ""},
        {"127.0.0.1:5000/app", "127.0.0.1:5000/app", "", ""},
        {"127.0.0.1:5000/app:v1", "127.0.0.1:5000/app", "v1", ""},
        {"localhost/a/b-c__d.e", "localhost/a/b-c__d.e", "", ""},
        {"quay.io/org/app@sha256:" + std::string(64, 'a'), "quay.io/org/app", "", "sha256:" + std::string(64, 'a')},
        {"registry:5000/x:t@sha256:" + std::string(64, 'a'), "registry:5000/x", "t", "sha256:" + std::string(64, 'a')},
    }));
    CAPTURE(text);
    auto ref = hardrun::parse_image_reference(text);
    REQUIRE(ref);
    CHECK(ref->repository() == repository);
    CHECK(ref->tag == tag);
    CHECK(ref->digest == digest);
}

TEST_CASE("parse_image_reference refuses malformed references with a reason", "[base][reference]") {
    auto [text, why] = GENERATE(table<std::string, std::string>({
        {"", "no repository name"},
        {"Busybox", "invalid path component"},
        {"a//b", "invalid path component"},
        {"app:", "invalid tag"},
        {"app:-x", "invalid tag"},
        {"app@sha256:abc", "digest"},
        {"app@sha512:" + std::string(128, 'a'), "digest"},
        {"app@sha256:" + std::string(64, 'A'), "digest"},
        {"a..b/c", "invalid registry"},
        {"x/a..b", "invalid path component"},
        {"-bad.io:5000/x", "invalid registry"},
        {"host:99999999/x", "invalid registry"},
        {"a/b___c", "invalid path component"},
    }));
    CAPTURE(text);
    auto ref = hardrun::parse_image_reference(text);
    REQUIRE_FALSE(ref);
    CHECK_THAT(ref.error().message(), Catch::Contains(why));
}

TEST_CASE("to_string writes the normalised form back", "[base][reference]") {
    auto ref = hardrun::parse_image_reference("app:1@" + kDigest);
    REQUIRE(ref);
    CHECK(ref->to_string() == "docker.io/library/app:1@" + kDigest);
}
