// SPDX-License-Identifier: Apache-2.0
// hardrunctl identity: which image a container was created from, found the way the runtime
// finds it (Docker's store, containerd's API, CRI-O's store), printed as JSON:
//   identity --bundle DIR [--namespace NS] [--containerd-address SOCK] [--timeout-ms N] ID
// Exit 0 with a complete identity (repository and manifest digest), 1 without one (the JSON's
// "tried" says why), 2 for a usage error.
#include <charconv>
#include <optional>
#include <string>

#include "bundle/bundle.hpp"
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
    long timeout_ms = 2000;
    std::string id;
};

Result<long> parse_timeout(std::string_view text) {
    long value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value <= 0 || value > 600000) {
        return Error(ErrorCode::kInvalidArgument, "--timeout-ms needs a number of milliseconds (1-600000)");
    }
    return value;
}

// "--flag VALUE" and "--flag=VALUE"; one positional ID.
Result<Options> parse(Args args) {
    Options opts;
    std::optional<std::string> bundle;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string_view arg = args[i];
        if (!arg.starts_with("--")) {
            if (!opts.id.empty()) return Error(ErrorCode::kInvalidArgument, "more than one container ID");
            opts.id = std::string(arg);
            continue;
        }
        std::string_view name = arg;
        std::optional<std::string> value;
        if (const auto eq = arg.find('='); eq != std::string_view::npos) {
            name = arg.substr(0, eq);
            value = std::string(arg.substr(eq + 1));
        }
        if (!value) {
            if (i + 1 >= args.size()) return Error(ErrorCode::kInvalidArgument, std::string(name) + " needs a value");
            value = std::string(args[++i]);
        }
        if (name == "--bundle") bundle = std::move(value);
        else if (name == "--namespace") opts.engine_namespace = std::move(*value);
        else if (name == "--containerd-address") opts.containerd_address = std::move(*value);
        else if (name == "--timeout-ms") {
            auto ms = parse_timeout(*value);
            if (!ms) return ms.error();
            opts.timeout_ms = *ms;
        } else {
            return Error(ErrorCode::kInvalidArgument, "unknown flag " + std::string(name));
        }
    }
    if (!bundle) return Error(ErrorCode::kInvalidArgument, "--bundle is required");
    if (opts.id.empty()) return Error(ErrorCode::kInvalidArgument, "the container ID is required");
    opts.bundle = std::move(*bundle);
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
