// SPDX-License-Identifier: Apache-2.0
#include "app/image_check.hpp"

#include <chrono>

#include "approval/approval.hpp"
#include "runtime/bounded_run.hpp"
#include "scan/gate.hpp"

namespace hardrun::app {
namespace {

std::string joined(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines) out += (out.empty() ? "" : "; ") + l;
    return out;
}

// No approval holds: `hardrunctl trust verify` checks the signatures (fetching them when the
// cache never had them) and stores an approval on a pass. The runtime itself links no
// cryptography and no HTTP client; its answer is JSON on stdout (trust_verify.cpp).
ImageCheck run_verifier(const ImageCheckInput& in, Json& log) {
    const auto& images = in.config.images;
    // The verifier reads the same configuration ($HARDRUN_CONFIG is inherited) for the policy,
    // the cache, the fetch settings and the credentials.
    std::vector<std::string> argv = {in.hardrunctl, "trust", "verify", "--json", "--reference=" + in.identity.reference};
    for (const auto& digest : in.identity.manifest_digests) argv.push_back(in.identity.repository + "@" + digest);
    // The verifier holds any fetch to fetch_timeout_ms; the extra half second covers its
    // start-up, the verification and the cache writes, and is the hard stop if it does not.
    const auto deadline = std::chrono::milliseconds(images.fetch_timeout_ms + 500);
    ImageCheck out;
    out.pass = false;
    auto run = runtime::run_bounded(in.hardrunctl, argv, deadline);
    if (!run) {
        out.reason = "cannot start the signature check: " + run.error().message();
    } else if (run->timed_out) {
        out.reason = "the signature check did not finish within " + std::to_string(deadline.count()) + " ms";
    } else if (auto answer = parse_json(run->stdout_text, "the signature check's answer"); !answer || !answer->is_object()) {
        out.reason = "the signature check failed (exit " + std::to_string(run->exit_code) + ")" +
                     (run->stderr_text.empty() ? std::string() : ": " + run->stderr_text);
    } else {
        if (auto digests = answer->find("digests"); digests != answer->end() && digests->is_object()) {
            for (auto& [digest, entry] : digests->items()) log[digest].update(entry);
        }
        const auto accepted = answer->find("accepted");
        out.pass = run->exit_code == 0 && accepted != answer->end() && accepted->is_boolean() && accepted->get<bool>();
        if (!out.pass) {
            const auto reason = answer->find("reason");
            out.reason = reason != answer->end() && reason->is_string() ? reason->get<std::string>()
                                                                          : "the signature check refused the image";
        }
    }
    return out;
}

ImageCheck check_signatures(const ImageCheckInput& in) {
    Json log = Json::object();
    const auto& images = in.config.images;
    for (const auto& digest : in.identity.manifest_digests) {
        auto found = approval::find_approval(images.cache_dir, in.identity.repository, in.identity.reference, digest,
                                             images.signature_policy, in.now);
        if (found.approval) {
            log[digest] = {{"approval", {{"verified_at", found.approval->verified_at}}},
                           {"requirement", found.approval->requirement},
                           {"accepted", true}};
            ImageCheck out;
            out.log["signatures"] = std::move(log);
            return out;
        }
        log[digest]["approval"] = found.miss;
    }
    ImageCheck out = run_verifier(in, log);
    out.log["signatures"] = std::move(log);
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
