// SPDX-License-Identifier: Apache-2.0
#include "trust/verify_image.hpp"

#include <vector>

#include <catch2/catch.hpp>

#include "policy_support.hpp"

using hardrun::trust::ImageToVerify;
using hardrun::trust::parse_signature_policy;
using hardrun::trust::SignatureEvidence;
using hardrun::trust::SignaturePolicy;
using hardrun::trust::Verdict;
using hardrun::trust::verify_image;
namespace t = hardrun::testing;

namespace {

const std::string kRepo = "127.0.0.1:5000/app";
const ImageToVerify kImage{kRepo, "127.0.0.1:5000/app:1.0", t::kDigest};

SignaturePolicy policy(const std::string& text) {
    auto parsed = parse_signature_policy(text, "policy.json", t::files({}));
    if (!parsed) FAIL(parsed.error().message());
    return std::move(*parsed);
}

// A policy whose docker scope "127.0.0.1:5000/app" holds `requirements` (a JSON array body).
SignaturePolicy app_policy(const std::string& requirements) {
    return policy(
        R"({"default": [{"type": "reject"}], "transports": {"docker": {"127.0.0.1:5000/app": [)" +
        requirements + "]}}}");
}

std::string sigstore(
    const t::TestKey& key,
    const std::string& extra = R"(, "signedIdentity": {"type": "matchRepository"})") {
    return R"({"type": "sigstoreSigned", "keyData": ")" + key.key_data() + "\"" + extra + "}";
}

Verdict verify(const SignaturePolicy& p, const std::vector<SignatureEvidence>& signatures,
               const ImageToVerify& image = kImage) {
    return verify_image(p, image, signatures);
}

std::string all(const Verdict& v) {
    std::string out = v.reason + "\n" + v.requirement;
    for (const auto& line : v.evidence) out += "\n" + line;
    return out;
}

}  // namespace

TEST_CASE("a cosign signature by a trusted key is accepted, for every key type",
          "[trust][verify]") {
    const auto kind = GENERATE(as<std::string>{}, "P-256", "P-384", "RSA-2048", "ED25519");
    CAPTURE(kind);
    const t::TestKey key(kind);
    const auto p = app_policy(sigstore(key));
    const auto verdict = verify(p, {t::cosign_evidence(key, t::cosign_payload(kRepo, t::kDigest))});
    INFO(all(verdict));
    CHECK(verdict.accepted);
    CHECK(verdict.requirement == R"($.transports.docker["127.0.0.1:5000/app"]: sigstoreSigned)");
    CHECK(verdict.reason ==
          "image " + kRepo + "@" + t::kDigest +
              " is accepted by the signature policy (scope 127.0.0.1:5000/app: sigstoreSigned)");
    REQUIRE(verdict.evidence.size() == 1);
    CHECK_THAT(verdict.evidence[0],
               Catch::StartsWith("registry/app:sha256-aaaa.sig: cosign signature, ") &&
                   Catch::Contains("key keyData: accepted"));
}

TEST_CASE("each way a cosign signature can fail gives its own evidence and reason",
          "[trust][verify]") {
    const t::TestKey key("P-256");
    const t::TestKey stranger("P-256");
    const t::TestKey rekor("P-256");
    const std::string payload = t::cosign_payload(kRepo, t::kDigest);
    const auto p = app_policy(sigstore(key));
    struct Case {
        std::string name;
        SignatureEvidence signature;
        std::string cause;
        std::string evidence;
    };
    SignatureEvidence tampered = t::cosign_evidence(key, payload);
    std::get<hardrun::trust::CosignSignature>(tampered.content).payload =
        t::cosign_payload(kRepo, t::kOtherDigest);
    SignatureEvidence garbled = t::cosign_evidence(key, payload);
    std::get<hardrun::trust::CosignSignature>(garbled.content).signature = "not DER";
    const std::vector<Case> cases = {
        {"digest mismatch", t::cosign_evidence(key, t::cosign_payload(kRepo, t::kOtherDigest)),
         "signed for another digest",
         "rejected: signs " + t::kOtherDigest + ", not the image's " + t::kDigest},
        {"wrong key", t::cosign_evidence(stranger, payload), "not signed by a trusted key",
         "rejected: does not verify with any trusted key (ecdsa-p256-sha256 keyData)"},
        {"tampered payload", tampered, "not signed by a trusted key",
         "or the signed content was altered"},
        {"malformed encoding", garbled, "malformed signature encoding",
         "rejected: malformed signature: not DER"},
        {"malformed payload", t::cosign_evidence(key, R"({"critical":{}})"), "malformed payload",
         "rejected: simple signing payload: "},
        {"another repository",
         t::cosign_evidence(key, t::cosign_payload("127.0.0.1:5000/other", t::kDigest)),
         "signed identity not accepted",
         "claims identity \"127.0.0.1:5000/other\", which signedIdentity matchRepository"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.name);
        const auto verdict = verify(p, {c.signature});
        INFO(all(verdict));
        CHECK_FALSE(verdict.accepted);
        CHECK(verdict.reason ==
              "image " + kRepo + "@" + t::kDigest +
                  " is not signed by a key trusted for 127.0.0.1:5000/app: " + c.cause);
        REQUIRE(verdict.evidence.size() == 1);
        CHECK_THAT(verdict.evidence[0], Catch::Contains(c.evidence));
    }
}

