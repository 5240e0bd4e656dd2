// SPDX-License-Identifier: Apache-2.0
#include <sys/socket.h>

#include <catch2/catch.hpp>

#include <filesystem>
#include <memory>
#include <optional>

#include "fake_grpc_server.hpp"
#include "identity/grpc_call.hpp"

using hardrun::ErrorCode;
using hardrun::UniqueFd;
using namespace hardrun::identity;
using namespace hardrun::identity::testing;
using namespace std::chrono_literals;

namespace {

Deadline in(std::chrono::milliseconds ms) { return std::chrono::steady_clock::now() + ms; }

// A client connection and a fake server on the two ends of a socketpair.
struct Pair {
    std::optional<GrpcConnection> client;
    std::unique_ptr<FakeGrpcServer> server;

    explicit Pair(FakeHandler handler) {
        int fds[2];
        REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) == 0);
        server = std::make_unique<FakeGrpcServer>(UniqueFd(fds[1]), std::move(handler));
        auto conn = GrpcConnection::adopt(UniqueFd(fds[0]));
        REQUIRE(conn);
        client.emplace(std::move(*conn));
    }
    ~Pair() {
        client.reset();  // closes the client end, so the server's session ends
        server.reset();
    }
};

FakeResponse answer(std::string message) {
    FakeResponse r;
    r.body = grpc_frame(message);
    return r;
}

}  // namespace

TEST_CASE("grpc_frame prefixes a flag byte and the big-endian length", "[identity][grpc]") {
    CHECK(grpc_frame("abc") == std::string("\0\0\0\0\3abc", 8));
    CHECK(grpc_frame("") == std::string(5, '\0'));
    CHECK(grpc_frame(std::string(258, 'x')).substr(0, 5) == std::string("\0\0\0\1\2", 5));
}

TEST_CASE("grpc_unframe returns the one message of a body", "[identity][grpc]") {
    auto m = grpc_unframe(grpc_frame("hello"));
    REQUIRE(m);
    CHECK(*m == "hello");
}

TEST_CASE("grpc_unframe refuses bodies that are not exactly one uncompressed message", "[identity][grpc]") {
    const auto [body, reason] = GENERATE(table<std::string, std::string>({
        {"", "shorter than its 5-byte prefix"},
        {std::string("\0\0\0", 3), "shorter than its 5-byte prefix"},
        {std::string("\1\0\0\0\1x", 6), "compressed"},
        {std::string("\0\0\0\0\5abc", 8), "truncated"},
        {std::string("\0\0\0\0\1ab", 7), "more than one message"},
        {std::string("\0\x7f\0\0\0", 5), "too large"},
    }));
    auto m = grpc_unframe(body);
    REQUIRE_FALSE(m);
    CHECK(m.error().code() == ErrorCode::kIo);
    CHECK_THAT(m.error().message(), Catch::Contains(reason));
}

TEST_CASE("grpc-message is percent-decoded and bad escapes are kept", "[identity][grpc]") {
    CHECK(decode_grpc_message("container%20%22x%22: not found") == "container \"x\": not found");
    CHECK(decode_grpc_message("100%") == "100%");
    CHECK(decode_grpc_message("%zz%4") == "%zz%4");
}

TEST_CASE("a unary call sends gRPC's headers, the metadata and a framed request", "[identity][grpc]") {
    Pair p([](const FakeRequest& req) { return answer("re:" + req.body.substr(5)); });
    auto resp = p.client->call("/pkg.Service/Method", {{"containerd-namespace", "k8s.io"}}, "ping", in(2000ms));
    REQUIRE(resp);
    CHECK(*resp == "re:ping");
    const auto reqs = p.server->requests();
    REQUIRE(reqs.size() == 1);
    const auto& h = reqs[0].headers;
    CHECK(reqs[0].path == "/pkg.Service/Method");
    CHECK(h.at(":method") == "POST");
    CHECK(h.at(":scheme") == "http");
    CHECK(h.at(":authority") == "localhost");
    CHECK(h.at("content-type") == "application/grpc");
    CHECK(h.at("te") == "trailers");
    CHECK(h.at("containerd-namespace") == "k8s.io");
    CHECK(reqs[0].body == grpc_frame("ping"));
}

TEST_CASE("calls on one connection run one after another", "[identity][grpc]") {
    Pair p([](const FakeRequest& req) { return answer(req.path); });
    for (const std::string path : {"/a.S/One", "/a.S/Two", "/a.S/Three"}) {
        auto resp = p.client->call(path, {}, "", in(2000ms));
        REQUIRE(resp);
        CHECK(*resp == path);
    }
    CHECK(p.server->requests().size() == 3);
}

