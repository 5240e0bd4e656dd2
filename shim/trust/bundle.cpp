// SPDX-License-Identifier: Apache-2.0
#include "trust/bundle.hpp"

#include <array>
#include <charconv>
#include <cstdint>

#include <nlohmann/json.hpp>

#include "trust/base64.hpp"

namespace hardrun::trust {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 4> kMediaTypes = {
    "application/vnd.dev.sigstore.bundle+json;version=0.1",
    "application/vnd.dev.sigstore.bundle+json;version=0.2",
    "application/vnd.dev.sigstore.bundle+json;version=0.3",
    "application/vnd.dev.sigstore.bundle.v0.3+json",
};

Error bad(const std::string& what) { return Error(ErrorCode::kUntrustedImage, "bundle: " + what); }

Result<std::string> string_at(const json& object, const std::string& key, const std::string& pointer) {
    const auto it = object.find(key);
    if (it == object.end()) return bad(pointer + " is missing");
    if (!it->is_string()) return bad(pointer + " is not a string");
    return it->get<std::string>();
}

Result<std::string> base64_at(const json& object, const std::string& key, const std::string& pointer) {
    auto text = string_at(object, key, pointer);
    if (!text) return text.error();
    auto bytes = base64_decode(*text);
    if (!bytes) return bad(pointer + ": " + bytes.error().message());
    return bytes;
}

// A protobuf-JSON int64: a decimal string or a number, not negative.
Result<std::int64_t> int64_at(const json& object, const std::string& key, const std::string& pointer) {
    const auto it = object.find(key);
    if (it == object.end()) return bad(pointer + " is missing");
    if (it->is_number_unsigned() && it->get<std::uint64_t>() <= std::uint64_t{INT64_MAX}) {
        return it->get<std::int64_t>();
    }
    if (it->is_string()) {
        const std::string& text = it->get_ref<const std::string&>();
        std::int64_t value = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (ec == std::errc() && end == text.data() + text.size() && value >= 0) return value;
    }
    return bad(pointer + " is not a non-negative 64-bit integer");
}

Result<TlogEntry> parse_tlog_entry(const json& node, const std::string& at) {
    if (!node.is_object()) return bad(at + " is not an object");
    TlogEntry entry;
    auto index = int64_at(node, "logIndex", at + "/logIndex");
    if (!index) return index.error();
    entry.log_index = *index;
    auto time = int64_at(node, "integratedTime", at + "/integratedTime");
    if (!time) return time.error();
    entry.integrated_time = *time;
    const auto log_id = node.find("logId");
    if (log_id == node.end() || !log_id->is_object()) return bad(at + "/logId is missing");
    auto key_id = base64_at(*log_id, "keyId", at + "/logId/keyId");
    if (!key_id) return key_id.error();
    entry.log_id = to_hex(*key_id);
    const auto kind = node.find("kindVersion");
    if (kind == node.end() || !kind->is_object()) return bad(at + "/kindVersion is missing");
    auto kind_name = string_at(*kind, "kind", at + "/kindVersion/kind");
    auto version = string_at(*kind, "version", at + "/kindVersion/version");
    if (!kind_name) return kind_name.error();
    if (!version) return version.error();
    entry.kind = std::move(*kind_name);
    entry.version = std::move(*version);
    if (const auto promise = node.find("inclusionPromise"); promise != node.end()) {
        if (!promise->is_object()) return bad(at + "/inclusionPromise is not an object");
        auto set = base64_at(*promise, "signedEntryTimestamp", at + "/inclusionPromise/signedEntryTimestamp");
        if (!set) return set.error();
        entry.signed_entry_timestamp = std::move(*set);
    }
    auto body = base64_at(node, "canonicalizedBody", at + "/canonicalizedBody");
    if (!body) return body.error();
    entry.canonicalized_body = std::move(*body);
    return entry;
}

Result<MessageSignature> parse_message_signature(const json& node) {
    if (!node.is_object()) return bad("/messageSignature is not an object");
    const auto digest = node.find("messageDigest");
    if (digest == node.end() || !digest->is_object()) return bad("/messageSignature/messageDigest is missing");
    auto algorithm = string_at(*digest, "algorithm", "/messageSignature/messageDigest/algorithm");
    if (!algorithm) return algorithm.error();
    if (*algorithm != "SHA2_256" && *algorithm != "SHA2_384" && *algorithm != "SHA2_512") {
        return bad("/messageSignature/messageDigest/algorithm \"" + *algorithm + "\" is not supported");
    }
    auto value = base64_at(*digest, "digest", "/messageSignature/messageDigest/digest");
    if (!value) return value.error();
    auto signature = base64_at(node, "signature", "/messageSignature/signature");
    if (!signature) return signature.error();
    return MessageSignature{std::move(*algorithm), std::move(*value), std::move(*signature)};
}

Result<DsseEnvelope> parse_dsse(const json& node) {
    if (!node.is_object()) return bad("/dsseEnvelope is not an object");
    auto type = string_at(node, "payloadType", "/dsseEnvelope/payloadType");
    if (!type) return type.error();
    auto payload = base64_at(node, "payload", "/dsseEnvelope/payload");
    if (!payload) return payload.error();
    const auto sigs = node.find("signatures");
    if (sigs == node.end() || !sigs->is_array()) return bad("/dsseEnvelope/signatures is not an array");
    if (sigs->size() != 1) {
        return bad("/dsseEnvelope/signatures has " + std::to_string(sigs->size()) + " entries, exactly 1 expected");
    }
    if (!sigs->front().is_object()) return bad("/dsseEnvelope/signatures/0 is not an object");
    auto sig = base64_at(sigs->front(), "sig", "/dsseEnvelope/signatures/0/sig");
    if (!sig) return sig.error();
    return DsseEnvelope{std::move(*type), std::move(*payload), std::move(*sig)};
}

std::string digest_for(std::string_view algorithm, std::string_view data) {
    if (algorithm == "SHA2_256" || algorithm == "sha256") return sha256(data);
    if (algorithm == "SHA2_384" || algorithm == "sha384") return sha384(data);
    if (algorithm == "SHA2_512" || algorithm == "sha512") return sha512(data);
    return {};
}

Result<void> verify_subject(const DsseEnvelope& envelope, std::string_view artifact) {
    if (envelope.payload_type != kInTotoPayloadType) {
        return bad("DSSE payloadType \"" + envelope.payload_type + "\" is not " +
                   std::string(kInTotoPayloadType) + ", so it names no artifact");
    }
    auto statement = parse_in_toto_statement(envelope.payload);
    if (!statement) return statement.error();
    for (const auto& subject : statement->subjects) {
        for (const auto& [algorithm, hex] : subject.digest) {
            const std::string computed = digest_for(algorithm, artifact);
            if (!computed.empty() && to_hex(computed) == hex) return ok();
        }
    }
    return Error(ErrorCode::kUntrustedImage,
                 "the artifact's digest does not match any subject of the in-toto statement");
}

}  // namespace