TEST_CASE("a policy with a Rekor key needs a Rekor bundle whose SET verifies",
          "[trust][verify][rekor]") {
    const t::TestKey key("P-256");
    const t::TestKey rekor("P-256");
    const auto p =
        app_policy(sigstore(key, R"(, "rekorPublicKeyData": ")" + rekor.key_data() +
                                     R"(", "signedIdentity": {"type": "matchRepository"})"));
    const std::string payload = t::cosign_payload(kRepo, t::kDigest);
    const std::string signature = key.sign(payload);
    const std::string good_bundle =
        t::rekor_bundle(rekor, t::rekor_body(payload, signature, key.pem), rekor.log_id());
    auto evidence = [&](std::optional<std::string> bundle) {
        return SignatureEvidence{
            hardrun::trust::CosignSignature{payload, signature, std::move(bundle)}, "sig"};
    };

    CHECK(verify(p, {evidence(good_bundle)}).accepted);

    const auto missing = verify(p, {evidence(std::nullopt)});
    CHECK_FALSE(missing.accepted);
    CHECK_THAT(missing.reason, Catch::EndsWith(": no Rekor bundle"));
    CHECK_THAT(missing.evidence.at(0),
               Catch::Contains("no Rekor bundle (dev.sigstore.cosign/bundle)"));

    const t::TestKey fake_log("P-256");
    const auto forged =
        verify(p, {evidence(t::rekor_bundle(fake_log, t::rekor_body(payload, signature, key.pem),
                                            fake_log.log_id()))});
    CHECK_FALSE(forged.accepted);
    CHECK_THAT(forged.reason, Catch::EndsWith(": Rekor bundle does not verify"));
    CHECK_THAT(forged.evidence.at(0), Catch::Contains("is not the log ID of a trusted Rekor key"));
}

TEST_CASE("the default signedIdentity refuses cosign's repository-only claim and says what to use",
          "[trust][verify][identity]") {
    const t::TestKey key("P-256");
    const auto p = app_policy(sigstore(key, ""));
    const auto verdict = verify(p, {t::cosign_evidence(key, t::cosign_payload(kRepo, t::kDigest))});
    CHECK_FALSE(verdict.accepted);
    CHECK_THAT(verdict.evidence.at(0),
               Catch::Contains("signedIdentity matchRepoDigestOrExact does not accept for "
                               "127.0.0.1:5000/app:1.0") &&
                   Catch::Contains("use matchRepository or exactRepository"));

    SECTION("a claim of the exact tag the engine used is accepted") {
        CHECK(verify(p, {t::cosign_evidence(key, t::cosign_payload(kRepo + ":1.0", t::kDigest))})
                  .accepted);
    }
    SECTION("an image known only by digest accepts any tag of its repository") {
        const ImageToVerify by_digest{kRepo, "", t::kDigest};
        CHECK(verify(p, {t::cosign_evidence(key, t::cosign_payload(kRepo + ":2.0", t::kDigest))},
                     by_digest)
                  .accepted);
    }
}

