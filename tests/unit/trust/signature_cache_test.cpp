// SPDX-License-Identifier: Apache-2.0
#include "trust/signature_cache.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

namespace fs = std::filesystem;
using namespace hardrun::trust;

namespace {

const std::string kHex(64, 'c');
const std::string kDigest = "sha256:" + kHex;
const std::string kRepo = "127.0.0.1:5000/app";

struct TempDir {
    fs::path path;
    TempDir() {
        std::string tmpl = (fs::temp_directory_path() / "hardrun-cache-XXXXXX").string();
        path = ::mkdtemp(tmpl.data());
        fs::permissions(path, fs::perms::owner_all);
    }
    ~TempDir() { fs::remove_all(path); }
    std::string str() const { return path.string(); }
    fs::path set() const { return path / "signatures" / "127.0.0.1:5000" / "app" / "sha256" / kHex; }
};

SignatureEvidence cosign(const std::string& payload,
                         std::optional<std::string> rekor = std::nullopt) {
    return {CosignSignature{payload, std::string("\x30\x45\x02\x00\xff", 5), std::move(rekor)},
            "reg/app:sha256-x.sig"};
}

SignatureEvidence bundle(const std::string& json) {
    return {SigstoreBundleSignature{json}, "reg/app@sha256:y"};
}

void write(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }

std::vector<fs::path> signature_files(const fs::path& dir) {
    std::vector<fs::path> out;
    for (const auto& e : fs::directory_iterator(dir)) {
        if (e.path().extension() == ".json") out.push_back(e.path());
    }
    return out;
}

}  // namespace

TEST_CASE("a digest never fetched loads as not fetched", "[trust][cache]") {
    TempDir dir;
    auto cached = load_signatures(dir.str(), kRepo, kDigest);
    REQUIRE(cached);
    CHECK_FALSE(cached->fetched);
    CHECK(cached->signatures.empty());
    auto missing = load_signatures(dir.str() + "/not-there", kRepo, kDigest);
    REQUIRE(missing);
    CHECK_FALSE(missing->fetched);
}

TEST_CASE("stored signatures load back byte for byte, with the fetch time", "[trust][cache]") {
    TempDir dir;
    const std::vector<SignatureEvidence> in = {
        cosign("payload-1", R"({"SignedEntryTimestamp":"abc"})"), cosign("payload-2"),
        bundle(R"({"mediaType":"m","x":[1,2]})")};
    REQUIRE(store_signatures(dir.str(), kRepo, kDigest, in, 1700000000));
    auto cached = load_signatures(dir.str(), kRepo, kDigest);
    REQUIRE(cached);
    CHECK(cached->fetched);
    CHECK(cached->fetched_at == 1700000000);
    REQUIRE(cached->signatures.size() == 3);
    int cosigns = 0;
    for (const auto& e : cached->signatures) {
        if (const auto* c = std::get_if<CosignSignature>(&e.content)) {
            ++cosigns;
            CHECK(c->signature == std::string("\x30\x45\x02\x00\xff", 5));
            CHECK(e.source == "reg/app:sha256-x.sig");
            if (c->payload == "payload-1")
                CHECK(c->rekor_bundle ==
                      std::optional<std::string>(R"({"SignedEntryTimestamp":"abc"})"));
            else
                CHECK_FALSE(c->rekor_bundle);
        } else {
            CHECK(std::get<SigstoreBundleSignature>(e.content).bundle_json ==
                  R"({"mediaType":"m","x":[1,2]})");
        }
    }
    CHECK(cosigns == 2);
    CHECK((fs::status(dir.set()).permissions() & fs::perms::all) == fs::perms::owner_all);
    for (const auto& f : signature_files(dir.set())) {
        CHECK((fs::status(f).permissions() & fs::perms::all) ==
              (fs::perms::owner_read | fs::perms::owner_write));
        CHECK(f.filename().string().size() == 64 + 5);
    }
}

TEST_CASE("a fetch that found nothing is remembered as fetched", "[trust][cache]") {
    TempDir dir;
    REQUIRE(store_signatures(dir.str(), kRepo, kDigest, {}, 42));
    auto cached = load_signatures(dir.str(), kRepo, kDigest);
    REQUIRE(cached);
    CHECK(cached->fetched);
    CHECK(cached->fetched_at == 42);
    CHECK(cached->signatures.empty());
}

TEST_CASE("storing again replaces the set, and one signature found twice is one file",
          "[trust][cache]") {
    TempDir dir;
    REQUIRE(store_signatures(dir.str(), kRepo, kDigest, std::vector{cosign("a"), cosign("b")}, 1));
    REQUIRE(store_signatures(dir.str(), kRepo, kDigest, std::vector{cosign("b"), cosign("b")}, 2));
    auto cached = load_signatures(dir.str(), kRepo, kDigest);
    REQUIRE(cached);
    CHECK(cached->fetched_at == 2);
    REQUIRE(cached->signatures.size() == 1);
    CHECK(std::get<CosignSignature>(cached->signatures[0].content).payload == "b");
    std::size_t entries = 0;
    for ([[maybe_unused]] const auto& e :
         fs::directory_iterator(dir.path / "signatures" / "127.0.0.1:5000" / "app" / "sha256"))
        ++entries;
    CHECK(entries == 1);  // no leftover temporary set
}

