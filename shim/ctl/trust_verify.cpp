// SPDX-License-Identifier: Apache-2.0
// hardrunctl trust verify [--policy FILE] [--cache-dir DIR] [--timeout-ms N] [--no-fetch]
//                         [--insecure-registry HOSTGLOB]... [--auth-file FILE]... [--reference NAME] [--json]
//                         REPOSITORY@DIGEST...
// Decides whether the image may run under the signature policy, from the cached signatures,
// fetching them first (within --timeout-ms) when the cache never had them. Several digests of
// one repository (an index and its platform manifest) pass when one of them does. On a pass it
// stores an approval (approval.hpp), so the runtime accepts the image again without
// cryptography while the policy, its keys and the signature set stay as they were.
// The runtime runs this when it finds no approval; operators run it to ask ahead of time.
// --reference is the name the engine used ("app:1.0"), which signedIdentity may match.
// Defaults come from hardrun's configuration (images.*); --insecure-registry replaces the list.
// Exit codes: 0 accepted, 1 refused or undecidable, 2 a usage error.
#include <ctime>
#include <optional>
#include <string>
#include <vector>

#include "approval/approval.hpp"
#include "base/image_reference.hpp"
#include "base/json.hpp"
#include "cli/options.hpp"
#include "ctl/commands.hpp"
#include "ctl/image_settings.hpp"
#include "registry/signatures.hpp"
#include "trust/containers_policy.hpp"
#include "trust/public_key.hpp"
#include "trust/signature_cache.hpp"
#include "trust/verify_image.hpp"