TEST_CASE("a Sigstore DSSE bundle counts only when it is a cosign signature for this digest",
          "[trust][verify][bundle]") {
    const t::TestKey key("P-256");
    const auto p = app_policy(sigstore(key));
    const std::string sign_type(hardrun::trust::kCosignSignPredicateType);

    const auto good =
        verify(p, {t::dsse_evidence(key, t::in_toto_statement(kRepo, t::kDigest, sign_type))});
    INFO(all(good));
    CHECK(good.accepted);
    CHECK_THAT(good.evidence.at(0),
               Catch::Contains("Sigstore bundle, ecdsa-p256-sha256 key keyData: accepted"));

    struct Case {
        std::string name;
        SignatureEvidence signature;
        std::string cause;
        std::string evidence;
    };
    const std::vector<Case> cases = {
        {"an attestation",
         t::dsse_evidence(
             key, t::in_toto_statement(kRepo, t::kDigest, "https://slsa.dev/provenance/v1")),
         "an attestation, not a signature",
         "predicate type \"https://slsa.dev/provenance/v1\" is an attestation"},
        {"another digest",
         t::dsse_evidence(key, t::in_toto_statement(kRepo, t::kOtherDigest, sign_type)),
         "signed for another digest", "no subject of the statement has the image's digest"},
        {"another key",
         t::dsse_evidence(t::TestKey("P-256"), t::in_toto_statement(kRepo, t::kDigest, sign_type)),
         "not signed by a trusted key", "does not verify with any trusted key"},
        {"another repository",
         t::dsse_evidence(key, t::in_toto_statement("quay.io/evil", t::kDigest, sign_type)),
         "signed identity not accepted", "claims identity \"quay.io/evil\""},
        {"not a bundle", SignatureEvidence{hardrun::trust::SigstoreBundleSignature{"{}"}, "b"},
         "malformed Sigstore bundle", "rejected: bundle: "},
    };
    for (const Case& c : cases) {
        CAPTURE(c.name);
        const auto verdict = verify(p, {c.signature});
        INFO(all(verdict));
        CHECK_FALSE(verdict.accepted);
        CHECK_THAT(verdict.reason, Catch::EndsWith(": " + c.cause));
        CHECK_THAT(verdict.evidence.at(0), Catch::Contains(c.evidence));
    }
}

TEST_CASE("with a Rekor key, a DSSE bundle needs a logged entry whose SET verifies and binds it",
          "[trust][verify][bundle][rekor]") {
    const t::TestKey key("P-256");
    const t::TestKey rekor("P-256");
    const t::TestKey fake_log("P-256");
    const t::TestKey stranger("P-256");
    const std::string sign_type(hardrun::trust::kCosignSignPredicateType);
    const std::string statement = t::in_toto_statement(kRepo, t::kDigest, sign_type);
    const auto p = app_policy(sigstore(key, R"(, "rekorPublicKeyData": ")" + rekor.key_data() +
                                                R"(", "signedIdentity": {"type": "matchRepository"})"));
    const auto logged = [&](const std::string& sig) { return t::rekor_dsse_body(statement, sig, key.pem); };

    const auto good = verify(p, {t::logged_dsse_evidence(key, statement, rekor, logged)});
    INFO(all(good));
    CHECK(good.accepted);

    struct Case {
        std::string name;
        SignatureEvidence signature;
        std::string evidence;
    };
    const std::vector<Case> cases = {
        {"no log entry", t::dsse_evidence(key, statement), "the bundle has no transparency-log entry"},
        {"a SET by another log", t::logged_dsse_evidence(key, statement, fake_log, logged),
         "is not the log ID of a trusted Rekor key"},
        {"an entry of another payload",
         t::logged_dsse_evidence(key, statement, rekor,
                                 [&](const std::string& sig) { return t::rekor_dsse_body("other", sig, key.pem); }),
         "the logged payload hash is not sha256 of this payload"},
        {"an entry of another signature",
         t::logged_dsse_evidence(key, statement, rekor,
                                 [&](const std::string&) { return t::rekor_dsse_body(statement, "sig", key.pem); }),
         "the logged signatures do not include this signature"},
        {"an entry naming another key",
         t::logged_dsse_evidence(key, statement, rekor,
                                 [&](const std::string& sig) { return t::rekor_dsse_body(statement, sig, stranger.pem); }),
         "the logged signature was made with another key"},
        {"another entry kind", t::logged_dsse_evidence(key, statement, rekor, logged, "intoto"),
         "is a intoto 0.0.1 entry, not dsse 0.0.1"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.name);
        const auto verdict = verify(p, {c.signature});
        INFO(all(verdict));
        CHECK_FALSE(verdict.accepted);
        CHECK_THAT(verdict.reason, Catch::EndsWith(": Rekor entry does not verify"));
        CHECK_THAT(verdict.evidence.at(0), Catch::Contains(c.evidence));
    }
}

