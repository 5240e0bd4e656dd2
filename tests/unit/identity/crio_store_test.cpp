// SPDX-License-Identifier: Apache-2.0
#include <catch2/catch.hpp>

#include "identity/crio_store.hpp"

using hardrun::ErrorCode;
using hardrun::Json;
using namespace hardrun::identity;

namespace {

const std::string kStorage = std::string(HARDRUN_FIXTURES) + "/identity/crio";
const std::string kWebId = "abababababababababababababababababababababababababababababababab";
const std::string kBuiltId = "5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e";

Json spec_with(const std::string& name, const std::string& ref) {
    Json annotations = Json::object();
    if (!name.empty()) annotations["io.kubernetes.cri-o.ImageName"] = name;
    if (!ref.empty()) annotations["io.kubernetes.cri-o.ImageRef"] = ref;
    return Json{{"annotations", annotations}};
}

}  // namespace

TEST_CASE("CRI-O's annotations give the image name and ID, with or without sha256:", "[identity][crio]") {
    for (const std::string& ref : {kWebId, "sha256:" + kWebId}) {
        auto a = read_crio_annotations(spec_with("registry.example:5000/web:1.4", ref));
        REQUIRE(a);
        CHECK(a->image_name == "registry.example:5000/web:1.4");
        CHECK(a->image_id == kWebId);
    }
}

TEST_CASE("CRI-O annotations that are missing or malformed are explained", "[identity][crio]") {
    auto none = read_crio_annotations(Json::object());
    REQUIRE_FALSE(none);
    CHECK(none.error().code() == ErrorCode::kNotFound);
    CHECK_THAT(none.error().message(), Catch::Contains("no io.kubernetes.cri-o.ImageRef annotation"));

    auto short_id = read_crio_annotations(spec_with("web", "abab"));
    REQUIRE_FALSE(short_id);
    CHECK(short_id.error().code() == ErrorCode::kInvalidSpec);
    CHECK_THAT(short_id.error().message(), Catch::Contains("\"abab\" is not an image ID"));

    auto no_name = read_crio_annotations(spec_with("", kWebId));
    REQUIRE_FALSE(no_name);
    CHECK(no_name.error().code() == ErrorCode::kInvalidSpec);
    CHECK_THAT(no_name.error().message(), Catch::Contains("io.kubernetes.cri-o.ImageName"));

    auto wrong_type = read_crio_annotations(Json::parse(R"({"annotations":{"io.kubernetes.cri-o.ImageRef":1}})"));
    REQUIRE_FALSE(wrong_type);
    CHECK_THAT(wrong_type.error().message(), Catch::Contains("must be a string"));
}

TEST_CASE("containers-storage's images.json gives the digest and the names' digests under the repository",
          "[identity][crio]") {
    auto image = read_crio_image(kStorage, {"registry.example:5000/web:1.4", kWebId});
    REQUIRE(image);
    CHECK(image->repository == "registry.example:5000/web");
    CHECK(image->config_digest == "sha256:" + kWebId);
    // "digest" first, then the other digest named under the same repository; the mirror's is not ours.
    CHECK(image->manifest_digests ==
          std::vector<std::string>{"sha256:cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd",
                                   "sha256:efefefefefefefefefefefefefefefefefefefefefefefefefefefefefefefef"});
}

TEST_CASE("an image that containers-storage does not list, or lists without a digest, is explained",
          "[identity][crio]") {
    auto missing = read_crio_image(kStorage, {"web", std::string(64, '0')});
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code() == ErrorCode::kNotFound);
    CHECK_THAT(missing.error().message(), Catch::Contains("is not in") && Catch::Contains("images.json"));

    auto built = read_crio_image(kStorage, {"localhost/built:latest", kBuiltId});
    REQUIRE_FALSE(built);
    CHECK(built.error().code() == ErrorCode::kNotFound);
    CHECK_THAT(built.error().message(), Catch::Contains("has no manifest digest"));
}

TEST_CASE("a missing store is not found, naming the path", "[identity][crio]") {
    auto image = read_crio_image("/nonexistent/storage", {"web", kWebId});
    REQUIRE_FALSE(image);
    CHECK(image.error().code() == ErrorCode::kNotFound);
    CHECK_THAT(image.error().message(), Catch::Contains("/nonexistent/storage"));
}

TEST_CASE("malformed images.json is reported with the file and the entry", "[identity][crio]") {
    const std::string id(64, 'a');
    const auto [text, reason] = GENERATE_REF(table<std::string, std::string>({
        {"{", "not valid JSON"},
        {"{}", "not a JSON array"},
        {"[1]", "/0 is not an object"},
        {R"([{"id":1}])", "/id must be a string"},
        {R"([{"id":")" + id + R"(","digest":"md5:x"}])", "/0/digest is not a sha256 digest"},
        {R"([{"id":")" + id + R"(","digest":7}])", "/digest must be a string"},
        {R"([{"id":")" + id + R"(","names":"web"}])", "/names must be an array of strings"},
    }));
    auto image = match_crio_images(text, "images.json", {"web", id});
    REQUIRE_FALSE(image);
    CHECK_THAT(image.error().message(), Catch::StartsWith("images.json") && Catch::Contains(reason));
}

TEST_CASE("an ImageName that is not a reference is refused", "[identity][crio]") {
    auto image = match_crio_images("[]", "images.json", {"Not A Name", kWebId});
    REQUIRE_FALSE(image);
    CHECK_THAT(image.error().message(), Catch::StartsWith("io.kubernetes.cri-o.ImageName"));
}