TEST_CASE("the file name is the hash of what was signed, not of where or when", "[trust][cache]") {
    auto a = encode_cache_entry(cosign("p"), "2024-01-01T00:00:00Z");
    SignatureEvidence moved = cosign("p");
    moved.source = "elsewhere";
    auto b = encode_cache_entry(moved, "2025-01-01T00:00:00Z");
    auto c = encode_cache_entry(cosign("q"), "2024-01-01T00:00:00Z");
    REQUIRE((a && b && c));
    CHECK(a->name == b->name);
    CHECK(a->name != c->name);
}

TEST_CASE("malformed digests and evidence are refused before anything is written",
          "[trust][cache]") {
    TempDir dir;
    auto bad_digest = store_signatures(dir.str(), kRepo, "sha256:abc", {});
    REQUIRE_FALSE(bad_digest);
    CHECK(bad_digest.error().code() == hardrun::ErrorCode::kInvalidArgument);
    CHECK_FALSE(load_signatures(dir.str(), kRepo, "sha512:" + kHex));
    const SignatureEvidence bad =
        GENERATE(cosign("p", std::string("{not json")), bundle("[1]"), bundle("nope"));
    auto stored = store_signatures(dir.str(), kRepo, kDigest, std::vector{bad});
    REQUIRE_FALSE(stored);
    CHECK(stored.error().code() == hardrun::ErrorCode::kInvalidArgument);
    CHECK_FALSE(fs::exists(dir.path / "signatures"));
}

TEST_CASE("the cache keeps one set per repository, and refuses repositories that are not names",
          "[trust][cache]") {
    TempDir dir;
    const std::string mirror = "mirror.example.com/team/app";
    REQUIRE(store_signatures(dir.str(), kRepo, kDigest, std::vector{cosign("a")}, 1));
    REQUIRE(store_signatures(dir.str(), mirror, kDigest, {}, 2));
    auto original = load_signatures(dir.str(), kRepo, kDigest);
    REQUIRE(original);
    CHECK(original->signatures.size() == 1);
    auto mirrored = load_signatures(dir.str(), mirror, kDigest);
    REQUIRE(mirrored);
    CHECK(mirrored->fetched);
    CHECK(mirrored->signatures.empty());
    const std::string bad = GENERATE("app", "../x/app", "127.0.0.1:5000/../app", "/abs/app",
                                     "127.0.0.1:5000/app/", "127.0.0.1:5000//app", "Host.io/App");
    CAPTURE(bad);
    auto stored = store_signatures(dir.str(), bad, kDigest, {});
    REQUIRE_FALSE(stored);
    CHECK(stored.error().code() == hardrun::ErrorCode::kInvalidArgument);
    CHECK_FALSE(load_signatures(dir.str(), bad, kDigest));
}

// Paths in the cache by role: GENERATE re-enters the test case (and so makes a new TempDir) for
// each value, so the generated values are roles, resolved against the current directory.
fs::path cache_path(const TempDir& dir, const std::string& role) {
    if (role == "cache") return dir.path;
    if (role == "signatures") return dir.path / "signatures";
    if (role == "sha256") return dir.path / "signatures" / "127.0.0.1:5000" / "app" / "sha256";
    if (role == "set") return dir.set();
    if (role == "complete") return dir.set() / "complete";
    return signature_files(dir.set()).at(0);
}

TEST_CASE("group- or world-writable cache directories and files are refused, naming them",
          "[trust][cache]") {
    const auto [role, mode] = GENERATE(table<std::string, fs::perms>({
        {"cache", fs::perms::owner_all | fs::perms::group_all},
        {"signatures", fs::perms::owner_all | fs::perms::others_all},
        {"sha256", fs::perms::owner_all | fs::perms::group_write},
        {"set", fs::perms::owner_all | fs::perms::group_write},
        {"file", fs::perms::owner_read | fs::perms::others_write},
        {"complete", fs::perms::owner_read | fs::perms::group_write},
    }));
    TempDir dir;
    REQUIRE(store_signatures(dir.str(), kRepo, kDigest, std::vector{cosign("p")}, 1));
    const fs::path target = cache_path(dir, role);
    fs::permissions(target, mode);
    auto cached = load_signatures(dir.str(), kRepo, kDigest);
    CAPTURE(target);
    REQUIRE_FALSE(cached);
    CHECK(cached.error().code() == hardrun::ErrorCode::kUntrustedImage);
    CHECK_THAT(cached.error().message(),
               Catch::Contains(target.string()) && Catch::Contains("writable by group or others"));
}

