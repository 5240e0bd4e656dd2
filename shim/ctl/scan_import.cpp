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

#include "base/files.hpp"
#include "cli/options.hpp"
#include "ctl/commands.hpp"
#include "ctl/image_settings.hpp"
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

constexpr cli::OptionSpec kOptions[] = {
    {"--cache-dir", cli::OptionKind::kValue},
    {"--image", cli::OptionKind::kValue},
    {"--key", cli::OptionKind::kValue},
};

Result<Options> parse(Args args) {
    auto parsed = cli::parse_options(args, kOptions);
    if (!parsed) return parsed.error();
    if (parsed->positional.size() != 1) {
        return Error(ErrorCode::kInvalidArgument, parsed->positional.empty() ? "REPORT is required" : "more than one REPORT");
    }
    Options opts{parsed->value("--cache-dir"), parsed->value("--image"), parsed->value("--key"),
                 std::move(parsed->positional[0])};
    if (opts.cache_dir) {
        auto dir = cli::absolute_path("--cache-dir", *opts.cache_dir);
        if (!dir) return dir.error();
    }
    return opts;
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
        auto settings = configured_image_settings();
        if (!settings) {
            err << "hardrunctl scan import: " << settings.error().message() << " (or pass --cache-dir)\n";
            return 1;
        }
        request.cache_dir = std::move(settings->cache_dir);
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
