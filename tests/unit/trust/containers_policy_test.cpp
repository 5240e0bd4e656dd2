// SPDX-License-Identifier: Apache-2.0
#include "trust/containers_policy.hpp"

#include <unistd.h>

#include <cstdio>
#include <fstream>

#include <catch2/catch.hpp>

#include "policy_support.hpp"

using hardrun::ErrorCode;
using hardrun::trust::IdentityMatch;
using hardrun::trust::InsecureAcceptAnything;
using hardrun::trust::parse_signature_policy;
using hardrun::trust::Reject;
using hardrun::trust::SignedBaseLayer;
using hardrun::trust::SignedBy;
using hardrun::trust::SigstoreSigned;
namespace t = hardrun::testing;

namespace {

const std::string kOrigin = "/etc/containers/policy.json";

// A fixture of key files: a P-256 signer, an Ed25519 signer, a Rekor key and an RSA key.
struct Keys {
    t::TestKey p256{"P-256"};
    t::TestKey ed25519{"ED25519"};
    t::TestKey rekor{"P-256"};
    t::TestKey rsa{"RSA-2048"};
    hardrun::trust::KeyFileReader reader = t::files({{"/keys/p256.pub", p256.pem},
                                                     {"/keys/ed.pub", ed25519.pem},
                                                     {"/keys/rekor.pub", rekor.pem},
                                                     {"/keys/rsa.pub", rsa.pem},
                                                     {"/keys/garbage.pub", "not a key"}});
};

Keys& keys() {
    static Keys k;
    return k;
}

hardrun::Result<hardrun::trust::SignaturePolicy> parse(const std::string& text) {
    return parse_signature_policy(text, kOrigin, keys().reader);
}

}  // namespace

TEST_CASE("parse_signature_policy reads the man page's kind of policy", "[trust][policy]") {
    const std::string text = R"({
        "default": [{"type": "reject"}],
        "transports": {
            "docker": {
                "docker.io/library/busybox": [{"type": "insecureAcceptAnything"}],
                "*.temporary-project.example.com": [{"type": "insecureAcceptAnything"}],
                "127.0.0.1:5000/app": [{"type": "sigstoreSigned", "keyPath": "/keys/p256.pub",
                                        "signedIdentity": {"type": "matchRepository"}}],
                "quay.io/ns": [{"type": "sigstoreSigned", "keyPaths": ["/keys/p256.pub", "/keys/ed.pub"],
                                "rekorPublicKeyPath": "/keys/rekor.pub"}],
                "quay.io/data": [{"type": "sigstoreSigned", "keyDatas": [")" +
                             keys().p256.key_data() + R"("]}],
                "": [{"type": "reject"}]
            },
            "dir": {"": [{"type": "insecureAcceptAnything"}]},
            "atomic": {"hostname:5000/myns/official": [{"type": "signedBy", "keyType": "GPGKeys",
                                                         "keyPath": "/path/to/official-pubkey.gpg"}]}
        }
    })";
    auto policy = parse(text);
    REQUIRE(policy);
    CHECK(policy->origin == kOrigin);
    REQUIRE(policy->default_requirements.size() == 1);
    CHECK(std::holds_alternative<Reject>(policy->default_requirements[0]));
    const auto& docker = policy->transports.at("docker");
    CHECK(docker.size() == 6);
    CHECK(
        std::holds_alternative<InsecureAcceptAnything>(docker.at("docker.io/library/busybox")[0]));

    const auto& app = std::get<SigstoreSigned>(docker.at("127.0.0.1:5000/app")[0]);
    REQUIRE(app.keys.size() == 1);
    CHECK(app.keys[0].source == "/keys/p256.pub");
    CHECK(app.keys[0].key.algorithm() == "ecdsa-p256-sha256");
    CHECK(app.rekor_keys.empty());
    CHECK(app.identity.type == IdentityMatch::kMatchRepository);

    const auto& ns = std::get<SigstoreSigned>(docker.at("quay.io/ns")[0]);
    REQUIRE(ns.keys.size() == 2);
    CHECK(ns.keys[1].key.algorithm() == "ed25519");
    REQUIRE(ns.rekor_keys.size() == 1);
    CHECK(ns.identity.type == IdentityMatch::kMatchRepoDigestOrExact);  // the default

    const auto& data = std::get<SigstoreSigned>(docker.at("quay.io/data")[0]);
    REQUIRE(data.keys.size() == 1);
    CHECK(data.keys[0].source == "keyDatas[0]");

    // Other transports are kept, unvalidated and unused.
    CHECK(policy->transports.at("dir").at("").size() == 1);
    CHECK(std::holds_alternative<SignedBy>(
        policy->transports.at("atomic").at("hostname:5000/myns/official")[0]));
}

