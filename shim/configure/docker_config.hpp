// SPDX-License-Identifier: Apache-2.0
// Docker's daemon.json: a runtime entry `"runtimes": {"<name>": {"path": "<path>"}}` and,
// optionally, `"default-runtime": "<name>"`. Pure: text in, text out.
//
// The document is kept as ordered JSON, so every other key and its position survive; the text
// is re-serialised (JSON has no comments to keep) with the indentation the file already uses.
// An empty text (or a missing file, passed as "") is an empty object.
#pragma once

#include <string>
#include <string_view>

#include "base/result.hpp"
#include "configure/edit.hpp"

namespace hardrun::configure {

// Adds the runtime (and the default). Already present with the same path: the text is
// returned unchanged. Present with another path, or daemon.json not an object, or `runtimes`
// not an object: an error naming `origin`. A malformed text: an error naming `origin` and the
// byte. --set-as-default replaces another default-runtime, with a note.
Result<Edit> docker_configure(std::string_view text, const std::string& origin,
                              const RuntimeEntry& entry);

// Removes runtimes.<name> when it is exactly what configure writes ({"path": ...}), the
// `runtimes` object if that leaves it empty, and default-runtime when it names <name>. An
// entry with other settings is left alone (an error: hardrunctl did not write it).
Result<Edit> docker_unconfigure(std::string_view text, const std::string& origin,
                                const std::string& name);

}  // namespace hardrun::configure
