// SPDX-License-Identifier: Apache-2.0
#include "registry/http_client.hpp"

#include <chrono>
#include <string>
#include <thread>

#include <catch2/catch.hpp>

#include "fake_registry.hpp"

using namespace hardrun::registry;
using hardrun::testing::CannedResponse;
using hardrun::testing::FakeRegistry;
using namespace std::chrono_literals;

namespace {
HttpRequest get(const std::string& url, std::size_t max_body = 1024) {
    return HttpRequest{"GET", url, {"Accept: text/plain"}, max_body, true};
}
}  // namespace

TEST_CASE("a response carries status, body and lower-cased headers", "[registry][http]") {
    FakeRegistry server;
    server.on("/v2/", CannedResponse{
                          200, {"Docker-Content-Digest: sha256:x", "X-Two:  spaced  "}, "hello"});
    HttpClient http;
    const Deadline deadline(5000ms);
    auto r = http.perform(get("http://" + server.host() + "/v2/"), deadline);
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(r->body == "hello");
    CHECK(r->header("docker-content-digest") == "sha256:x");
    CHECK(r->header("x-two") == "spaced");
    CHECK(r->header("absent").empty());
    CHECK_THAT(server.requests().at(0).head, Catch::Contains("Accept: text/plain"));
}

TEST_CASE("HTTP errors are responses, not failures", "[registry][http]") {
    FakeRegistry server;
    HttpClient http;
    const Deadline deadline(5000ms);
    auto r = http.perform(get("http://" + server.host() + "/nothing"), deadline);
    REQUIRE(r);
    CHECK(r->status == 404);
}

TEST_CASE("HEAD sends no body request and returns the headers", "[registry][http]") {
    FakeRegistry server;
    server.on("/m", CannedResponse{200, {"Docker-Content-Digest: sha256:y"}, "body"});
    HttpClient http;
    const Deadline deadline(5000ms);
    HttpRequest req = get("http://" + server.host() + "/m");
    req.method = "HEAD";
    auto r = http.perform(req, deadline);
    REQUIRE(r);
    CHECK(r->header("docker-content-digest") == "sha256:y");
    CHECK(r->body.empty());
    CHECK(server.requests().at(0).method == "HEAD");
}

TEST_CASE("bodies over the cap are refused", "[registry][http]") {
    FakeRegistry server;
    server.on("/big", CannedResponse{200, {}, std::string(2048, 'x')});
    server.on("/fits", CannedResponse{200, {}, std::string(1024, 'x')});
    HttpClient http;
    const Deadline deadline(5000ms);
    auto big = http.perform(get("http://" + server.host() + "/big", 1024), deadline);
    REQUIRE_FALSE(big);
    CHECK_THAT(big.error().message(), Catch::Contains("larger than 1024 bytes"));
    auto fits = http.perform(get("http://" + server.host() + "/fits", 1024), deadline);
    REQUIRE(fits);
    CHECK(fits->body.size() == 1024);
}

TEST_CASE("redirects are followed, and the final URL is reported", "[registry][http]") {
    FakeRegistry server;
    server.on("/blob", CannedResponse{307, {"Location: /storage/blob"}, ""});
    server.on("/storage/blob", CannedResponse{200, {"X-From: storage"}, "data"});
    HttpClient http;
    const Deadline deadline(5000ms);
    auto r = http.perform(get("http://" + server.host() + "/blob"), deadline);
    REQUIRE(r);
    CHECK(r->body == "data");
    CHECK(r->header("x-from") == "storage");
    CHECK(r->url == "http://" + server.host() + "/storage/blob");
}

TEST_CASE("redirect loops stop after a few hops", "[registry][http]") {
    FakeRegistry server;
    server.on("/loop", CannedResponse{302, {"Location: /loop"}, ""});
    HttpClient http;
    const Deadline deadline(5000ms);
    auto r = http.perform(get("http://" + server.host() + "/loop"), deadline);
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().message(), Catch::Contains("curl error 47"));
}

TEST_CASE("a redirect to plain HTTP is refused when the request does not allow it",
          "[registry][http]") {
    FakeRegistry server;
    server.on("/r", CannedResponse{302, {"Location: http://" + server.host() + "/x"}, ""});
    HttpClient http;
    const Deadline deadline(5000ms);
    HttpRequest req = get("http://" + server.host() + "/r");
    req.allow_plain_http = false;
    auto r = http.perform(req, deadline);
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().message(), Catch::Contains("curl error 1)"));
}

TEST_CASE("a server that accepts but never answers is given up on at the deadline",
          "[registry][http]") {
    FakeRegistry silent(/*silent=*/true);
    HttpClient http;
    const Deadline deadline(300ms);
    const auto start = std::chrono::steady_clock::now();
    auto r = http.perform(get("http://" + silent.host() + "/v2/"), deadline);
    const auto took = std::chrono::steady_clock::now() - start;
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().message(), Catch::Contains("timed out (deadline 300 ms)"));
    CHECK_THAT(r.error().message(), Catch::Contains("GET http://" + silent.host() + "/v2/"));
    CHECK(took <
          2000ms);  // generous: the machine may be loaded; without the deadline it would hang
}

TEST_CASE("no request starts once the deadline has passed", "[registry][http]") {
    FakeRegistry server;
    HttpClient http;
    const Deadline deadline(1ms);
    std::this_thread::sleep_for(5ms);
    auto r = http.perform(get("http://" + server.host() + "/v2/"), deadline);
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().message(),
               Catch::Contains("not started, the deadline of 1 ms has passed"));
    CHECK(server.requests().empty());
}

TEST_CASE("a refused connection names the URL and curl's error", "[registry][http]") {
    std::string host;
    {
        FakeRegistry gone;
        host = gone.host();
    }  // the port is closed again
    HttpClient http;
    const Deadline deadline(2000ms);
    auto r = http.perform(get("http://" + host + "/v2/"), deadline);
    REQUIRE_FALSE(r);
    CHECK(r.error().code() == hardrun::ErrorCode::kIo);
    CHECK_THAT(r.error().message(), Catch::Contains("GET http://" + host + "/v2/"));
    CHECK_THAT(r.error().message(), Catch::Contains("curl error 7"));
}