std::string dsse_pae(std::string_view payload_type, std::string_view payload) {
    std::string out = "DSSEv1 ";
    out += std::to_string(payload_type.size());
    out += ' ';
    out += payload_type;
    out += ' ';
    out += std::to_string(payload.size());
    out += ' ';
    out += payload;
    return out;
}

Result<Bundle> parse_bundle(std::string_view json_text) {
    const json doc = json::parse(json_text, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) return bad("not valid JSON");
    if (!doc.is_object()) return bad("not a JSON object");
    Bundle bundle;
    auto media_type = string_at(doc, "mediaType", "/mediaType");
    if (!media_type) return media_type.error();
    bool known = false;
    for (const auto m : kMediaTypes) known = known || *media_type == m;
    if (!known) return bad("/mediaType \"" + *media_type + "\" is not a Sigstore bundle v0.1-v0.3");
    bundle.media_type = std::move(*media_type);

    if (const auto vm = doc.find("verificationMaterial"); vm != doc.end() && vm->is_object()) {
        if (const auto pk = vm->find("publicKey"); pk != vm->end() && pk->is_object()) {
            auto hint = string_at(*pk, "hint", "/verificationMaterial/publicKey/hint");
            if (hint) bundle.public_key_hint = std::move(*hint);
        }
        if (const auto entries = vm->find("tlogEntries"); entries != vm->end()) {
            if (!entries->is_array()) return bad("/verificationMaterial/tlogEntries is not an array");
            for (std::size_t i = 0; i < entries->size(); ++i) {
                auto entry = parse_tlog_entry((*entries)[i], "/verificationMaterial/tlogEntries/" + std::to_string(i));
                if (!entry) return entry.error();
                bundle.tlog_entries.push_back(std::move(*entry));
            }
        }
    }

    const bool has_message = doc.contains("messageSignature");
    const bool has_dsse = doc.contains("dsseEnvelope");
    if (has_message == has_dsse) return bad("exactly one of messageSignature and dsseEnvelope is required");
    if (has_message) {
        auto ms = parse_message_signature(doc.at("messageSignature"));
        if (!ms) return ms.error();
        bundle.message_signature = std::move(*ms);
    } else {
        auto envelope = parse_dsse(doc.at("dsseEnvelope"));
        if (!envelope) return envelope.error();
        bundle.dsse_envelope = std::move(*envelope);
    }
    return bundle;
}

