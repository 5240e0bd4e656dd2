// SPDX-License-Identifier: Apache-2.0
#include "trust/policy_scope.hpp"

#include <catch2/catch.hpp>

using hardrun::parse_image_reference;
using hardrun::trust::docker_policy_identity;
using hardrun::trust::docker_scope_candidates;
using hardrun::trust::validate_docker_scope;

namespace {
const std::string kHex(64, 'c');
}

TEST_CASE("validate_docker_scope accepts hosts, namespaces, repositories, images and wildcards",
          "[trust][scope]") {
    const auto scope = GENERATE(
        as<std::string>{}, "docker.io", "localhost", "localhost:5000", "127.0.0.1:5000",
        "quay.io/ns", "quay.io/ns/sub/app", "docker.io/library/busybox", "docker.io/openshift",
        "docker.io/library/busybox:1.36", "registry.example.com:5000/app:v1.0_rc-2",
        "quay.io/ns/app@sha256:" + std::string(64, 'c'), "*.example.com", "*.com");
    CAPTURE(scope);
    CHECK(validate_docker_scope(scope));
}

TEST_CASE("validate_docker_scope refuses scopes that could never match an image",
          "[trust][scope]") {
    struct Case {
        std::string scope;
        std::string why;
    };
    const auto c = GENERATE(values<Case>({
        {"busybox", "does not start with a registry host"},
        {"library/busybox", "does not start with a registry host"},
        {"busybox:latest", "registry host"},
        {"index.docker.io/library/busybox", "Docker Hub is \"docker.io\""},
        {"-bad.example.com/app", "valid registry host"},
        {"quay.io/Upper/app", "invalid repository path"},
        {"quay.io/ns//app", "invalid repository path"},
        {"quay.io/ns/app/", "invalid repository path"},
        {"quay.io/ns/app:", "not a valid image reference"},
        {"quay.io/ns/app@sha256:abc", "not a valid image reference"},
        {"quay.io/ns/app:v1@sha256:" + std::string(64, 'c'), "both a tag and a digest"},
        {"docker.io/busybox:latest", "fully expanded form \"docker.io/library/busybox:latest\""},
        {"example.com@sha256:" + std::string(64, 'c'), "no repository"},
        {"*.example.com:5000", "not a valid wildcard"},
        {"*.", "not a valid wildcard"},
        {"*", "wildcard other than"},
        {"example*.*.com", "wildcard other than"},
        {"quay.io/*/app", "wildcard other than"},
    }));
    CAPTURE(c.scope);
    auto valid = validate_docker_scope(c.scope);
    REQUIRE_FALSE(valid);
    CHECK_THAT(valid.error().message(), Catch::Contains(c.why));
    CHECK_THAT(valid.error().message(), Catch::StartsWith("scope \"" + c.scope + "\""));
}

TEST_CASE("docker_scope_candidates lists the identity, its namespaces, then wildcard domains",
          "[trust][scope]") {
    struct Case {
        std::string reference;
        std::vector<std::string> candidates;
    };
    const auto c = GENERATE(values<Case>({
        {"busybox:latest",
         {"docker.io/library/busybox:latest", "docker.io/library/busybox", "docker.io/library",
          "docker.io", "*.io"}},
        {"a.b.example.com:5000/ns/app@sha256:" + kHex,
         {"a.b.example.com:5000/ns/app@sha256:" + kHex, "a.b.example.com:5000/ns/app",
          "a.b.example.com:5000/ns", "a.b.example.com:5000", "*.b.example.com", "*.example.com",
          "*.com"}},
        {"localhost/app:1", {"localhost/app:1", "localhost/app", "localhost"}},
        {"127.0.0.1:5000/app:1",
         {"127.0.0.1:5000/app:1", "127.0.0.1:5000/app", "127.0.0.1:5000", "*.0.0.1", "*.0.1",
          "*.1"}},
    }));
    auto ref = parse_image_reference(c.reference);
    REQUIRE(ref);
    CHECK(docker_scope_candidates(*ref) == c.candidates);
}

TEST_CASE("docker_policy_identity prefers the digest when a reference has both", "[trust][scope]") {
    auto ref = parse_image_reference("quay.io/app:v1@sha256:" + kHex);
    REQUIRE(ref);
    CHECK(docker_policy_identity(*ref) == "quay.io/app@sha256:" + kHex);
}
