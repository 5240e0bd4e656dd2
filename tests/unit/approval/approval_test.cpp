// SPDX-License-Identifier: Apache-2.0
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "approval/approval.hpp"
#include "base/json.hpp"
#include "temp_dir.hpp"

using hardrun::Json;
using namespace hardrun::approval;
using hardrun::testing::TempDir;

namespace {

const std::string kRepo = "127.0.0.1:5000/app";
const std::string kDigest = "sha256:" + std::string(64, 'a');
constexpr std::int64_t kNow = 1790000000;

void write(const std::string& path, const std::string& text) {
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    std::ofstream(path, std::ios::trunc) << text;
}

// A cache with a policy, a key and a signature set, and an approval over all three.
struct Fixture {
    TempDir dir;
    std::string cache = dir / "cache";
    std::string policy = dir / "policy.json";
    std::string key = dir / "key.pub";
    std::string set = cache + "/signatures/" + kRepo + "/sha256/" + std::string(64, 'a');

    Fixture() {
        write(policy, R"({"default":[{"type":"reject"}]})");
        write(key, "-----BEGIN PUBLIC KEY-----\n");
        std::filesystem::create_directories(set);
        ::chmod(cache.c_str(), 0700);
        // File times tick coarsely: let a tick pass, so the tests' changes stat differently.
        ::usleep(30000);
        REQUIRE(store_approval(cache, approval("app:1.0"), 0));
    }

    Approval approval(const std::string& reference, std::int64_t at = kNow - 60) const {
        Approval a{kRepo, reference, kDigest, policy, "$.transports.docker: sigstoreSigned", {"signature ok"}, at, {}};
        for (const auto& p : {policy, key, set, dir / "absent-key.pub"}) {
            auto stamp = stamp_file(p);
            REQUIRE(stamp);
            a.inputs.push_back({p, *stamp});
        }
        return a;
    }

    Lookup find(const std::string& reference = "app:1.0", std::int64_t now = kNow) const {
        return find_approval(cache, kRepo, reference, kDigest, policy, now, ::geteuid());
    }
};

}  // namespace

TEST_CASE("an approval holds while nothing the check read has changed", "[approval]") {
    Fixture f;
    const auto found = f.find();
    REQUIRE(found.approval);
    CHECK(found.miss.empty());
    CHECK(found.approval->requirement == "$.transports.docker: sigstoreSigned");
    CHECK(found.approval->evidence == std::vector<std::string>{"signature ok"});
    CHECK(found.approval->inputs.size() == 4);
    CHECK_FALSE(found.approval->inputs[3].stamp.exists);
}

TEST_CASE("an approval ends when an input changes", "[approval]") {
    Fixture f;
    SECTION("the policy is rewritten, even to the same size") {
        write(f.policy, R"({"default":[{"type":"rejecT"}]})");
        CHECK_THAT(f.find().miss, Catch::Contains(f.policy + " changed"));
    }
    SECTION("a key file is replaced") {
        std::filesystem::remove(f.key);
        write(f.key, "-----BEGIN PUBLIC KEY-----\n");
        CHECK_THAT(f.find().miss, Catch::Contains(f.key + " changed"));
    }
    SECTION("a key file's mode changes (the change time moves)") {
        ::chmod(f.key.c_str(), 0600);
        CHECK_THAT(f.find().miss, Catch::Contains(f.key + " changed"));
    }
    SECTION("a key that was absent appears") {
        write(f.dir / "absent-key.pub", "x");
        CHECK_THAT(f.find().miss, Catch::Contains("absent-key.pub changed"));
    }
    SECTION("the signature set is fetched again (a new directory)") {
        std::filesystem::rename(f.set, f.set + ".old");
        std::filesystem::create_directories(f.set);
        CHECK_THAT(f.find().miss, Catch::Contains(f.set + " changed"));
    }
    SECTION("the signature set is removed") {
        std::filesystem::remove_all(f.set);
        CHECK_THAT(f.find().miss, Catch::Contains(f.set + " changed"));
    }
}

TEST_CASE("an approval is for one reference, one policy file and a day", "[approval]") {
    Fixture f;
    CHECK_THAT(f.find("app:2.0").miss, Catch::Contains("approved as \"app:1.0\", not as \"app:2.0\""));
    CHECK_THAT(find_approval(f.cache, kRepo, "app:1.0", kDigest, f.dir / "other.json", kNow, ::geteuid()).miss,
               Catch::Contains("approved under " + f.policy));
    CHECK(f.find("app:1.0", kNow - 60 + kApprovalLifetimeSeconds - 1).approval);
    CHECK_THAT(f.find("app:1.0", kNow - 60 + kApprovalLifetimeSeconds).miss, Catch::Contains("expired"));
    CHECK_THAT(f.find("app:1.0", kNow - 120).miss, Catch::Contains("expired"));  // from the future
    CHECK_THAT(find_approval(f.cache, kRepo, "app:1.0", "sha256:" + std::string(64, 'b'), f.policy, kNow, ::geteuid()).miss,
               Catch::Contains("no approval"));
}

