// SPDX-License-Identifier: Apache-2.0
// hardrunctl trust fetch [--cache-dir DIR] [--timeout-ms N] [--insecure-registry GLOB]... [--auth-file FILE]... IMAGE
// Fetches the signatures of IMAGE (repo:tag or repo@sha256:…) from its registry into the
// node-local cache. The runtime runs this on a cache miss, with a deadline, so the whole fetch
// (tag resolution, every request, storing) stays within --timeout-ms.
// Defaults come from hardrun's configuration (images.cache_dir, images.fetch_timeout_ms,
// images.insecure_registries; see image_settings.hpp); --insecure-registry flags replace the
// configured list.
// Exit codes: 0 the fetch completed (also with no signatures), 1 a registry, network, timeout or
// cache error, 2 a usage error.
#include <string>
#include <utility>

#include "base/image_reference.hpp"
#include "cli/options.hpp"
#include "ctl/commands.hpp"
#include "ctl/image_settings.hpp"
#include "registry/signatures.hpp"
#include "trust/signature_cache.hpp"

namespace hardrun::ctl {
namespace {

constexpr std::string_view kUsage =
    "usage: hardrunctl trust fetch [--cache-dir DIR] [--timeout-ms N] [--insecure-registry "
    "HOSTGLOB]... [--auth-file FILE]... IMAGE\n";
constexpr cli::OptionSpec kOptions[] = {
    {"--cache-dir", cli::OptionKind::kValue},
    {"--timeout-ms", cli::OptionKind::kValue},
    {"--insecure-registry", cli::OptionKind::kRepeated}, {"--auth-file", cli::OptionKind::kRepeated},
};

// The request: the flags over the configured image settings; exactly one IMAGE.
Result<std::pair<registry::FetchRequest, std::string>> parse(Args args) {
    auto opts = cli::parse_options(args, kOptions);
    if (!opts) return opts.error();
    if (opts->positional.size() != 1) {
        return Error(ErrorCode::kInvalidArgument, opts->positional.empty() ? "IMAGE is required" : "more than one IMAGE");
    }
    if (auto ref = parse_image_reference(opts->positional[0]); !ref) return ref.error();
    auto settings = configured_image_settings();
    if (!settings) return settings.error();
    HARDRUN_RETURN_IF_ERROR(apply_image_flags(*opts, *settings));
    return std::pair(registry::FetchRequest{opts->positional[0], settings->insecure_registries,
                                            settings->fetch_timeout_ms, settings->auth_files},
                     settings->cache_dir);
}

std::string kind_of(const trust::SignatureEvidence& e) {
    return std::holds_alternative<trust::CosignSignature>(e.content) ? "cosign" : "sigstore-bundle";
}

}  // namespace

int trust_fetch(Args args, std::ostream& out, std::ostream& err) {
    auto parsed = parse(args);
    if (!parsed) {
        err << "hardrunctl trust fetch: " << parsed.error().message() << "\n";
        if (parsed.error().code() != ErrorCode::kInvalidArgument) return 1;
        err << kUsage;
        return 2;
    }
    const auto& [request, cache_dir] = *parsed;

    auto fetched = registry::fetch_signatures(request);
    if (!fetched) {
        err << "hardrunctl trust fetch: " << fetched.error().message() << "\n";
        return 1;
    }
    for (const auto& why : fetched->found.skipped)
        err << "hardrunctl trust fetch: skipped " << why << "\n";
    const auto& signatures = fetched->found.signatures;
    if (auto stored = trust::store_signatures(cache_dir, fetched->repository, fetched->digest, signatures); !stored) {
        err << "hardrunctl trust fetch: " << stored.error().message() << "\n";
        return 1;
    }
    out << fetched->digest << "\n";
    if (signatures.empty()) {
        out << "no signatures found for " << fetched->repository << "@" << fetched->digest << "\n";
    }
    for (const auto& s : signatures) {
        auto entry = trust::encode_cache_entry(s, "");
        out << "stored " << kind_of(s) << " signature " << (entry ? entry->name : "?") << " from "
            << s.source << "\n";
    }
    return 0;
}

}  // namespace hardrun::ctl
