// SPDX-License-Identifier: Apache-2.0
#include <catch2/catch.hpp>

#include "policy/parse.hpp"
#include "policy/select.hpp"

using hardrun::policy::MatchInput;
using hardrun::policy::select_rule;

TEST_CASE("select_rule picks the first matching rule, else the default", "[policy][select]") {
    auto config = hardrun::policy::parse_config_text(R"({"rules": [
        {"name": "ci", "match": {"namespaces": ["moby"], "annotations": {"role": "ci-*"}}},
        {"name": "k8s-shop", "match": {"namespaces": ["k8s.io"],
                                       "annotations": {"io.kubernetes.cri.sandbox-namespace": "shop"}}},
        {"name": "any-k8s", "match": {"namespaces": ["k8s*"]}},
        {"name": "labelled", "match": {"annotations": {"hardrun/profile": "loose"}}}
    ]})", "t.json");
    REQUIRE(config);
    auto [ns, key, value, expected] = GENERATE(table<std::string, std::string, std::string, std::string>({
        {"moby", "role", "ci-runner", "ci"},
        {"moby", "role", "web", "default"},
        {"k8s.io", "io.kubernetes.cri.sandbox-namespace", "shop", "k8s-shop"},
        {"k8s.io", "io.kubernetes.cri.sandbox-namespace", "kube-system", "any-k8s"},
        {"default", "hardrun/profile", "loose", "labelled"},
        {"default", "hardrun/profile", "tight", "default"},
        {"", "", "", "default"},
    }));
    MatchInput input{ns, {}, "", {}};
    if (!key.empty()) input.annotations.emplace(key, value);
    CAPTURE(ns, key, value);
    CHECK(select_rule(*config, input).name == expected);
}