TEST_CASE("a non-zero grpc-status in the trailers becomes an error with the server's message",
          "[identity][grpc]") {
    const auto [status, code] = GENERATE(table<std::string, ErrorCode>({
        {"5", ErrorCode::kNotFound},
        {"2", ErrorCode::kIo},
        {"14", ErrorCode::kIo},
    }));
    Pair p([status = status](const FakeRequest&) {
        FakeResponse r;
        r.grpc_status = status;
        r.grpc_message = "container%20%22abc%22%20in%20namespace%20%22default%22: not found";
        return r;
    });
    auto resp = p.client->call("/a.S/M", {}, "", in(2000ms));
    REQUIRE_FALSE(resp);
    CHECK(resp.error().code() == code);
    CHECK(resp.error().message() == "container \"abc\" in namespace \"default\": not found");
}

TEST_CASE("a trailers-only error response is understood", "[identity][grpc]") {
    Pair p([](const FakeRequest&) {
        FakeResponse r;
        r.trailers_only = true;
        r.grpc_status = "5";
        return r;
    });
    auto resp = p.client->call("/a.S/M", {}, "", in(2000ms));
    REQUIRE_FALSE(resp);
    CHECK(resp.error().code() == ErrorCode::kNotFound);
    CHECK(resp.error().message() == "grpc-status 5");
}

TEST_CASE("a response without grpc-status is not trusted", "[identity][grpc]") {
    const auto [http, reason] = GENERATE(table<std::string, std::string>({
        {"200", "carries no grpc-status"},
        {"503", "HTTP status 503"},
    }));
    Pair p([http = http](const FakeRequest&) {
        FakeResponse r = answer("x");
        r.http_status = http;
        r.grpc_status = "";
        return r;
    });
    auto resp = p.client->call("/a.S/M", {}, "", in(2000ms));
    REQUIRE_FALSE(resp);
    CHECK_THAT(resp.error().message(), Catch::Contains(reason));
}

TEST_CASE("a malformed body with status 0 is an error", "[identity][grpc]") {
    Pair p([](const FakeRequest&) {
        FakeResponse r;
        r.body = std::string("\0\0\0\0\7ab", 7);
        return r;
    });
    auto resp = p.client->call("/a.S/M", {}, "", in(2000ms));
    REQUIRE_FALSE(resp);
    CHECK_THAT(resp.error().message(), Catch::Contains("truncated"));
}

TEST_CASE("a server that never answers is abandoned at the deadline, and the connection with it",
          "[identity][grpc]") {
    Pair p([](const FakeRequest&) {
        FakeResponse r;
        r.never_answer = true;
        return r;
    });
    const auto start = std::chrono::steady_clock::now();
    auto resp = p.client->call("/a.S/M", {}, "", in(150ms));
    const auto took = std::chrono::steady_clock::now() - start;
    REQUIRE_FALSE(resp);
    CHECK_THAT(resp.error().message(), Catch::Contains("deadline exceeded"));
    CHECK(took >= 140ms);
    CHECK(took < 1000ms);
    auto again = p.client->call("/a.S/M", {}, "", in(2000ms));
    REQUIRE_FALSE(again);
    CHECK_THAT(again.error().message(), Catch::Contains("failed earlier"));
}

TEST_CASE("a peer that closes the connection ends the call with an error", "[identity][grpc]") {
    int fds[2];
    REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) == 0);
    ::close(fds[1]);
    auto conn = GrpcConnection::adopt(UniqueFd(fds[0]));
    REQUIRE(conn);
    auto resp = conn->call("/a.S/M", {}, "", in(2000ms));
    REQUIRE_FALSE(resp);
    CHECK(resp.error().code() == ErrorCode::kIo);
}

TEST_CASE("connect_unix reports a missing socket and refuses an unusable path", "[identity][grpc]") {
    auto missing = GrpcConnection::connect_unix("/nonexistent/containerd.sock", in(500ms));
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code() == ErrorCode::kNotFound);  // ENOENT
    CHECK_THAT(missing.error().message(), Catch::Contains("connect /nonexistent/containerd.sock"));
    auto long_path = GrpcConnection::connect_unix("/" + std::string(200, 'x'), in(500ms));
    REQUIRE_FALSE(long_path);
    CHECK(long_path.error().code() == ErrorCode::kInvalidArgument);
}

TEST_CASE("connect_unix reaches a listening server", "[identity][grpc]") {
    const auto dir = std::filesystem::temp_directory_path() / ("hardrun-grpc-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string sock = (dir / "s.sock").string();
    {
        FakeGrpcServer server(sock, [](const FakeRequest&) { return answer("pong"); });
        auto conn = GrpcConnection::connect_unix(sock, in(2000ms));
        REQUIRE(conn);
        auto resp = conn->call("/a.S/M", {}, "ping", in(2000ms));
        REQUIRE(resp);
        CHECK(*resp == "pong");
    }
    std::filesystem::remove_all(dir);
}
