// SPDX-License-Identifier: Apache-2.0
// Fuzzes the runc command-line parser: NUL-separated words in, never a crash, and an exec
// rewrite that adds at most "--no-new-privs --user U:G" and keeps the container id and the
// process's own arguments as they were.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cli/invocation.hpp"
#include "spec/exec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::vector<std::string> words{"hardrun"};
    std::string current;
    for (std::size_t i = 0; i < size; ++i) {
        if (data[i] == 0) {
            words.push_back(current);
            current.clear();
        } else {
            current.push_back(static_cast<char>(data[i]));
        }
    }
    words.push_back(current);
    const std::vector<std::string_view> views(words.begin(), words.end());
    auto inv = hardrun::cli::parse_invocation(views);
    if (inv && inv->command == hardrun::cli::Command::kExec) {
        auto out = hardrun::spec::restrict_exec_flags(*inv, hardrun::spec::ExecLimits{});
        if (out.argv.size() > inv->argv.size() + 3) __builtin_trap();
        // Everything from the container id on is the process's and must come through unchanged.
        const auto id = inv->argv.begin() + static_cast<long>(inv->container_id_index);
        const auto tail = static_cast<std::size_t>(inv->argv.end() - id);
        if (tail > out.argv.size() ||
            !std::equal(id, inv->argv.end(), out.argv.end() - static_cast<long>(tail))) {
            __builtin_trap();
        }
    }
    return 0;
}
