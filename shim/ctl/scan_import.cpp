// SPDX-License-Identifier: Apache-2.0
// hardrunctl scan import: store a scanner's report as evidence for the scan gate.
//   scan import [--cache-dir DIR] [--image REPO@sha256:…] [--key KEY] REPORT
// With --key, REPORT is a signed cosign vuln attestation (a DSSE envelope or a Sigstore bundle):
// its signature is verified with KEY and the in-toto statement inside is imported.
// The cache directory defaults to images.cache_dir of hardrun's configuration
// ($HARDRUN_CONFIG or /etc/hardrun/config.json; /var/lib/hardrun without one).
#include <ctime>
#include <optional>
#include <string>

#include "ctl/commands.hpp"
#include "policy/load.hpp"
#include "base/files.hpp"
#include "scan/import.hpp"
#include "trust/attestation.hpp"

namespace hardrun::ctl {
namespace {

constexpr std::string_view kUsage =
    "usage: hardrunctl scan import [--cache-dir DIR] [--image REPO@sha256:…] [--key KEY] REPORT\n";

struct Options {
    std::optional<std::string> cache_dir;
    std::optional<std::string> image;
    std::optional<std::string> key;
    std::string report;
};

// Accepts "--flag VALUE" and "--flag=VALUE".
Result<Options> parse(Args args) {
    Options opts;
    std::optional<std::string> report;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string_view arg = args[i];
        if (arg.size() > 2 && arg.substr(0, 2) == "--") {
            const auto eq = arg.find('=');
            const std::string_view name = arg.substr(0, eq);
            std::optional<std::string>* target = name == "--cache-dir" ? &opts.cache_dir
                                                 : name == "--image"   ? &opts.image
                                                 : name == "--key"     ? &opts.key
                                                                       : nullptr;
            if (target == nullptr) {
                return Error(ErrorCode::kInvalidArgument, "unknown flag " + std::string(name));
            }
            if (*target) {
                return Error(ErrorCode::kInvalidArgument, std::string(name) + " given twice");
            }
            if (eq != std::string_view::npos) {
                *target = std::string(arg.substr(eq + 1));
            } else if (i + 1 < args.size()) {
                *target = std::string(args[++i]);
            } else {
                return Error(ErrorCode::kInvalidArgument, std::string(name) + " needs a value");
            }
            continue;
        }
        if (report) return Error(ErrorCode::kInvalidArgument, "more than one REPORT");
        report = std::string(arg);
    }
    if (!report) return Error(ErrorCode::kInvalidArgument, "REPORT is required");
    if (opts.cache_dir && opts.cache_dir->empty()) {
        return Error(ErrorCode::kInvalidArgument, "--cache-dir is empty");
    }
    opts.report = std::move(*report);
    return opts;
}

// images.cache_dir of the configuration; its built-in default when no file exists.
Result<std::string> default_cache_dir() {
    const std::string path = policy::config_path_from_environment();
    auto loaded = policy::load_config(path);
    if (!loaded) {
        return loaded.error().with_context("cannot take the cache directory from " + path +
                                           " (pass --cache-dir)");
    }
    return loaded->config.images.cache_dir;
}

// The in-toto statement of a signed vuln attestation, verified with the key at `key_path`.
Result<std::string> verified_statement(const std::string& report_path, const std::string& key_path) {
    auto pem = read_file(key_path, 64 * 1024);
    if (!pem) return pem.error();
    auto key = trust::PublicKey::from_pem(*pem);
    if (!key) return key.error().with_context(key_path);
    auto text = read_file(report_path, 64 * 1024 * 1024);
    if (!text) return text.error();
    auto statement = trust::verify_attestation(*text, *key, trust::kVulnPredicateType);
    if (!statement) return statement.error().with_context(report_path);
    return statement;
}

}  // namespace

int scan_import(Args args, std::ostream& out, std::ostream& err) {
    auto opts = parse(args);
    if (!opts) {
        err << "hardrunctl scan import: " << opts.error().message() << "\n" << kUsage;
        return 2;
    }
    scan::ImportRequest request{opts->report, "", opts->image,
                                static_cast<std::int64_t>(std::time(nullptr)), std::nullopt};
    if (opts->key) {
        auto statement = verified_statement(opts->report, *opts->key);
        if (!statement) {
            err << "hardrunctl scan import: " << statement.error().message() << "\n";
            return 1;
        }
        request.report_text = std::move(*statement);
    }
    if (opts->cache_dir) {
        request.cache_dir = *opts->cache_dir;
    } else {
        auto dir = default_cache_dir();
        if (!dir) {
            err << "hardrunctl scan import: " << dir.error().message() << "\n";
            return 1;
        }
        request.cache_dir = std::move(*dir);
    }
    auto imported = scan::import_report(request);
    if (!imported) {
        err << "hardrunctl scan import: " << imported.error().message() << "\n";
        return 1;
    }
    out << scan::describe_import(*imported) << "\n";
    for (const auto& p : imported->paths) out << "  wrote " << p << "\n";
    return 0;
}

}  // namespace hardrun::ctl
