// SPDX-License-Identifier: Apache-2.0
// Fuzzes the signature-format parsers: base64 (round trip), cosign simple-signing payloads,
// Sigstore bundles and in-toto statements. Any bytes give a value or an error, never a crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "trust/base64.hpp"
#include "trust/bundle.hpp"
#include "trust/simple_signing.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace hardrun::trust;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    if (auto decoded = base64_decode(text)) {
        auto again = base64_decode(base64_encode(*decoded));
        if (!again || *again != *decoded) __builtin_trap();
    }
    (void)parse_simple_signing(text);
    (void)parse_bundle(text);
    (void)parse_in_toto_statement(text);
    return 0;
}