TEST_CASE("parse_signature_policy reads every key source and every non-evaluated requirement",
          "[trust][policy]") {
    const std::string pem_b64 = keys().ed25519.key_data();
    auto policy = parse(R"({"default": [
        {"type": "sigstoreSigned", "keyData": ")" +
                        pem_b64 + R"("},
        {"type": "sigstoreSigned", "keyPath": "/keys/rsa.pub", "rekorPublicKeyData": ")" +
                        keys().rekor.key_data() + R"("},
        {"type": "sigstoreSigned", "keyPath": "/keys/p256.pub", "rekorPublicKeyPaths": ["/keys/rekor.pub"]},
        {"type": "sigstoreSigned", "keyPath": "/keys/p256.pub", "rekorPublicKeyDatas": [")" +
                        keys().rekor.key_data() + R"("]},
        {"type": "sigstoreSigned", "fulcio": {"caPath": "/ca.pem", "oidcIssuer": "https://issuer", "subjectEmail": "a@b"},
         "rekorPublicKeyPath": "/keys/rekor.pub"},
        {"type": "sigstoreSigned", "pki": {"caRootsData": "AAAA", "subjectHostname": "build.example"}},
        {"type": "signedBy", "keyType": "GPGKeys", "keyData": "AAAA", "signedIdentity": {"type": "matchExact"}},
        {"type": "signedBaseLayer", "baseLayerIdentity": {"type": "exactRepository", "dockerRepository": "quay.io/base"}}
    ]})");
    REQUIRE(policy);
    const auto& reqs = policy->default_requirements;
    REQUIRE(reqs.size() == 8);
    CHECK(std::get<SigstoreSigned>(reqs[0]).keys[0].source == "keyData");
    CHECK(std::get<SigstoreSigned>(reqs[1]).keys[0].key.algorithm() == "rsa-pkcs1v15-sha256");
    CHECK(std::get<SigstoreSigned>(reqs[1]).rekor_keys[0].source == "rekorPublicKeyData");
    CHECK(std::get<SigstoreSigned>(reqs[2]).rekor_keys[0].source == "/keys/rekor.pub");
    CHECK(std::get<SigstoreSigned>(reqs[3]).rekor_keys[0].source == "rekorPublicKeyDatas[0]");
    CHECK(std::get<SigstoreSigned>(reqs[4]).fulcio);
    CHECK(std::get<SigstoreSigned>(reqs[4]).keys.empty());
    CHECK(std::get<SigstoreSigned>(reqs[5]).pki);
    CHECK(std::get<SignedBy>(reqs[6]).key_type == "GPGKeys");
    CHECK(std::get<SignedBy>(reqs[6]).identity.type == IdentityMatch::kMatchExact);
    CHECK(std::get<SignedBaseLayer>(reqs[7]).base_layer_identity.reference == "quay.io/base");
}