TEST_CASE("an approval that does not record the policy file is no approval", "[approval]") {
    Fixture f;
    auto a = f.approval("app:1.0");
    a.inputs.erase(a.inputs.begin());
    REQUIRE(store_approval(f.cache, a, 0));
    CHECK_THAT(f.find().miss, Catch::Contains("does not record the signature policy"));
}

TEST_CASE("an approval anyone else could have written is refused", "[approval]") {
    Fixture f;
    const std::string file = f.cache + "/approvals/" + kRepo + "/sha256/" + std::string(64, 'a') + ".json";
    SECTION("group-writable file") {
        ::chmod(file.c_str(), 0620);
        CHECK_THAT(f.find().miss, Catch::Contains(file + " is writable by its group"));
    }
    SECTION("other-writable directory") {
        ::chmod((f.cache + "/approvals").c_str(), 0777);
        CHECK_THAT(f.find().miss, Catch::Contains("/approvals is writable by other users"));
    }
    SECTION("a symbolic link in place of a directory") {
        std::filesystem::rename(f.cache + "/approvals", f.dir / "elsewhere");
        std::filesystem::create_directory_symlink(f.dir / "elsewhere", f.cache + "/approvals");
        CHECK_THAT(f.find().miss, Catch::Contains("is a symbolic link"));
    }
    SECTION("another owner") {
        CHECK_THAT(find_approval(f.cache, kRepo, "app:1.0", kDigest, f.policy, kNow, ::geteuid() + 1).miss,
                   Catch::Contains("is owned by uid"));
    }
}

TEST_CASE("malformed approvals are misses that name the file and the field", "[approval]") {
    const auto [text, why] = GENERATE(table<std::string, std::string>({
        {"{", "not valid JSON"},
        {"[]", "not a JSON object"},
        {R"({"format":2})", "format 2 is not 1"},
        {R"({"format":1,"hardrun":"0.0.0-other"})", "written by hardrun 0.0.0-other"},
    }));
    CHECK_THAT(decode_approval(text, "a.json").error().message(), Catch::Contains("a.json") && Catch::Contains(why));
    Fixture f;
    auto good = Json::parse(encode_approval(f.approval("app:1.0")));
    for (const char* field : {"repository", "reference", "requirement", "verified_at", "evidence", "inputs"}) {
        auto broken = good;
        broken[field] = Json::object();
        CHECK_THAT(decode_approval(broken.dump(), "a.json").error().message(), Catch::Contains(field));
    }
    auto negative = good;
    negative["inputs"][0]["ino"] = -1;
    CHECK_THAT(decode_approval(negative.dump(), "a.json").error().message(), Catch::Contains("ino must not be negative"));
    auto not_absent = good;
    not_absent["inputs"][0] = {{"path", "/x"}, {"absent", false}};
    CHECK_THAT(decode_approval(not_absent.dump(), "a.json").error().message(), Catch::Contains("absent must be true"));
}

TEST_CASE("an approval round-trips through its JSON form", "[approval]") {
    Fixture f;
    const auto a = f.approval("app:1.0");
    auto back = decode_approval(encode_approval(a), "a.json");
    REQUIRE(back);
    CHECK(back->inputs == a.inputs);
    CHECK(back->reference == a.reference);
    CHECK(back->verified_at == a.verified_at);
}

TEST_CASE("no approval is stored over an input that changed a moment ago", "[approval]") {
    Fixture f;
    write(f.key, "changed");
    auto a = f.approval("app:1.0");
    auto stored = store_approval(f.cache, a);
    REQUIRE_FALSE(stored);
    CHECK_THAT(stored.error().message(), Catch::Contains("changed less than 2000 ms ago"));
}

TEST_CASE("store_approval refuses keys that are not a repository and a digest", "[approval]") {
    TempDir dir;
    Approval a{"../etc", "x", kDigest, "/p", "", {}, 0, {}};
    CHECK_FALSE(store_approval(dir.path(), a, 0));
    a.repository = kRepo;
    a.digest = "sha256:short";
    CHECK_FALSE(store_approval(dir.path(), a, 0));
}