TEST_CASE("one accepted signature among several is enough", "[trust][verify]") {
    const t::TestKey key("P-256");
    const t::TestKey stranger("P-384");
    const auto p = app_policy(sigstore(key));
    const auto verdict =
        verify(p, {t::cosign_evidence(stranger, t::cosign_payload(kRepo, t::kDigest), {}, "first"),
                   t::cosign_evidence(key, t::cosign_payload(kRepo, t::kDigest), {}, "second")});
    CHECK(verdict.accepted);
    REQUIRE(verdict.evidence.size() == 2);
    CHECK_THAT(verdict.evidence[0], Catch::StartsWith("first: cosign signature: rejected"));
    CHECK_THAT(verdict.evidence[1],
               Catch::StartsWith("second: cosign signature, ") && Catch::EndsWith(")"));

    SECTION("when none is accepted the reason lists each distinct cause") {
        const auto refused =
            verify(p, {t::cosign_evidence(stranger, t::cosign_payload(kRepo, t::kDigest)),
                       t::cosign_evidence(key, t::cosign_payload(kRepo, t::kOtherDigest))});
        CHECK_FALSE(refused.accepted);
        CHECK_THAT(refused.reason,
                   Catch::EndsWith(": 2 signatures checked: not signed by a trusted key; "
                                   "signed for another digest"));
    }
    SECTION("no signature at all is said so") {
        const auto none = verify(p, {});
        CHECK_FALSE(none.accepted);
        CHECK_THAT(none.reason, Catch::EndsWith(": no signature was found"));
        CHECK(none.evidence == std::vector<std::string>{"no signatures found for image " + kRepo +
                                                        "@" + t::kDigest});
    }
}

TEST_CASE("reject, insecureAcceptAnything and the AND of a requirement list", "[trust][verify]") {
    const t::TestKey key("P-256");
    const auto rejecting = app_policy(R"({"type": "reject"})");
    const auto r = verify(rejecting, {});
    CHECK_FALSE(r.accepted);
    CHECK(r.reason == "image " + kRepo + "@" + t::kDigest +
                          " is rejected by the signature policy (scope 127.0.0.1:5000/app)");

    const auto open = app_policy(R"({"type": "insecureAcceptAnything"})");
    const auto o = verify(open, {});
    CHECK(o.accepted);
    CHECK(o.evidence ==
          std::vector<std::string>{"no signature required for scope 127.0.0.1:5000/app"});

    const auto both = app_policy(R"({"type": "insecureAcceptAnything"}, )" + sigstore(key));
    const auto b = verify(both, {});
    CHECK_FALSE(b.accepted);
    CHECK(b.requirement ==
          R"($.transports.docker["127.0.0.1:5000/app"]: insecureAcceptAnything, sigstoreSigned)");
    CHECK(verify(both, {t::cosign_evidence(key, t::cosign_payload(kRepo, t::kDigest))}).accepted);

    const auto two_keys = app_policy(sigstore(key) + ", " + sigstore(t::TestKey("P-384")));
    CHECK_FALSE(
        verify(two_keys, {t::cosign_evidence(key, t::cosign_payload(kRepo, t::kDigest))}).accepted);
}

TEST_CASE("requirements hardrun cannot evaluate refuse and say so", "[trust][verify]") {
    struct Case {
        std::string requirement;
        std::string reason;
    };
    const auto c = GENERATE(values<Case>({
        {R"({"type": "signedBy", "keyType": "GPGKeys", "keyPath": "/k.gpg"})",
         "requires a GPG signature (signedBy)"},
        {R"({"type": "signedBaseLayer", "baseLayerIdentity": {"type": "matchRepository"}})",
         "requires signedBaseLayer"},
        {R"({"type": "sigstoreSigned", "pki": {"caRootsPath": "/r", "subjectEmail": "e"}})",
         "requires a X.509 PKI signature for scope 127.0.0.1:5000/app, which hardrun does not "
         "support"},
    }));
    const auto verdict = verify(app_policy(c.requirement), {});
    CHECK_FALSE(verdict.accepted);
    CHECK_THAT(verdict.reason, Catch::Contains(c.reason));
}