TEST_CASE("cache files owned by another user are refused", "[trust][cache]") {
    if (::geteuid() != 0) {
        WARN("not root: cannot chown a file to another user; ownership refusal not exercised here");
        return;
    }
    const std::string role = GENERATE(as<std::string>{}, "set", "complete", "file");
    TempDir dir;
    REQUIRE(store_signatures(dir.str(), kRepo, kDigest, std::vector{cosign("p")}, 1));
    const fs::path target = cache_path(dir, role);
    REQUIRE(::chown(target.c_str(), 12345, 12345) == 0);
    auto cached = load_signatures(dir.str(), kRepo, kDigest);
    REQUIRE_FALSE(cached);
    CHECK_THAT(cached.error().message(),
               Catch::Contains(target.string()) && Catch::Contains("owned by uid 12345"));
}

TEST_CASE("symbolic links in the cache are refused", "[trust][cache]") {
    TempDir dir;
    REQUIRE(store_signatures(dir.str(), kRepo, kDigest, std::vector{cosign("p")}, 1));
    SECTION("the digest's directory") {
        fs::rename(dir.set(), dir.path / "elsewhere");
        fs::create_directory_symlink(dir.path / "elsewhere", dir.set());
    }
    SECTION("a signature file") {
        const fs::path file = signature_files(dir.set()).at(0);
        fs::rename(file, dir.path / "elsewhere.json");
        fs::create_symlink(dir.path / "elsewhere.json", file);
    }
    auto cached = load_signatures(dir.str(), kRepo, kDigest);
    REQUIRE_FALSE(cached);
    CHECK(cached.error().code() == hardrun::ErrorCode::kUntrustedImage);
}

TEST_CASE("malformed cache files are refused, naming the file and the field", "[trust][cache]") {
    TempDir dir;
    REQUIRE(store_signatures(dir.str(), kRepo, kDigest, {}, 1));
    const auto [text, needle] = GENERATE(table<std::string, std::string>({
        {"", "not valid JSON"},
        {"[]", "not a JSON object"},
        {R"({"source":"s"})", "/kind"},
        {R"({"kind":"cosign"})", "/source"},
        {R"({"kind":"pgp","source":"s"})", "unknown /kind"},
        {R"({"kind":"cosign","source":"s","signature":"AA=="})", "/payload"},
        {R"({"kind":"cosign","source":"s","payload":"%%","signature":"AA=="})", "/payload"},
        {R"({"kind":"cosign","source":"s","payload":"AA==","signature":"A"})", "/signature"},
        {R"({"kind":"cosign","source":"s","payload":"AA==","signature":"AA==","rekor_bundle":"text"})",
         "/rekor_bundle"},
        {R"({"kind":"sigstore-bundle","source":"s","bundle":"text"})", "/bundle"},
    }));
    const fs::path file = dir.set() / "bad.json";
    write(file, text);
    fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write);
    auto cached = load_signatures(dir.str(), kRepo, kDigest);
    CAPTURE(text);
    REQUIRE_FALSE(cached);
    CHECK_THAT(cached.error().message(), Catch::Contains(file.string()) && Catch::Contains(needle));
}

TEST_CASE("a malformed completion marker is refused", "[trust][cache]") {
    TempDir dir;
    REQUIRE(store_signatures(dir.str(), kRepo, kDigest, {}, 1));
    write(dir.set() / "complete", R"({"fetched_at":"yesterday"})");
    auto cached = load_signatures(dir.str(), kRepo, kDigest);
    REQUIRE_FALSE(cached);
    CHECK_THAT(cached.error().message(), Catch::Contains("complete"));
}

TEST_CASE("oversized cache files are refused before they are read", "[trust][cache]") {
    TempDir dir;
    REQUIRE(store_signatures(dir.str(), kRepo, kDigest, {}, 1));
    const fs::path file = dir.set() / "big.json";
    write(file, "");
    fs::resize_file(file, kMaxCacheFileBytes + 1);
    fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write);
    auto cached = load_signatures(dir.str(), kRepo, kDigest);
    REQUIRE_FALSE(cached);
    CHECK_THAT(cached.error().message(), Catch::Contains("larger than"));
}

TEST_CASE("temporary files and other names in the set are ignored", "[trust][cache]") {
    TempDir dir;
    REQUIRE(store_signatures(dir.str(), kRepo, kDigest, std::vector{cosign("p")}, 1));
    write(dir.set() / ".x.json.hardrun-123", "garbage");
    write(dir.set() / "README", "garbage");
    auto cached = load_signatures(dir.str(), kRepo, kDigest);
    REQUIRE(cached);
    CHECK(cached->signatures.size() == 1);
}
