// SPDX-License-Identifier: Apache-2.0
// Test support: a gRPC server made of an nghttp2 server session, serving one connected socket
// (a socketpair end) or a listening unix socket on a thread, with answers chosen by a handler.
// Used to test the client's framing, trailers, errors and deadlines without containerd.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "base/unique_fd.hpp"

namespace hardrun::identity::testing {

struct FakeRequest {
    std::string path;
    std::map<std::string, std::string> headers;  // incl. pseudo-headers
    std::string body;                            // as received (framed)
};

struct FakeResponse {
    std::string http_status = "200";
    std::string body;                  // sent as is (use grpc_frame for a message)
    std::string grpc_status = "0";     // "" = no grpc-status at all
    std::string grpc_message;          // sent verbatim (already percent-encoded)
    bool trailers_only = false;        // grpc-status in the response headers, no body
    bool never_answer = false;         // leave the stream open (client deadline tests)
};

using FakeHandler = std::function<FakeResponse(const FakeRequest&)>;

class FakeGrpcServer {
public:
    // Serves the connected socket `fd` until the peer closes it.
    FakeGrpcServer(UniqueFd fd, FakeHandler handler);
    // Listens on a unix socket at `path`, serving each connection in turn until destroyed.
    FakeGrpcServer(const std::string& path, FakeHandler handler);

    FakeGrpcServer(const FakeGrpcServer&) = delete;
    FakeGrpcServer& operator=(const FakeGrpcServer&) = delete;
    ~FakeGrpcServer();

    std::vector<FakeRequest> requests() const;
    void record(FakeRequest request);
    FakeResponse answer(const FakeRequest& request) const { return handler_(request); }
    bool stopping() const { return stop_; }

private:
    void serve(int fd);
    void accept_loop();

    FakeHandler handler_;
    UniqueFd fd_;
    std::atomic<bool> stop_{false};
    mutable std::mutex mu_;
    std::vector<FakeRequest> requests_;
    std::thread thread_;
};

}  // namespace hardrun::identity::testing
