// SPDX-License-Identifier: Apache-2.0
// The key sources of a sigstoreSigned requirement ("keyPath" | "keyPaths" | "keyData" |
// "keyDatas", and the same four for the Rekor key): at most one may be present, and every key
// it names is read and parsed now, so a broken key is a load error, never a runtime surprise.
// Internal to the signature policy parser.
#pragma once

#include <string>
#include <vector>

#include "base/json.hpp"
#include "base/result.hpp"
#include "trust/containers_policy.hpp"

namespace hardrun::trust {

struct KeyFields {
    const char* path;   // "keyPath"
    const char* paths;  // "keyPaths"
    const char* data;   // "keyData"
    const char* datas;  // "keyDatas"
};

inline constexpr KeyFields kSignerKeyFields{"keyPath", "keyPaths", "keyData", "keyDatas"};
inline constexpr KeyFields kRekorKeyFields{"rekorPublicKeyPath", "rekorPublicKeyPaths",
                                           "rekorPublicKeyData", "rekorPublicKeyDatas"};

// How many of the four fields `node` has.
int count_key_fields(const Json& node, const KeyFields& fields);

// The keys named by whichever of the four fields is present (none → empty). kInvalidArgument
// "<path>.<field>[i]: ..." for a wrong type, an empty list, a relative path, an unreadable
// file, bad base64 or a PEM that is not a supported public key.
Result<std::vector<TrustedKey>> load_keys(const Json& node, const std::string& path,
                                          const KeyFields& fields, const KeyFileReader& read_key);

}  // namespace hardrun::trust
