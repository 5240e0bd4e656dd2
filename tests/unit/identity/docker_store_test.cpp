// SPDX-License-Identifier: Apache-2.0
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "identity/docker_store.hpp"

using hardrun::ErrorCode;
using hardrun::Json;
using namespace hardrun::identity;

namespace {

const std::string kRoot = std::string(HARDRUN_FIXTURES) + "/identity/docker";
const std::string kPulled = "a3d149553c40b9fc435d9da0d5ff22fd6a1da0470e93d98a03fde37a26ff30d9";
const std::string kLocal = "cffb5f43e15d1677bd7c1475c211e80db2d80fa18534bec1f3b77a6807d0e070";
const std::string kPinned = "5c74c001d026416b9f591a46003ed8bcad6867d1dbc2c705abd2575091fe27c3";
const std::string kMalformed = "79f30719b5796030109d22c7b9c854ba20db795b112954555c9fb56ed29ba164";
const std::string kBusyboxConfig = "sha256:75b28b301258c561f22899ba499b40ea5bf69a1afd583c77bb4315626a09dc9a";
const std::string kBusyboxManifest = "sha256:eb43aac8bf19e9e97968481a56ef4982b87f1f77198cb37fa4cc943be2165d27";
const std::string kMirrorIndex = "sha256:0607a37acf4a5bb87ec292c904e666ff04e176caa6d3e9a919ed040923a9d777";

Json spec_with_hostname(const std::string& source) {
    return Json{{"mounts", Json::array({Json{{"destination", "/etc/resolv.conf"}, {"source", "/elsewhere"}},
                                        Json{{"destination", "/etc/hostname"}, {"source", source}}})}};
}

std::string read_text(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// A writable copy of the fixture data-root, removed afterwards.
struct TempRoot {
    std::filesystem::path path;
    TempRoot() {
        std::string tmpl = (std::filesystem::temp_directory_path() / "hardrun-identity-XXXXXX").string();
        path = ::mkdtemp(tmpl.data());
        std::filesystem::copy(kRoot, path, std::filesystem::copy_options::recursive);
    }
    ~TempRoot() { std::filesystem::remove_all(path); }
};

}  // namespace

TEST_CASE("docker_data_root is two levels above the container's hostname file", "[identity][docker]") {
    CHECK(docker_data_root(spec_with_hostname("/var/lib/docker/containers/" + kPulled + "/hostname"), kPulled) ==
          "/var/lib/docker");
    CHECK(docker_data_root(spec_with_hostname("/srv/d/root/containers/" + kPulled + "/hostname"), kPulled) ==
          "/srv/d/root");
}

TEST_CASE("docker_data_root finds Docker's layout in a spec Docker wrote", "[identity][docker]") {
    const auto spec = Json::parse(read_text(std::string(HARDRUN_FIXTURES) + "/specs/docker-20.10.json"));
    CHECK(docker_data_root(spec, "1c4cf07f11d2b843ea4bbad3cf9aa56b598a68f21e3b1dcec043d89eb3f0d2fd") ==
          "/var/lib/docker");
}

TEST_CASE("docker_data_root rejects mounts that are not this container's hostname in a data-root",
          "[identity][docker]") {
    const auto [source, id] = GENERATE(table<std::string, std::string>({
        {"/var/lib/docker/containers/" + kPulled + "/hostname", kLocal},       // another container
        {"/var/lib/docker/containers/" + kPulled + "/hosts", kPulled},         // not the hostname file
        {"/var/lib/docker/volumes/" + kPulled + "/hostname", kPulled},         // not containers/
        {"var/lib/docker/containers/" + kPulled + "/hostname", kPulled},       // relative
        {"/containers/" + kPulled + "/hostname", kPulled},                     // no data-root left
        {"/var/lib/../docker/containers/" + kPulled + "/hostname", kPulled},   // dot-dot
        {"/run/containerd/io.containerd.runtime.v2.task/default/x/hostname", "x"},
        {"/var/lib/docker/containers/../hostname", ".."},                      // id is not one component
    }));
    CAPTURE(source, id);
    CHECK_FALSE(docker_data_root(spec_with_hostname(source), id).has_value());
}

TEST_CASE("docker_data_root is absent without mounts or with malformed ones", "[identity][docker]") {
    CHECK_FALSE(docker_data_root(Json::object(), kPulled));
    CHECK_FALSE(docker_data_root(Json{{"mounts", "x"}}, kPulled));
    CHECK_FALSE(docker_data_root(Json{{"mounts", Json::array({1, Json{{"destination", "/etc/hostname"}}})}}, kPulled));
    CHECK_FALSE(docker_data_root(Json::parse(R"({"mounts":[{"destination":"/etc/hostname","source":7}]})"), kPulled));
}

TEST_CASE("a pulled image's manifest digest comes from repositories.json under its own repository",
          "[identity][docker]") {
    auto image = read_docker_image(kRoot, kPulled);
    REQUIRE(image);
    CHECK(image->reference == "busybox:1.36");
    CHECK(image->repository == "docker.io/library/busybox");
    CHECK(image->config_digest == kBusyboxConfig);
    // The same config under mirror.example/busybox is another repository's digest.
    CHECK(image->manifest_digests == std::vector<std::string>{kBusyboxManifest});
}

TEST_CASE("a locally built or loaded image is explained: it has no repository digest", "[identity][docker]") {
    auto image = read_docker_image(kRoot, kLocal);
    REQUIRE_FALSE(image);
    CHECK(image.error().code() == ErrorCode::kNotFound);
    CHECK_THAT(image.error().message(),
               Catch::Contains("image sha256:20548860eea3e0e8de95bca449544c4e8ad253aea21b205a362192e1d8b1999a has no "
                               "repository digest (built or loaded locally, never pulled)") &&
                   Catch::Contains("127.0.0.1:5000/app"));
}

TEST_CASE("a Config.Image digest that the store does not map to the image is refused", "[identity][docker]") {
    auto image = read_docker_image(kRoot, kPinned);
    REQUIRE_FALSE(image);
    CHECK(image.error().code() == ErrorCode::kNotFound);
    CHECK_THAT(image.error().message(),
               Catch::Contains("Config.Image names digest sha256:d9298a10") && Catch::Contains("repositories.json"));
}

TEST_CASE("a Config.Image digest the store knows comes first among the candidates", "[identity][docker]") {
    const std::string repos = R"({"Repositories":{"busybox":{"busybox@)" + kMirrorIndex + R"(":")" + kBusyboxConfig +
                              R"(","busybox@)" + kBusyboxManifest + R"(":")" + kBusyboxConfig + R"("}}})";
    auto image = match_repositories(repos, "repositories.json",
                                    {"docker.io/library/busybox@" + kBusyboxManifest, kBusyboxConfig, "overlay2"});
    REQUIRE(image);
    CHECK(image->manifest_digests == std::vector<std::string>{kBusyboxManifest, kMirrorIndex});
}

