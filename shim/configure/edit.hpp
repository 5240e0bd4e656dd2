// SPDX-License-Identifier: Apache-2.0
// What `hardrunctl configure` asks of an engine's configuration, and what a pure edit returns.
// The edits themselves (docker_config, containerd_config, crio_config) take the file's text
// and return the new text; they never touch the file system.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hardrun::configure {

// A runtime to register: the engine's name for it, hardrun's path, and whether it becomes the
// engine's default runtime.
struct RuntimeEntry {
    std::string name;
    std::string path;
    bool set_as_default = false;
};

// The outcome of a pure edit. `text == before` means there is nothing to change; notes are for
// the operator (a deprecated format, a value that was replaced, something left alone).
struct Edit {
    std::string text;
    std::vector<std::string> notes;
};

// Runtime names are put in table names and JSON keys: 1-63 of [A-Za-z0-9_.-], as Kubernetes
// RuntimeClass handlers (DNS labels) and Docker runtime names are in practice.
bool valid_runtime_name(std::string_view name);

}  // namespace hardrun::configure
