// SPDX-License-Identifier: Apache-2.0
#include "trust/simple_signing.hpp"

#include <initializer_list>

namespace hardrun::trust {
namespace {

using nlohmann::json;

Error bad(const std::string& what) {
    return Error(ErrorCode::kUntrustedImage, "simple signing payload: " + what);
}

// The object at `pointer` with exactly the keys `allowed`, all of them present.
Result<const json*> exact_object(const json& parent, const std::string& key, const std::string& pointer,
                                 std::initializer_list<std::string_view> allowed) {
    const auto it = parent.find(key);
    if (it == parent.end()) return bad(pointer + " is missing");
    if (!it->is_object()) return bad(pointer + " is not an object");
    for (const auto& [name, value] : it->items()) {
        bool known = false;
        for (const auto allowed_name : allowed) known = known || name == allowed_name;
        if (!known) return bad("unknown field " + pointer + "/" + name);
    }
    for (const auto allowed_name : allowed) {
        if (!it->contains(std::string(allowed_name))) {
            return bad(pointer + "/" + std::string(allowed_name) + " is missing");
        }
    }
    return &*it;
}

Result<std::string> string_field(const json& object, const std::string& key, const std::string& pointer) {
    const auto& value = object.at(key);
    if (!value.is_string()) return bad(pointer + " is not a string");
    return value.get<std::string>();
}

}  // namespace

Result<SimpleSigningPayload> parse_simple_signing(std::string_view payload) {
    json doc = json::parse(payload, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded()) return bad("not valid JSON");
    if (!doc.is_object()) return bad("not a JSON object");
    for (const auto& [name, value] : doc.items()) {
        if (name != "critical" && name != "optional") return bad("unknown top-level field /" + name);
    }

    auto critical = exact_object(doc, "critical", "/critical", {"identity", "image", "type"});
    if (!critical) return critical.error();
    auto identity = exact_object(**critical, "identity", "/critical/identity", {"docker-reference"});
    if (!identity) return identity.error();
    auto image = exact_object(**critical, "image", "/critical/image", {"docker-manifest-digest"});
    if (!image) return image.error();

    auto type = string_field(**critical, "type", "/critical/type");
    if (!type) return type.error();
    if (*type != kCosignSignatureType) {
        return bad("/critical/type is \"" + *type + "\", expected \"" + std::string(kCosignSignatureType) + "\"");
    }
    auto reference = string_field(**identity, "docker-reference", "/critical/identity/docker-reference");
    if (!reference) return reference.error();
    if (reference->empty()) return bad("/critical/identity/docker-reference is empty");
    auto digest = string_field(**image, "docker-manifest-digest", "/critical/image/docker-manifest-digest");
    if (!digest) return digest.error();
    if (!is_sha256_digest(*digest)) {
        return bad("/critical/image/docker-manifest-digest \"" + *digest +
                   "\" is not sha256:<64 lower-case hex digits>");
    }

    json optional = nullptr;
    if (const auto it = doc.find("optional"); it != doc.end() && !it->is_null()) {
        if (!it->is_object()) return bad("/optional is neither an object nor null");
        optional = *it;
    }
    return SimpleSigningPayload{std::move(*reference), std::move(*digest), std::move(optional)};
}

}  // namespace hardrun::trust