TEST_CASE("the most specific scope decides", "[trust][verify][scope]") {
    const auto p =
        policy(R"({"default": [{"type": "insecureAcceptAnything"}], "transports": {"docker": {
        "": [{"type": "reject"}],
        "*.example.com": [{"type": "insecureAcceptAnything"}],
        "a.example.com": [{"type": "reject"}],
        "b.example.com:5000/ns": [{"type": "reject"}],
        "b.example.com:5000/ns/app": [{"type": "insecureAcceptAnything"}],
        "b.example.com:5000/ns/app:blocked": [{"type": "reject"}],
        "b.example.com:5000/ns/app@)" +
               t::kOtherDigest + R"(": [{"type": "reject"}]
    }}})");
    struct Case {
        std::string repository;
        std::string reference;
        std::string digest;
        std::string requirement;
        bool accepted;
    };
    const std::string d = t::kDigest;
    const auto c = GENERATE_COPY(values<Case>({
        {"b.example.com:5000/ns/app", "b.example.com:5000/ns/app:1", d,
         R"($.transports.docker["b.example.com:5000/ns/app"])", true},
        {"b.example.com:5000/ns/app", "b.example.com:5000/ns/app:blocked", d,
         R"($.transports.docker["b.example.com:5000/ns/app:blocked"])", false},
        {"b.example.com:5000/ns/app", "", t::kOtherDigest,
         R"($.transports.docker["b.example.com:5000/ns/app@)" + t::kOtherDigest + "\"]", false},
        {"b.example.com:5000/ns/other", "", d, R"($.transports.docker["b.example.com:5000/ns"])",
         false},
        {"b.example.com:5000/x", "", d, R"($.transports.docker["*.example.com"])", true},
        {"a.example.com/x", "", d, R"($.transports.docker["a.example.com"])", false},
        {"c.a.example.com/x", "", d, R"($.transports.docker["*.example.com"])", true},
        {"quay.io/x", "", d, R"($.transports.docker[""])", false},
        {"docker.io/library/busybox", "busybox", d, R"($.transports.docker[""])", false},
    }));
    CAPTURE(c.repository, c.reference);
    const auto verdict = verify(p, {}, ImageToVerify{c.repository, c.reference, c.digest});
    CHECK_THAT(verdict.requirement, Catch::StartsWith(c.requirement + ": "));
    CHECK(verdict.accepted == c.accepted);

    SECTION("without a docker scope that applies, the global default decides") {
        const auto fallback = policy(
            R"({"default": [{"type": "reject"}], "transports": {"docker": {"quay.io": [{"type": "insecureAcceptAnything"}]}}})");
        const auto v = verify(fallback, {});
        CHECK(v.requirement == "$.default: reject");
        CHECK(v.reason == "image " + kRepo + "@" + t::kDigest +
                              " is rejected by the signature policy (scope default)");
    }
}

TEST_CASE("an image identity that does not hold together is refused", "[trust][verify]") {
    const auto p = app_policy(R"({"type": "insecureAcceptAnything"})");
    struct Case {
        ImageToVerify image;
        std::string reason;
    };
    const auto c = GENERATE(values<Case>({
        {{kRepo, "", "sha256:abc"},
         "manifest digest \"sha256:abc\" is not sha256:<64 lower-case hex>"},
        {{"app", "", t::kDigest}, "\"app\" is not a normalised repository name"},
        {{kRepo + ":1", "", t::kDigest}, "is not a normalised repository name"},
        {{kRepo, "127.0.0.1:5000/other:1", t::kDigest}, "is not in repository 127.0.0.1:5000/app"},
        {{kRepo, kRepo + "@" + t::kOtherDigest, t::kDigest}, "pins another digest than"},
        {{kRepo, "Bad Ref", t::kDigest}, "image reference \"Bad Ref\""},
    }));
    const auto verdict = verify(p, {}, c.image);
    CHECK_FALSE(verdict.accepted);
    CHECK_THAT(verdict.reason, Catch::StartsWith("image identity cannot be verified: ") &&
                                   Catch::Contains(c.reason));
}