namespace hardrun::ctl {
namespace {

constexpr std::string_view kUsage =
    "usage: hardrunctl trust verify [--policy FILE] [--cache-dir DIR] [--timeout-ms N] [--no-fetch]\n"
    "                               [--insecure-registry HOSTGLOB]... [--auth-file FILE]... [--reference NAME] [--json]\n"
    "                               REPOSITORY@DIGEST...\n";
constexpr std::size_t kMaxEvidenceLines = 16;  // per digest in the answer; the runtime keeps 64 KiB

constexpr cli::OptionSpec kOptions[] = {
    {"--policy", cli::OptionKind::kValue},     {"--cache-dir", cli::OptionKind::kValue},
    {"--timeout-ms", cli::OptionKind::kValue}, {"--no-fetch", cli::OptionKind::kSwitch},
    {"--insecure-registry", cli::OptionKind::kRepeated}, {"--auth-file", cli::OptionKind::kRepeated}, {"--reference", cli::OptionKind::kValue},
    {"--json", cli::OptionKind::kSwitch},
};

struct Request {
    policy::ImageSettings images;
    std::string repository;
    std::string reference;
    std::vector<std::string> digests;
    bool json = false;
};

Result<Request> parse(Args args) {
    auto opts = cli::parse_options(args, kOptions);
    if (!opts) return opts.error();
    if (opts->positional.empty()) return Error(ErrorCode::kInvalidArgument, "REPOSITORY@DIGEST is required");
    Request req;
    for (const auto& image : opts->positional) {
        auto ref = parse_image_reference(image);
        if (!ref) return ref.error();
        if (ref->digest.empty()) {
            return Error(ErrorCode::kInvalidArgument, "\"" + image + "\" names no digest; give REPOSITORY@sha256:<hex>");
        }
        if (!req.repository.empty() && ref->repository() != req.repository) {
            return Error(ErrorCode::kInvalidArgument, "all digests must be of one repository: \"" + image +
                                                          "\" is not of " + req.repository);
        }
        req.repository = ref->repository();
        req.digests.push_back(ref->digest);
    }
    auto configured = configured_image_settings();
    if (!configured) return configured.error();
    req.images = std::move(*configured);
    HARDRUN_RETURN_IF_ERROR(apply_image_flags(*opts, req.images));
    req.reference = opts->value("--reference").value_or("");
    req.json = opts->has("--json");
    return req;
}

// The policy and every key file it names, read once and stamped as they were read.
struct LoadedPolicy {
    trust::SignaturePolicy policy;
    std::vector<approval::Input> inputs;
};

Result<LoadedPolicy> load_policy(const std::string& path) {
    LoadedPolicy out;
    auto stamp = approval::stamp_file(path);
    if (!stamp) return stamp.error();
    out.inputs.push_back({path, *stamp});
    Result<void> stamp_error = ok();
    const auto stamping_reader = [&](const std::string& key_path) -> Result<std::string> {
        auto key_stamp = approval::stamp_file(key_path);
        if (!key_stamp) {
            stamp_error = key_stamp.error();
        } else {
            out.inputs.push_back({key_path, *key_stamp});
        }
        return trust::read_key_file(key_path);
    };
    auto policy = trust::load_signature_policy(path, stamping_reader);
    if (!policy) return policy.error();
    if (!stamp_error) return stamp_error.error();
    out.policy = std::move(*policy);
    return out;
}

// True when every input still stats as recorded: nothing changed while the check ran.
bool unchanged(const std::vector<approval::Input>& inputs) {
    for (const auto& in : inputs) {
        auto now = approval::stamp_file(in.path);
        if (!now || !(*now == in.stamp)) return false;
    }
    return true;
}

Json evidence_json(const std::vector<std::string>& lines) {
    Json out = Json::array();
    for (std::size_t i = 0; i < lines.size() && i < kMaxEvidenceLines; ++i) out.push_back(lines[i]);
    if (lines.size() > kMaxEvidenceLines) {
        out.push_back("(" + std::to_string(lines.size() - kMaxEvidenceLines) + " more)");
    }
    return out;
}

std::string fetch_into_cache(const Request& req, const std::string& digest) {
    registry::FetchRequest fetch{req.repository + "@" + digest, req.images.insecure_registries,
                                 req.images.fetch_timeout_ms, req.images.auth_files};
    auto fetched = registry::fetch_signatures(fetch);
    if (!fetched) return "the signature fetch failed: " + fetched.error().message();
    auto stored = trust::store_signatures(req.images.cache_dir, fetched->repository, fetched->digest,
                                          fetched->found.signatures);
    if (!stored) return "the signature fetch failed: " + stored.error().message();
    return "";
}

struct DigestOutcome {
    trust::Verdict verdict;
    std::optional<approval::Input> set_input;  // the signature set as verified
};

// One digest: the cached set, fetched first when the cache never had it.
DigestOutcome verify_digest(const Request& req, const trust::SignaturePolicy& policy, const std::string& digest,
                            Json& log) {
    const std::string& cache_dir = req.images.cache_dir;
    const trust::ImageToVerify image{req.repository, req.reference, digest};
    const std::string set_path = trust::signature_set_path(cache_dir, req.repository, digest);
    DigestOutcome outcome;
    const auto verify_cached = [&]() -> std::optional<bool> {  // nullopt: the cache could not be read
        auto stamp = approval::stamp_file(set_path);
        auto cached = trust::load_signatures(cache_dir, req.repository, digest);
        if (!stamp || !cached) {
            const Error& e = !stamp ? stamp.error() : cached.error();
            log["cache"] = e.message();
            outcome.verdict = {false, "image " + req.repository + "@" + digest + ": " + e.message(), "", {}};
            return std::nullopt;
        }
        outcome.set_input = approval::Input{set_path, *stamp};
        outcome.verdict = trust::verify_image(policy, image, cached->signatures);
        return cached->fetched;
    };
    const auto fetched_before = verify_cached();
    if (fetched_before && !outcome.verdict.accepted && !*fetched_before && req.images.fetch_on_miss) {
        const std::string fetch_error = fetch_into_cache(req, digest);
        log["fetched"] = fetch_error.empty() ? Json("ok") : Json(fetch_error);
        if (!fetch_error.empty()) {
            outcome.verdict.reason += " (" + fetch_error + ")";
        } else {
            verify_cached();
        }
    }
    log["requirement"] = outcome.verdict.requirement;
    log["evidence"] = evidence_json(outcome.verdict.evidence);
    log["accepted"] = outcome.verdict.accepted;
    return outcome;
}

std::string store_approval_for(const Request& req, const std::string& digest, const trust::Verdict& verdict,
                               std::vector<approval::Input> inputs) {
    if (!unchanged(inputs)) return "not stored: the policy, a key or the signatures changed during the check";
    approval::Approval a{req.repository, req.reference, digest, req.images.signature_policy, verdict.requirement,
                         verdict.evidence, static_cast<std::int64_t>(std::time(nullptr)), std::move(inputs)};
    if (auto stored = approval::store_approval(req.images.cache_dir, a); !stored) {
        return "not stored: " + stored.error().message();
    }
    return "stored";
}

int answer(const Request& req, const Json& result, std::ostream& out) {
    const bool accepted = result.value("accepted", false);
    if (req.json) {
        out << result.dump(-1, ' ', false, Json::error_handler_t::replace) << "\n";
    } else if (accepted) {
        out << "accepted: " << req.repository << "@" << result.value("digest", "") << "\n";
    } else {
        out << "refused: " << result.value("reason", "") << "\n";
    }
    return accepted ? 0 : 1;
}

}  // namespace

int trust_verify(Args args, std::ostream& out, std::ostream& err) {
    auto req = parse(args);
    if (!req) {
        err << "hardrunctl trust verify: " << req.error().message() << "\n" << kUsage;
        return req.error().code() == ErrorCode::kInvalidArgument ? 2 : 1;
    }
    trust::init_crypto_without_config();
    Json result = {{"accepted", false}, {"digests", Json::object()}};
    auto loaded = load_policy(req->images.signature_policy);
    if (!loaded) {
        result["reason"] = "cannot check the image's signatures: " + loaded.error().message();
        return answer(*req, result, out);
    }
    trust::Verdict last;
    for (const auto& digest : req->digests) {
        Json& log = result["digests"][digest];
        auto outcome = verify_digest(*req, loaded->policy, digest, log);
        last = outcome.verdict;
        if (!last.accepted) continue;
        auto inputs = loaded->inputs;
        if (outcome.set_input) inputs.push_back(*outcome.set_input);
        log["approval_stored"] = store_approval_for(*req, digest, last, std::move(inputs));
        result["accepted"] = true;
        result["digest"] = digest;
        return answer(*req, result, out);
    }
    result["reason"] = last.reason;
    return answer(*req, result, out);
}

}  // namespace hardrun::ctl
