// SPDX-License-Identifier: Apache-2.0
// Fuzzes the signature-format parsers: base64 (round trip), cosign simple-signing payloads,
// Sigstore bundles, in-toto statements, strict JSON and the containers-policy.json parser (key
// files are never read: the reader refuses). A policy that parses is evaluated for a fixed
// image, which exercises scope lookup. Also the cache's approvals (read by the runtime) and
// registry credential files. Any bytes give a value or an error, never a crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "approval/approval.hpp"
#include "registry/credentials.hpp"
#include "trust/base64.hpp"
#include "trust/bundle.hpp"
#include "trust/containers_policy.hpp"
#include "trust/simple_signing.hpp"
#include "trust/strict_json.hpp"
#include "trust/verify_image.hpp"

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
    (void)parse_strict_json(text);
    if (auto approval = hardrun::approval::decode_approval(text, "fuzz")) {
        auto again = hardrun::approval::decode_approval(hardrun::approval::encode_approval(*approval), "again");
        if (!again || !(again->inputs == approval->inputs)) __builtin_trap();
    }
    (void)hardrun::registry::find_credentials(text, "fuzz", "docker.io/library/busybox");
    const KeyFileReader no_files = [](const std::string& path) -> hardrun::Result<std::string> {
        return hardrun::Error(hardrun::ErrorCode::kNotFound, path);
    };
    if (auto policy = parse_signature_policy(text, "fuzz", no_files)) {
        const ImageToVerify image{
            "quay.io/ns/app", "quay.io/ns/app:1",
            "sha256:0000000000000000000000000000000000000000000000000000000000000000"};
        const Verdict verdict = verify_image(*policy, image, {});
        if (verdict.accepted && verdict.reason.empty()) __builtin_trap();
    }
    return 0;
}