Result<DsseEnvelope> parse_dsse_envelope(std::string_view json_text) {
    const json doc = json::parse(json_text, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) return bad("DSSE envelope is not valid JSON");
    return parse_dsse(doc);
}

Result<InTotoStatement> parse_in_toto_statement(std::string_view payload) {
    const json doc = json::parse(payload, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded() || !doc.is_object()) return bad("in-toto statement is not a JSON object");
    auto type = string_at(doc, "_type", "statement /_type");
    if (!type) return type.error();
    if (type->rfind("https://in-toto.io/Statement/", 0) != 0) {
        return bad("statement /_type \"" + *type + "\" is not an in-toto statement");
    }
    InTotoStatement statement;
    auto predicate_type = string_at(doc, "predicateType", "statement /predicateType");
    if (!predicate_type) return predicate_type.error();
    statement.predicate_type = std::move(*predicate_type);
    const auto subjects = doc.find("subject");
    if (subjects == doc.end() || !subjects->is_array() || subjects->empty()) {
        return bad("statement /subject is not a non-empty array");
    }
    for (std::size_t i = 0; i < subjects->size(); ++i) {
        const json& node = (*subjects)[i];
        const std::string pointer = "statement /subject/" + std::to_string(i);
        if (!node.is_object()) return bad(pointer + " is not an object");
        InTotoSubject subject;
        if (const auto name = node.find("name"); name != node.end() && name->is_string()) {
            subject.name = name->get<std::string>();
        }
        const auto digest = node.find("digest");
        if (digest == node.end() || !digest->is_object()) return bad(pointer + "/digest is not an object");
        for (const auto& [algorithm, value] : digest->items()) {
            if (!value.is_string()) return bad(pointer + "/digest/" + algorithm + " is not a string");
            subject.digest.emplace(algorithm, value.get<std::string>());
        }
        statement.subjects.push_back(std::move(subject));
    }
    return statement;
}

Result<void> verify_bundle(const Bundle& bundle, const PublicKey& key, std::string_view artifact) {
    if (bundle.message_signature) {
        const MessageSignature& ms = *bundle.message_signature;
        if (digest_for(ms.digest_algorithm, artifact) != ms.digest) {
            return Error(ErrorCode::kUntrustedImage,
                         "the artifact's " + ms.digest_algorithm + " digest does not match the bundle's messageDigest");
        }
        if (auto verified = key.verify(artifact, ms.signature); !verified) {
            return verified.error().with_context("bundle messageSignature");
        }
        return ok();
    }
    if (!bundle.dsse_envelope) return Error(ErrorCode::kInternal, "bundle without content");
    const DsseEnvelope& envelope = *bundle.dsse_envelope;
    if (auto verified = key.verify(dsse_pae(envelope.payload_type, envelope.payload), envelope.signature);
        !verified) {
        return verified.error().with_context("bundle DSSE envelope");
    }
    return verify_subject(envelope, artifact);
}

}  // namespace hardrun::trust
