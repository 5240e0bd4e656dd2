// SPDX-License-Identifier: Apache-2.0
// A minimal gRPC client for unary calls over HTTP/2 cleartext on a unix socket, enough to ask
// containerd two questions. Built on libnghttp2 (which links statically, unlike Debian's
// libgrpc++). Contract:
// - Every operation honours one absolute deadline: connect, each write and each read wait at
//   most until then (poll with the remaining time on a non-blocking socket).
// - A call succeeds only with HTTP status 200, grpc-status 0 and exactly one uncompressed
//   message in the body; anything else is an Error. A non-zero grpc-status becomes an Error
//   whose message is the server's grpc-message (percent-decoded); status 5 (NOT_FOUND) maps to
//   kNotFound, every other failure to kIo.
// - Calls on one connection run one after another; after a transport failure the connection
//   refuses further calls.
// nghttp2 stays inside grpc_call.cpp.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.hpp"
#include "base/unique_fd.hpp"

namespace hardrun::identity {

using Deadline = std::chrono::steady_clock::time_point;
using Metadata = std::vector<std::pair<std::string, std::string>>;  // lower-case names

// Responses larger than this are refused: containerd's answers here are a few hundred bytes.
inline constexpr std::size_t kMaxGrpcResponse = 4 * 1024 * 1024;

// The gRPC length-prefixed message: flag byte 0 (uncompressed), 4-byte big-endian length, bytes.
std::string grpc_frame(std::string_view message);

// The one message in a response body; kIo for a truncated, compressed, oversized or
// multi-message body.
Result<std::string> grpc_unframe(std::string_view body);

// grpc-message is percent-encoded (gRPC over HTTP/2 spec); invalid escapes are kept verbatim.
std::string decode_grpc_message(std::string_view text);

class GrpcConnection {
public:
    // Connects to a unix socket at `socket_path` before `deadline`.
    static Result<GrpcConnection> connect_unix(const std::string& socket_path, Deadline deadline);
    // Speaks gRPC on an already connected stream socket (tests use one end of a socketpair).
    static Result<GrpcConnection> adopt(UniqueFd fd);

    GrpcConnection(GrpcConnection&& other) noexcept;
    GrpcConnection& operator=(GrpcConnection&& other) noexcept;
    GrpcConnection(const GrpcConnection&) = delete;
    GrpcConnection& operator=(const GrpcConnection&) = delete;
    ~GrpcConnection();

    // One unary call: `method_path` is "/<package>.<Service>/<Method>"; `request` is the
    // serialised request message (framing is done here); returns the serialised response.
    Result<std::string> call(const std::string& method_path, const Metadata& metadata,
                             std::string_view request, Deadline deadline);

    struct Impl;

private:
    explicit GrpcConnection(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace hardrun::identity