TEST_CASE("a container created from an image ID names no repository", "[identity][docker]") {
    for (const std::string& ref : {kBusyboxConfig, std::string("75b28b301258")}) {
        auto image = match_repositories(R"({"Repositories":{}})", "r.json", {ref, kBusyboxConfig, "overlay2"});
        REQUIRE_FALSE(image);
        CHECK_THAT(image.error().message(), Catch::Contains("created from image ID"));
    }
}

TEST_CASE("a malformed config.v2.json is reported with its path", "[identity][docker]") {
    auto image = read_docker_image(kRoot, kMalformed);
    REQUIRE_FALSE(image);
    CHECK(image.error().code() == ErrorCode::kInvalidSpec);
    CHECK_THAT(image.error().message(), Catch::Contains(kRoot + "/containers/" + kMalformed + "/config.v2.json") &&
                                            Catch::Contains("not valid JSON"));
}

TEST_CASE("config.v2.json fields that are missing or wrong are named", "[identity][docker]") {
    const auto [text, reason] = GENERATE(table<std::string, std::string>({
        {R"({"Image":"sha256:x","Driver":"overlay2"})", "/Config/Image is missing"},
        {R"({"Config":{"Image":"busybox"},"Driver":"overlay2"})", "/Image is missing"},
        {R"({"Config":{"Image":"busybox"},"Image":"sha256:75b2"})", "/Driver is missing"},
        {R"({"Config":{"Image":"busybox"},"Image":"sha256:75b2","Driver":"overlay2"})", "is not a sha256 digest"},
        {R"({"Config":{"Image":7},"Image":"x","Driver":"overlay2"})", "/Config/Image must be a string"},
        {R"({"Config":{"Image":"busybox"},"Image":")" + kBusyboxConfig + R"(","Driver":"../x"})", "is not a driver name"},
        {"[]", "not a JSON object"},
        {"{", "not valid JSON"},
    }));
    auto config = parse_container_config(text, "c.json");
    REQUIRE_FALSE(config);
    CHECK(config.error().code() == ErrorCode::kInvalidSpec);
    CHECK_THAT(config.error().message(), Catch::StartsWith("c.json") && Catch::Contains(reason));
}

