// SPDX-License-Identifier: Apache-2.0
#include "app/image_check.hpp"

#include <chrono>

#include "runtime/bounded_run.hpp"
#include "scan/gate.hpp"
#include "trust/containers_policy.hpp"
#include "trust/public_key.hpp"
#include "trust/signature_cache.hpp"
#include "trust/verify_image.hpp"

namespace hardrun::app {
namespace {

std::string joined(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines) out += (out.empty() ? "" : "; ") + l;
    return out;
}

// Asks the registry for the signatures of repository@digest, within the configured deadline.
// "" on success, else why the fetch gave nothing.
std::string fetch_signatures(const ImageCheckInput& in, const std::string& digest) {
    const auto& images = in.config.images;
    std::vector<std::string> argv = {in.hardrunctl, "trust", "fetch", "--cache-dir", images.cache_dir,
                                     "--timeout-ms", std::to_string(images.fetch_timeout_ms)};
    for (const auto& glob : images.insecure_registries) {
        argv.insert(argv.end(), {"--insecure-registry", glob});
    }
    argv.push_back(in.identity.repository + "@" + digest);
    // The helper holds itself to fetch_timeout_ms; the extra half second covers its start-up
    // and the cache write, and is the hard stop if it does not.
    const auto deadline = std::chrono::milliseconds(images.fetch_timeout_ms + 500);
    auto run = runtime::run_bounded(in.hardrunctl, argv, deadline);
    if (!run) return "cannot start the signature fetch: " + run.error().message();
    if (run->timed_out) return "the signature fetch did not finish within " + std::to_string(deadline.count()) + " ms";
    if (run->exit_code != 0) {
        return "the signature fetch failed" + (run->stderr_text.empty() ? std::string() : ": " + run->stderr_text);
    }
    return "";
}

// One manifest digest: the cached signatures, fetched first when the cache never had them.
trust::Verdict verify_digest(const ImageCheckInput& in, const trust::SignaturePolicy& policy,
                             const std::string& digest, Json& log) {
    const trust::ImageToVerify image{in.identity.repository, in.identity.reference, digest};
    Json& entry = log[digest];
    auto cached = trust::load_signatures(in.config.images.cache_dir, in.identity.repository, digest);
    if (!cached) {
        entry["cache"] = cached.error().message();
        return {false, "image " + image.repository + "@" + digest + ": " + cached.error().message(), "", {}};
    }
    auto verdict = trust::verify_image(policy, image, cached->signatures);
    if (!verdict.accepted && !cached->fetched && in.config.images.fetch_on_miss) {
        const auto fetch_error = fetch_signatures(in, digest);
        entry["fetched"] = fetch_error.empty() ? Json("ok") : Json(fetch_error);
        if (!fetch_error.empty()) {
            verdict.reason += " (" + fetch_error + ")";
        } else if (auto again = trust::load_signatures(in.config.images.cache_dir, in.identity.repository, digest); !again) {
            verdict.reason = "image " + image.repository + "@" + digest + ": " + again.error().message();
        } else {
            verdict = trust::verify_image(policy, image, again->signatures);
        }
    }
    entry["requirement"] = verdict.requirement;
    entry["evidence"] = verdict.evidence;
    entry["accepted"] = verdict.accepted;
    return verdict;
}

ImageCheck check_signatures(const ImageCheckInput& in) {
    ImageCheck out;
    Json& log = out.log["signatures"] = Json::object();
    auto policy = trust::load_signature_policy(in.config.images.signature_policy);
    if (!policy) {
        out.pass = false;
        out.reason = "cannot check the image's signatures: " + policy.error().message();
        return out;
    }
    trust::Verdict last;
    for (const auto& digest : in.identity.manifest_digests) {
        last = verify_digest(in, *policy, digest, log);
        if (last.accepted) return out;
    }
    out.pass = false;
    out.reason = last.reason;
    return out;
}

ImageCheck check_scan(const ImageCheckInput& in) {
    ImageCheck out;
    const auto& gate = in.trust.scan;
    auto summary = scan::load_summary(in.config.images.cache_dir, in.identity.manifest_digests,
                                      in.identity.config_digest);
    if (!summary) {
        out.pass = false;
        out.reason = "cannot check the image's scan status: " + summary.error().message();
        return out;
    }
    const scan::ScanSummary* report = summary->has_value() ? &**summary : nullptr;
    const auto result = scan::evaluate_gate(gate, report, image_display_name(in.identity), in.now);
    Json& log = out.log["scan"] = Json::object();
    log["mode"] = policy::gate_mode_name(gate.mode);
    log["report"] = report != nullptr ? Json(report->scanner + " " + report->source) : Json(nullptr);
    log["pass"] = result.pass;
    Json blocking = Json::array();
    for (const auto& f : result.blocking) blocking.push_back(f.id);
    log["blocking"] = std::move(blocking);
    out.pass = result.pass;
    out.reason = result.pass ? "" : result.reason;
    out.notes = result.notes;
    if (result.pass && !result.reason.empty()) out.notes.push_back(result.reason);
    return out;
}

}  // namespace

std::string image_display_name(const identity::ImageIdentity& identity) {
    if (identity.repository.empty()) return identity.reference.empty() ? "(unknown image)" : identity.reference;
    if (identity.manifest_digests.empty()) return identity.repository;
    return identity.repository + "@" + identity.manifest_digests.front();
}

ImageCheck check_image(const ImageCheckInput& in) {
    trust::init_crypto_without_config();
    ImageCheck out;
    out.log["identity"] = identity::identity_to_json(in.identity);
    if (!in.identity.complete()) {
        out.pass = false;
        out.reason = "cannot tell which image this container runs, so it cannot be checked (" +
                     (in.identity.tried.empty() ? std::string("no source of image identity") : joined(in.identity.tried)) + ")";
        return out;
    }
    const auto apply = [&](ImageCheck part) {
        for (auto& [key, value] : part.log.items()) out.log[key] = std::move(value);
        out.notes.insert(out.notes.end(), part.notes.begin(), part.notes.end());
        if (!part.pass && out.pass) {
            out.pass = false;
            out.reason = std::move(part.reason);
        }
    };
    if (in.trust.signatures) apply(check_signatures(in));
    if (out.pass && in.trust.scan.mode != policy::GateMode::kOff) apply(check_scan(in));
    return out;
}

}  // namespace hardrun::app