TEST_CASE(
    "parse_signature_policy refuses every malformed policy, naming the file and the JSON path",
    "[trust][policy]") {
    struct Case {
        std::string text;
        std::string message;  // after "<origin>: "
    };
    const std::string docker =
        R"({"default": [{"type": "reject"}], "transports": {"docker": {"quay.io": [)";
    const std::string end = "]}}}";
    const auto c = GENERATE_COPY(values<Case>({
        // The document
        {"", "not valid JSON at byte"},
        {"[]", "$: must be an object"},
        {"{}", R"($: "default" is required)"},
        {R"({"default": [{"type": "reject"}], "default": []})", R"($: duplicate key "default")"},
        {R"({"default": [{"type": "reject"}], "extra": 1})", R"($: unknown field "extra")"},
        {R"({"default": []})", "$.default: the list of policy requirements must not be empty"},
        {R"({"default": null})", "$.default: must be an array of policy requirements"},
        {R"({"default": {"type": "reject"}})",
         "$.default: must be an array of policy requirements"},
        {R"({"default": [{"type": "reject"}], "transports": []})",
         "$.transports: must be an object"},
        {R"({"default": [{"type": "reject"}], "transports": {"docker": []}})",
         "$.transports.docker: must be an object"},
        {R"({"default": [{"type": "reject"}], "transports": {"docker": {"quay.io": []}}})",
         R"($.transports.docker["quay.io"]: the list of policy requirements must not be empty)"},
        {R"({"default": [{"type": "reject"}], "transports": {"docker": {"busybox": [{"type": "reject"}]}}})",
         R"($.transports.docker.busybox: scope "busybox" does not start with a registry host)"},
        {R"({"default": [{"type": "reject"}], "transports": {"docker": {"": [{"type": "reject"}], "": []}}})",
         R"($.transports.docker: duplicate key "")"},
        {R"({"default": [{"type": "reject"}], "transports": {"dir": {"/x": [{"type": "nope"}]}}})",
         R"($.transports.dir["/x"][0].type: unknown policy requirement type "nope")"},
        // Requirements
        {docker + "1" + end, R"($.transports.docker["quay.io"][0]: must be an object)"},
        {docker + "{}" + end, R"($.transports.docker["quay.io"][0]: "type" is required)"},
        {docker + R"({"type": true})" + end,
         R"($.transports.docker["quay.io"][0].type: must be a string)"},
        {docker + R"({"type": "acceptAnything"})" + end,
         R"(unknown policy requirement type "acceptAnything")"},
        {docker + R"({"type": "reject", "keyPath": "/k"})" + end,
         R"([0]: unknown field "keyPath")"},
        {docker + R"({"type": "insecureAcceptAnything", "x": 1})" + end,
         R"([0]: unknown field "x")"},
        // sigstoreSigned key sources
        {docker + R"({"type": "sigstoreSigned"})" + end,
         "[0]: exactly one of keyPath, keyPaths, keyData, keyDatas, fulcio and pki must be "
         "specified, found 0"},
        {docker + R"({"type": "sigstoreSigned", "keyPath": "/keys/p256.pub", "keyData": "AAAA"})" +
             end,
         "found 2"},
        {docker + R"({"type": "sigstoreSigned", "keyPath": "/keys/p256.pub", "typo": 1})" + end,
         R"([0]: unknown field "typo")"},
        {docker + R"({"type": "sigstoreSigned", "keyPath": "keys/p256.pub"})" + end,
         R"([0].keyPath: "keys/p256.pub" is not an absolute path)"},
        {docker + R"({"type": "sigstoreSigned", "keyPath": ""})" + end,
         R"([0].keyPath: "" is not an absolute path)"},
        {docker + R"({"type": "sigstoreSigned", "keyPath": 7})" + end,
         "[0].keyPath: must be a string"},
        {docker + R"({"type": "sigstoreSigned", "keyPath": "/keys/missing.pub"})" + end,
         "[0].keyPath: open /keys/missing.pub: No such file or directory"},
        {docker + R"({"type": "sigstoreSigned", "keyPath": "/keys/garbage.pub"})" + end,
         "[0].keyPath: public key: no \"-----BEGIN PUBLIC KEY-----\" PEM block"},
        {docker + R"({"type": "sigstoreSigned", "keyPaths": []})" + end,
         "[0].keyPaths: contains no entries"},
        {docker + R"({"type": "sigstoreSigned", "keyPaths": "/keys/p256.pub"})" + end,
         "[0].keyPaths: must be an array"},
        {docker +
             R"({"type": "sigstoreSigned", "keyPaths": ["/keys/p256.pub", "/keys/missing.pub"]})" +
             end,
         "[0].keyPaths[1]: open /keys/missing.pub"},
        {docker + R"({"type": "sigstoreSigned", "keyData": "not base64!"})" + end, "[0].keyData: "},
        {docker + R"({"type": "sigstoreSigned", "keyData": "aGVsbG8="})" + end,
         "[0].keyData: public key:"},
        {docker + R"({"type": "sigstoreSigned", "keyData": 1})" + end,
         "[0].keyData: must be a string"},
        {docker + R"({"type": "sigstoreSigned", "keyDatas": []})" + end,
         "[0].keyDatas: contains no entries"},
        {docker + R"({"type": "sigstoreSigned", "keyDatas": ["aGVsbG8="]})" + end,
         "[0].keyDatas[0]: public key:"},
        // Rekor keys
        {docker +
             R"({"type": "sigstoreSigned", "keyPath": "/keys/p256.pub", "rekorPublicKeyPath": "/keys/rekor.pub",
                      "rekorPublicKeyData": "AAAA"})" +
             end,
         "at most one of rekorPublicKeyPath"},
        {docker +
             R"({"type": "sigstoreSigned", "keyPath": "/keys/p256.pub", "rekorPublicKeyPath": "/keys/ed.pub"})" +
             end,
         "[0]: Rekor public key /keys/ed.pub is ed25519, not ECDSA"},
        {docker +
             R"({"type": "sigstoreSigned", "keyPath": "/keys/p256.pub", "rekorPublicKeyPath": "/keys/nope"})" +
             end,
         "[0].rekorPublicKeyPath: open /keys/nope"},
        {docker +
             R"({"type": "sigstoreSigned", "keyPath": "/keys/p256.pub", "rekorPublicKeyPaths": []})" +
             end,
         "[0].rekorPublicKeyPaths: contains no entries"},
        {docker +
             R"({"type": "sigstoreSigned", "keyPath": "/keys/p256.pub", "rekorPublicKeyDatas": ["AAAA"]})" +
             end,
         "[0].rekorPublicKeyDatas[0]: public key:"},
        // fulcio and pki
        {docker +
             R"({"type": "sigstoreSigned", "fulcio": {"caPath": "/c", "oidcIssuer": "i", "subjectEmail": "e"}})" +
             end,
         "[0]: fulcio requires a Rekor public key"},
        {docker +
             R"({"type": "sigstoreSigned", "rekorPublicKeyPath": "/keys/rekor.pub", "fulcio": []})" +
             end,
         "[0].fulcio: must be an object"},
        {docker +
             R"({"type": "sigstoreSigned", "rekorPublicKeyPath": "/keys/rekor.pub", "fulcio": {"oidcIssuer": "i", "subjectEmail": "e"}})" +
             end,
         "[0].fulcio: exactly one of caPath and caData must be specified"},
        {docker +
             R"({"type": "sigstoreSigned", "rekorPublicKeyPath": "/keys/rekor.pub", "fulcio": {"caPath": "/c", "subjectEmail": "e"}})" +
             end,
         "[0].fulcio: oidcIssuer must be specified"},
        {docker +
             R"({"type": "sigstoreSigned", "rekorPublicKeyPath": "/keys/rekor.pub", "fulcio": {"caPath": "/c", "oidcIssuer": "i", "subjectEmail": "e", "x": 1}})" +
             end,
         R"([0].fulcio: unknown field "x")"},
        {docker +
             R"({"type": "sigstoreSigned", "rekorPublicKeyPath": "/keys/rekor.pub", "fulcio": {"caData": "!", "oidcIssuer": "i", "subjectEmail": "e"}})" +
             end,
         "[0].fulcio.caData:"},
        {docker + R"({"type": "sigstoreSigned", "pki": {"caRootsPath": "/r"}})" + end,
         "[0].pki: at least one of subjectEmail and subjectHostname must be specified"},
        {docker + R"({"type": "sigstoreSigned", "pki": {"subjectEmail": "e"}})" + end,
         "[0].pki: exactly one of caRootsPath and caRootsData must be specified"},
        {docker +
             R"({"type": "sigstoreSigned", "pki": {"caRootsPath": "/r", "caIntermediatesPath": "/i", "caIntermediatesData": "AAAA", "subjectEmail": "e"}})" +
             end,
         "[0].pki: caIntermediatesPath and caIntermediatesData cannot be used together"},
        {docker +
             R"({"type": "sigstoreSigned", "pki": {"caRootsPath": "/r", "subjectEmail": "e"}, "rekorPublicKeyPath": "/keys/rekor.pub"})" +
             end,
         "[0]: pki cannot be combined with a Rekor public key"},
        {docker + R"({"type": "sigstoreSigned", "pki": {"caRootsPath": 1, "subjectEmail": "e"}})" +
             end,
         "[0].pki.caRootsPath: must be a string"},
        // signedIdentity inside a requirement
        {docker +
             R"({"type": "sigstoreSigned", "keyPath": "/keys/p256.pub", "signedIdentity": {"type": "matchAll"}})" +
             end,
         R"([0].signedIdentity.type: unknown signedIdentity type "matchAll")"},
        // signedBy and signedBaseLayer
        {docker + R"({"type": "signedBy", "keyPath": "/k.gpg"})" + end,
         R"([0].keyType: invalid keyType "")"},
        {docker + R"({"type": "signedBy", "keyType": "PGP", "keyPath": "/k.gpg"})" + end,
         R"([0].keyType: invalid keyType "PGP")"},
        {docker + R"({"type": "signedBy", "keyType": "GPGKeys"})" + end,
         "[0]: exactly one of keyPath, keyPaths and keyData must be specified, found 0"},
        {docker +
             R"({"type": "signedBy", "keyType": "GPGKeys", "keyPath": "/a", "keyPaths": ["/b"]})" +
             end,
         "found 2"},
        {docker + R"({"type": "signedBy", "keyType": "GPGKeys", "keyPaths": [1]})" + end,
         "[0].keyPaths: must be an array of strings"},
        {docker + R"({"type": "signedBy", "keyType": "GPGKeys", "keyData": "%%%"})" + end,
         "[0].keyData:"},
        {docker + R"({"type": "signedBy", "keyType": "GPGKeys", "keyPath": "/a", "x": 0})" + end,
         R"([0]: unknown field "x")"},
        {docker + R"({"type": "signedBaseLayer"})" + end,
         R"([0]: "baseLayerIdentity" is required)"},
        {docker + R"({"type": "signedBaseLayer", "baseLayerIdentity": {"type": "x"}})" + end,
         R"([0].baseLayerIdentity.type: unknown signedIdentity type "x")"},
    }));
    CAPTURE(c.text);
    auto policy = parse(c.text);
    REQUIRE_FALSE(policy);
    CHECK(policy.error().code() == ErrorCode::kInvalidPolicy);
    CHECK_THAT(policy.error().message(), Catch::StartsWith(kOrigin + ": "));
    CHECK_THAT(policy.error().message(), Catch::Contains(c.message));
}

