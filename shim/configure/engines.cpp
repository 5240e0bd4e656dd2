// SPDX-License-Identifier: Apache-2.0
#include "configure/engines.hpp"

#include <array>

#include "configure/containerd_config.hpp"
#include "configure/crio_config.hpp"
#include "configure/docker_config.hpp"

namespace hardrun::configure {
namespace {

// Unconfigure takes only the name; adapters give it the EditFn shape.
Result<Edit> docker_remove(std::string_view text, const std::string& origin,
                           const RuntimeEntry& e) {
    return docker_unconfigure(text, origin, e.name);
}
Result<Edit> containerd_remove(std::string_view text, const std::string& origin,
                               const RuntimeEntry& e) {
    return containerd_unconfigure(text, origin, e.name);
}
Result<Edit> crio_remove(std::string_view text, const std::string& origin, const RuntimeEntry& e) {
    return crio_unconfigure(text, origin, e.name);
}

constexpr std::array kEngines = {
    Engine{"docker", "--config", "/etc/docker/daemon.json", "hardrun", "", "dockerd",
           "systemctl restart docker", docker_configure, docker_remove},
    Engine{"containerd", "--config", "/etc/containerd/config.toml", "hardened", "", "containerd",
           "systemctl restart containerd", containerd_configure, containerd_remove},
    Engine{"crio", "--config-dir", "/etc/crio/crio.conf.d", "hardened", kCrioDropIn, "crio",
           "systemctl restart crio", crio_configure, crio_remove},
};

// Flags as data: name, whether it takes a value, whether unconfigure accepts it, and what it sets.
struct Flag {
    std::string_view name;
    bool takes_value;
    bool configure_only;
    void (*set)(Options&, std::string_view);
};

constexpr std::array kFlags = {
    Flag{"--config", true, false, [](Options& o, std::string_view v) { o.location = v; }},
    Flag{"--config-dir", true, false, [](Options& o, std::string_view v) { o.location = v; }},
    Flag{"--runtime-name", true, false, [](Options& o, std::string_view v) { o.entry.name = v; }},
    Flag{"--path", true, true, [](Options& o, std::string_view v) { o.entry.path = v; }},
    Flag{"--set-as-default", false, true,
         [](Options& o, std::string_view) { o.entry.set_as_default = true; }},
    Flag{"--dry-run", false, false, [](Options& o, std::string_view) { o.dry_run = true; }},
};

Error usage_error(const std::string& message) {
    return Error(ErrorCode::kInvalidArgument, message);
}

bool printable(std::string_view s) {
    for (const char c : s) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return false;
    }
    return true;
}

Result<void> check(const Options& o, std::string_view location_flag_used) {
    const Engine& engine = *o.engine;
    if (!location_flag_used.empty() && location_flag_used != engine.location_flag) {
        return usage_error(std::string(engine.name) + " takes " +
                           std::string(engine.location_flag) + ", not " +
                           std::string(location_flag_used));
    }
    if (o.location.empty() || !printable(o.location)) {
        return usage_error(std::string(engine.location_flag) + " needs a path");
    }
    if (!valid_runtime_name(o.entry.name)) {
        return usage_error("--runtime-name \"" + o.entry.name +
                           "\": use 1 to 63 letters, digits, '_', '-' or '.'");
    }
    if (!o.entry.path.starts_with('/') || !printable(o.entry.path)) {
        return usage_error("--path \"" + o.entry.path + "\": give hardrun's absolute path");
    }
    return ok();
}

}  // namespace

bool valid_runtime_name(std::string_view name) {
    if (name.empty() || name.size() > 63) return false;
    for (const char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
        if (!ok) return false;
    }
    return true;
}

std::span<const Engine> engines() { return kEngines; }

const Engine* find_engine(std::string_view name) {
    for (const auto& e : kEngines) {
        if (e.name == name) return &e;
    }
    return nullptr;
}

namespace {

// Applies the flag at args[i] (advancing i past its value when the value is the next word).
Result<void> take_flag(Action action, std::span<const std::string_view> args, std::size_t& i,
                       Options& o, std::string_view& location_flag) {
    const std::string_view arg = args[i];
    const auto eq = arg.find('=');
    const std::string_view name = arg.substr(0, eq);
    const Flag* flag = nullptr;
    for (const auto& f : kFlags) {
        if (f.name == name) flag = &f;
    }
    if (flag == nullptr || (flag->configure_only && action == Action::kUnconfigure)) {
        return usage_error("unknown flag " + std::string(name));
    }
    std::string_view value;
    if (!flag->takes_value && eq != std::string_view::npos) {
        return usage_error(std::string(name) + " takes no value");
    }
    if (flag->takes_value && eq != std::string_view::npos) {
        value = arg.substr(eq + 1);
    } else if (flag->takes_value) {
        if (i + 1 == args.size()) return usage_error(std::string(name) + " needs a value");
        value = args[++i];
    }
    if (name == "--config" || name == "--config-dir") location_flag = name;
    flag->set(o, value);
    return ok();
}

}  // namespace

Result<Options> parse_options(Action action, std::span<const std::string_view> args) {
    Options o;
    o.action = action;
    std::string_view location_flag;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string_view arg = args[i];
        if (arg.starts_with("-")) {
            HARDRUN_RETURN_IF_ERROR(take_flag(action, args, i, o, location_flag));
        } else if (o.engine != nullptr) {
            return usage_error("unexpected argument \"" + std::string(arg) + "\"");
        } else if (o.engine = find_engine(arg); o.engine == nullptr) {
            return usage_error("unknown engine \"" + std::string(arg) + "\"");
        }
    }
    if (o.engine == nullptr) return usage_error("name an engine: docker, containerd or crio");
    if (location_flag.empty()) o.location = o.engine->default_location;
    if (o.entry.name.empty()) o.entry.name = o.engine->default_runtime_name;
    if (o.entry.path.empty()) o.entry.path = kDefaultHardrunPath;
    HARDRUN_RETURN_IF_ERROR(check(o, location_flag));
    return o;
}

std::string config_file(const Options& options) {
    if (options.engine->drop_in.empty()) return options.location;
    std::string dir = options.location;
    while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
    return (dir == "/" ? "" : dir) + "/" + std::string(options.engine->drop_in);
}

std::string usage(Action action) {
    const bool add = action == Action::kConfigure;
    std::string out;
    for (const auto& e : kEngines) {
        out +=
            "usage: hardrunctl " + std::string(add ? "configure " : "unconfigure ") +
            std::string(e.name) + " [" + std::string(e.location_flag) + " " +
            std::string(e.default_location) + "]" + " [--runtime-name " +
            std::string(e.default_runtime_name) + "]" +
            (add ? " [--path " + std::string(kDefaultHardrunPath) + "] [--set-as-default]" : "") +
            " [--dry-run]\n";
    }
    return out;
}

}  // namespace hardrun::configure