TEST_CASE("malformed repositories.json is reported with the file and field", "[identity][docker]") {
    const DockerContainerConfig config{"busybox:1.36", kBusyboxConfig, "overlay2"};
    const auto [text, reason] = GENERATE(table<std::string, std::string>({
        {"{", "not valid JSON"},
        {"[]", "/Repositories is missing"},
        {R"({"Repositories":[]})", "/Repositories is missing or not an object"},
        {R"({"Repositories":{"busybox":[]}})", "/Repositories/busybox is not an object"},
        {R"({"Repositories":{"busybox":{"busybox:1.36":1}}})", "/Repositories/busybox/busybox:1.36 is not a string"},
    }));
    auto image = match_repositories(text, "repositories.json", config);
    REQUIRE_FALSE(image);
    CHECK_THAT(image.error().message(), Catch::Contains("repositories.json") && Catch::Contains(reason));
}

TEST_CASE("a Config.Image that is not a reference is refused", "[identity][docker]") {
    auto image = match_repositories(R"({"Repositories":{}})", "r.json", {"Busy Box", kBusyboxConfig, "overlay2"});
    REQUIRE_FALSE(image);
    CHECK_THAT(image.error().message(), Catch::StartsWith("Config.Image"));
}

TEST_CASE("a symlinked config.v2.json is not followed", "[identity][docker]") {
    TempRoot root;
    const auto dir = root.path / "containers" / kPulled;
    std::filesystem::rename(dir / "config.v2.json", dir / "real.json");
    std::filesystem::create_symlink("real.json", dir / "config.v2.json");
    auto image = read_docker_image(root.path.string(), kPulled);
    REQUIRE_FALSE(image);
    CHECK_THAT(image.error().message(), Catch::Contains("config.v2.json is a symbolic link"));
}

TEST_CASE("a symlinked directory below the data-root is not followed", "[identity][docker]") {
    TempRoot root;
    const auto image_dir = root.path / "image";
    std::filesystem::rename(image_dir / "overlay2", root.path / "elsewhere");
    std::filesystem::create_directory_symlink(root.path / "elsewhere", image_dir / "overlay2");
    auto image = read_docker_image(root.path.string(), kPulled);
    REQUIRE_FALSE(image);
    CHECK_THAT(image.error().message(), Catch::Contains("/image/overlay2 is not a directory (or a symbolic link)"));
}

TEST_CASE("a container without a config.v2.json is not found, naming the path", "[identity][docker]") {
    auto image = read_docker_image(kRoot, std::string(64, 'f'));
    REQUIRE_FALSE(image);
    CHECK(image.error().code() == ErrorCode::kNotFound);
    CHECK_THAT(image.error().message(), Catch::Contains("/containers/" + std::string(64, 'f')));
}
