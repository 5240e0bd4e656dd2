// SPDX-License-Identifier: Apache-2.0
// hardrunctl trust fetch [--cache-dir DIR] [--timeout-ms N] [--insecure-registry GLOB]... IMAGE
// Fetches the signatures of IMAGE (repo:tag or repo@sha256:…) from its registry into the
// node-local cache. The runtime runs this on a cache miss, with a deadline, so the whole fetch
// (tag resolution, every request, storing) stays within --timeout-ms.
// Defaults come from hardrun's configuration (images.cache_dir, images.fetch_timeout_ms,
// images.insecure_registries); --insecure-registry flags replace the configured list.
// Exit codes: 0 the fetch completed (also with no signatures), 1 a registry, network, timeout or
// cache error, 2 a usage error.
#include <charconv>
#include <optional>
#include <string>
#include <vector>

#include "base/image_reference.hpp"
#include "ctl/commands.hpp"
#include "policy/load.hpp"
#include "registry/signatures.hpp"
#include "trust/signature_cache.hpp"

namespace hardrun::ctl {
namespace {

constexpr std::string_view kUsage =
    "usage: hardrunctl trust fetch [--cache-dir DIR] [--timeout-ms N] [--insecure-registry "
    "HOSTGLOB]... IMAGE\n";
constexpr std::int64_t kMaxTimeoutMs = 600000;

struct Options {
    std::optional<std::string> cache_dir;
    std::optional<std::int64_t> timeout_ms;
    std::vector<std::string> insecure_registries;  // empty = from the configuration
    std::string image;
};

Result<std::int64_t> parse_timeout(std::string_view text) {
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value <= 0 ||
        value > kMaxTimeoutMs) {
        return Error(ErrorCode::kInvalidArgument,
                     "--timeout-ms needs a number of milliseconds from 1 to " +
                         std::to_string(kMaxTimeoutMs) + ", not \"" + std::string(text) + "\"");
    }
    return value;
}

Result<void> apply_flag(Options& opts, std::string_view name, const std::string& value) {
    if (name == "--cache-dir") {
        if (value.empty() || value[0] != '/')
            return Error(ErrorCode::kInvalidArgument, "--cache-dir needs an absolute path");
        opts.cache_dir = value;
    } else if (name == "--timeout-ms") {
        auto ms = parse_timeout(value);
        if (!ms) return ms.error();
        opts.timeout_ms = *ms;
    } else if (name == "--insecure-registry") {
        opts.insecure_registries.push_back(value);
    } else {
        return Error(ErrorCode::kInvalidArgument, "unknown flag " + std::string(name));
    }
    return ok();
}

// "--flag VALUE" and "--flag=VALUE"; exactly one IMAGE.
Result<Options> parse(Args args) {
    Options opts;
    std::optional<std::string> image;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string_view arg = args[i];
        if (arg.starts_with("--")) {
            std::string_view name = arg;
            std::optional<std::string> value;
            if (const auto eq = arg.find('='); eq != std::string_view::npos) {
                name = arg.substr(0, eq);
                value = std::string(arg.substr(eq + 1));
            } else if (i + 1 < args.size()) {
                value = std::string(args[++i]);
            } else {
                return Error(ErrorCode::kInvalidArgument, std::string(arg) + " needs a value");
            }
            HARDRUN_RETURN_IF_ERROR(apply_flag(opts, name, *value));
            continue;
        }
        if (image) return Error(ErrorCode::kInvalidArgument, "more than one IMAGE");
        image = std::string(arg);
    }
    if (!image) return Error(ErrorCode::kInvalidArgument, "IMAGE is required");
    if (auto ref = parse_image_reference(*image); !ref) return ref.error();
    opts.image = std::move(*image);
    return opts;
}

// The configured image settings, or the built-in ones (with a note) when the file is unusable.
policy::ImageSettings configured_settings(std::ostream& err) {
    auto loaded = policy::load_config(policy::config_path_from_environment());
    if (loaded) return loaded->config.images;
    err << "hardrunctl trust fetch: " << loaded.error().message() << "; using built-in defaults\n";
    return policy::builtin_config().images;
}

std::string kind_of(const trust::SignatureEvidence& e) {
    return std::holds_alternative<trust::CosignSignature>(e.content) ? "cosign" : "sigstore-bundle";
}

}  // namespace

int trust_fetch(Args args, std::ostream& out, std::ostream& err) {
    auto opts = parse(args);
    if (!opts) {
        err << "hardrunctl trust fetch: " << opts.error().message() << "\n" << kUsage;
        return 2;
    }
    const policy::ImageSettings settings = configured_settings(err);
    registry::FetchRequest request{opts->image, opts->insecure_registries,
                                   opts->timeout_ms.value_or(settings.fetch_timeout_ms)};
    if (request.insecure_registries.empty())
        request.insecure_registries = settings.insecure_registries;
    const std::string cache_dir = opts->cache_dir.value_or(settings.cache_dir);

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
