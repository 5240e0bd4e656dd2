// SPDX-License-Identifier: Apache-2.0
// hardrunctl identity: which image a container was created from, found the way the runtime
// finds it (Docker's store, containerd's API, CRI-O's store), printed as JSON:
//   identity --bundle DIR [--namespace NS] [--containerd-address SOCK] [--timeout-ms N] ID
// Exit 0 with a complete identity (repository and manifest digest), 1 without one (the JSON's
// "tried" says why), 2 for a usage error.
#include <cstdint>
#include <string>

#include "bundle/bundle.hpp"
#include "cli/options.hpp"
#include "ctl/commands.hpp"
#include "identity/identity.hpp"

namespace hardrun::ctl {
namespace {

constexpr std::string_view kUsage =
    "usage: hardrunctl identity --bundle DIR [--namespace NS] [--containerd-address SOCK] "
    "[--timeout-ms N] ID\n";

struct Options {
    std::string bundle;
    std::string engine_namespace = "default";
    std::string containerd_address = "/run/containerd/containerd.sock";
    std::int64_t timeout_ms = 2000;
    std::string id;
};

constexpr cli::OptionSpec kOptions[] = {
    {"--bundle", cli::OptionKind::kValue},
    {"--namespace", cli::OptionKind::kValue},
    {"--containerd-address", cli::OptionKind::kValue},
    {"--timeout-ms", cli::OptionKind::kValue},
};

// One positional ID.
Result<Options> parse(Args args) {
    auto parsed = cli::parse_options(args, kOptions);
    if (!parsed) return parsed.error();
    Options opts;
    auto bundle = parsed->value("--bundle");
    if (!bundle) return Error(ErrorCode::kInvalidArgument, "--bundle is required");
    opts.bundle = std::move(*bundle);
    if (parsed->positional.size() != 1) {
        return Error(ErrorCode::kInvalidArgument,
                     parsed->positional.empty() ? "the container ID is required" : "more than one container ID");
    }
    opts.id = std::move(parsed->positional[0]);
    opts.engine_namespace = parsed->value("--namespace").value_or(opts.engine_namespace);
    opts.containerd_address = parsed->value("--containerd-address").value_or(opts.containerd_address);
    if (auto v = parsed->value("--timeout-ms")) {
        auto ms = cli::parse_milliseconds("--timeout-ms", *v);
        if (!ms) return ms.error();
        opts.timeout_ms = *ms;
    }
    return opts;
}

}  // namespace

int image_identity(Args args, std::ostream& out, std::ostream& err) {
    auto opts = parse(args);
    if (!opts) {
        err << "hardrunctl identity: " << opts.error().message() << "\n" << kUsage;
        return 2;
    }
    auto loaded = bundle::load_bundle(opts->bundle);
    if (!loaded) {
        err << "hardrunctl identity: " << loaded.error().message() << "\n";
        return 1;
    }
    const identity::LookupInput input{
        .spec = loaded->spec,
        .engine_namespace = opts->engine_namespace,
        .container_id = opts->id,
        .containerd_address = opts->containerd_address,
        .ttrpc_address = "",
        .timeout = std::chrono::milliseconds(opts->timeout_ms),
    };
    const auto found = identity::resolve_identity(input);
    out << identity::identity_to_json(found).dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << "\n";
    return found.complete() ? 0 : 1;
}

}  // namespace hardrun::ctl