TEST_CASE("load_signature_policy reads the file and the key files it names", "[trust][policy]") {
    char dir_template[] = "/tmp/hardrun-policy-XXXXXX";
    REQUIRE(mkdtemp(dir_template) != nullptr);
    const std::string dir = dir_template;
    const std::string key_path = dir + "/cosign.pub";
    const std::string policy_path = dir + "/policy.json";
    std::ofstream(key_path) << keys().p256.pem;
    std::ofstream(policy_path) << R"({"default": [{"type": "sigstoreSigned", "keyPath": ")"
                               << key_path << R"("}]})";

    auto policy = hardrun::trust::load_signature_policy(policy_path);
    REQUIRE(policy);
    CHECK(std::get<SigstoreSigned>(policy->default_requirements[0]).keys[0].source == key_path);

    SECTION("a missing policy file is an error naming it") {
        auto missing = hardrun::trust::load_signature_policy(dir + "/absent.json");
        REQUIRE_FALSE(missing);
        CHECK_THAT(missing.error().message(), Catch::Contains(dir + "/absent.json"));
    }
    SECTION("a key file removed before load is an error at load") {
        std::remove(key_path.c_str());
        auto broken = hardrun::trust::load_signature_policy(policy_path);
        REQUIRE_FALSE(broken);
        CHECK_THAT(broken.error().message(),
                   Catch::StartsWith(policy_path + ": $.default[0].keyPath: ") &&
                       Catch::Contains(key_path));
    }
    std::remove(key_path.c_str());
    std::remove(policy_path.c_str());
    rmdir(dir.c_str());
}
