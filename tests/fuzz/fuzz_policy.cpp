// SPDX-License-Identifier: Apache-2.0
// Fuzzes the configuration parser: any bytes give a Config or an error, never a crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "policy/parse.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    (void)hardrun::policy::parse_config_text(text, "fuzz.json");
    return 0;
}
