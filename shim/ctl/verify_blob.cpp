// SPDX-License-Identifier: Apache-2.0
// hardrunctl verify-blob: check a file against a cosign key-based signature or a Sigstore
// bundle, with cosign verify-blob's flag names:
//   verify-blob --key KEY.pub (--signature SIG | --bundle BUNDLE.json) FILE
// SIG is base64 text as `cosign sign-blob` writes it, or raw signature bytes.
// Key-based only: no Rekor, Fulcio or timestamp checks.
#include <optional>
#include <string>

#include "base/files.hpp"
#include "cli/options.hpp"
#include "ctl/commands.hpp"
#include "trust/base64.hpp"
#include "trust/bundle.hpp"
#include "trust/public_key.hpp"

namespace hardrun::ctl {
namespace {

constexpr std::size_t kMaxSmallFile = 1024 * 1024;
constexpr std::size_t kMaxBundle = 16 * 1024 * 1024;
constexpr std::size_t kMaxBlob = 256 * 1024 * 1024;
constexpr std::string_view kUsage =
    "usage: hardrunctl verify-blob --key KEY.pub (--signature SIG | --bundle BUNDLE.json) FILE\n";

struct Options {
    std::string key;
    std::optional<std::string> signature;
    std::optional<std::string> bundle;
    std::string file;
};

constexpr cli::OptionSpec kOptions[] = {
    {"--key", cli::OptionKind::kValue},
    {"--signature", cli::OptionKind::kValue},
    {"--bundle", cli::OptionKind::kValue},
};

Result<Options> parse(Args args) {
    auto parsed = cli::parse_options(args, kOptions);
    if (!parsed) return parsed.error();
    auto key = parsed->value("--key");
    if (!key) return Error(ErrorCode::kInvalidArgument, "--key is required");
    Options opts{std::move(*key), parsed->value("--signature"), parsed->value("--bundle"), ""};
    if (opts.signature.has_value() == opts.bundle.has_value()) {
        return Error(ErrorCode::kInvalidArgument, "exactly one of --signature and --bundle is required");
    }
    if (parsed->positional.size() != 1) {
        return Error(ErrorCode::kInvalidArgument, parsed->positional.empty() ? "FILE is required" : "more than one FILE");
    }
    opts.file = std::move(parsed->positional[0]);
    return opts;
}

// cosign writes the signature as base64 text; raw DER (which always holds bytes outside the
// base64 alphabet) is accepted too.
std::string signature_bytes(const std::string& content) {
    if (auto decoded = trust::base64_decode(content); decoded && !decoded->empty()) return std::move(*decoded);
    return content;
}

Result<void> verify(const Options& opts) {
    auto pem = read_file(opts.key, kMaxSmallFile);
    if (!pem) return pem.error();
    auto key = trust::PublicKey::from_pem(*pem);
    if (!key) return key.error().with_context(opts.key);
    auto blob = read_file(opts.file, kMaxBlob);
    if (!blob) return blob.error();

    if (opts.signature) {
        auto sig = read_file(*opts.signature, kMaxSmallFile);
        if (!sig) return sig.error();
        if (auto verified = key->verify(*blob, signature_bytes(*sig)); !verified) {
            return verified.error().with_context(opts.file);
        }
        return ok();
    }
    auto text = read_file(*opts.bundle, kMaxBundle);
    if (!text) return text.error();
    auto bundle = trust::parse_bundle(*text);
    if (!bundle) return bundle.error().with_context(*opts.bundle);
    if (auto verified = trust::verify_bundle(*bundle, *key, *blob); !verified) {
        return verified.error().with_context(opts.file);
    }
    return ok();
}

}  // namespace

int verify_blob(Args args, std::ostream& out, std::ostream& err) {
    auto opts = parse(args);
    if (!opts) {
        err << "hardrunctl verify-blob: " << opts.error().message() << "\n" << kUsage;
        return 2;
    }
    if (auto verified = verify(*opts); !verified) {
        err << "hardrunctl verify-blob: " << verified.error().message() << "\n";
        return 1;
    }
    out << "Verified OK\n";
    return 0;
}

}  // namespace hardrun::ctl
