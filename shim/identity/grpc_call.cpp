// SPDX-License-Identifier: Apache-2.0
#include "identity/grpc_call.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <nghttp2/nghttp2.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <optional>

namespace hardrun::identity {
namespace {

constexpr std::size_t kPrefix = 5;

struct SessionDeleter {
    void operator()(nghttp2_session* s) const { nghttp2_session_del(s); }
};
struct CallbacksDeleter {
    void operator()(nghttp2_session_callbacks* c) const { nghttp2_session_callbacks_del(c); }
};
using SessionPtr = std::unique_ptr<nghttp2_session, SessionDeleter>;

// What one call's stream has received so far.
struct Stream {
    int32_t id = -1;
    std::string_view request;  // the framed request, sent by the data provider
    std::size_t sent = 0;
    std::string http_status;
    std::optional<std::string> grpc_status;
    std::string grpc_message;
    std::string body;
    bool too_large = false;
    bool closed = false;
    uint32_t reset_code = 0;
};

int remaining_ms(Deadline deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    return static_cast<int>(std::clamp<std::chrono::milliseconds::rep>(left.count(), 0, 1 << 30));
}

// Waits for `events` on fd until the deadline; kIo on timeout.
Result<void> wait_for(int fd, short events, Deadline deadline) {
    for (;;) {
        const int ms = remaining_ms(deadline);
        if (ms <= 0) return Error(ErrorCode::kIo, "deadline exceeded");
        pollfd p{fd, events, 0};
        const int n = ::poll(&p, 1, ms);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return io_error("poll", errno);
        if (n > 0) return ok();
    }
}

Result<void> write_all(int fd, const uint8_t* data, std::size_t size, Deadline deadline) {
    while (size > 0) {
        const ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno == EAGAIN) {
            HARDRUN_RETURN_IF_ERROR(wait_for(fd, POLLOUT, deadline));
            continue;
        }
        if (n < 0) return io_error("write", errno);
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return ok();
}

std::string_view as_view(const uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

nghttp2_nv header(const std::string& name, const std::string& value) {
    // nghttp2 copies names and values (no NO_COPY flags), so the casts never let it write.
    return nghttp2_nv{reinterpret_cast<uint8_t*>(const_cast<char*>(name.data())),
                      reinterpret_cast<uint8_t*>(const_cast<char*>(value.data())), name.size(),
                      value.size(), NGHTTP2_NV_FLAG_NONE};
}

}  // namespace

struct GrpcConnection::Impl {
    UniqueFd fd;
    SessionPtr session;
    Stream* active = nullptr;
    bool broken = false;

    Result<void> init();
    Result<void> flush(Deadline deadline);
    Result<void> pump(Deadline deadline);
    Result<std::string> finish(const Stream& stream) const;
};

namespace {

GrpcConnection::Impl& impl_of(void* user_data) { return *static_cast<GrpcConnection::Impl*>(user_data); }

int on_header(nghttp2_session*, const nghttp2_frame* frame, const uint8_t* name, std::size_t namelen,
              const uint8_t* value, std::size_t valuelen, uint8_t, void* user_data) {
    Stream* s = impl_of(user_data).active;
    if (s == nullptr || frame->hd.stream_id != s->id) return 0;
    const auto n = as_view(name, namelen);
    const auto v = as_view(value, valuelen);
    if (n == ":status") s->http_status = v;
    else if (n == "grpc-status") s->grpc_status = std::string(v);
    else if (n == "grpc-message") s->grpc_message = decode_grpc_message(v);
    return 0;
}

int on_data(nghttp2_session* session, uint8_t, int32_t stream_id, const uint8_t* data, std::size_t len,
            void* user_data) {
    Stream* s = impl_of(user_data).active;
    if (s == nullptr || stream_id != s->id) return 0;
    if (s->body.size() + len > kMaxGrpcResponse + kPrefix) {
        s->too_large = true;
        nghttp2_submit_rst_stream(session, NGHTTP2_FLAG_NONE, stream_id, NGHTTP2_CANCEL);
        return 0;
    }
    s->body.append(as_view(data, len));
    return 0;
}

int on_close(nghttp2_session*, int32_t stream_id, uint32_t error_code, void* user_data) {
    Stream* s = impl_of(user_data).active;
    if (s == nullptr || stream_id != s->id) return 0;
    s->closed = true;
    s->reset_code = error_code;
    return 0;
}

ssize_t read_request(nghttp2_session*, int32_t, uint8_t* buf, std::size_t length, uint32_t* flags,
                     nghttp2_data_source* source, void*) {
    auto* s = static_cast<Stream*>(source->ptr);
    const std::size_t n = std::min(length, s->request.size() - s->sent);
    std::memcpy(buf, s->request.data() + s->sent, n);
    s->sent += n;
    if (s->sent == s->request.size()) *flags |= NGHTTP2_DATA_FLAG_EOF;
    return static_cast<ssize_t>(n);
}

}  // namespace

Result<void> GrpcConnection::Impl::init() {
    nghttp2_session_callbacks* raw = nullptr;
    if (nghttp2_session_callbacks_new(&raw) != 0) return Error(ErrorCode::kInternal, "nghttp2: out of memory");
    std::unique_ptr<nghttp2_session_callbacks, CallbacksDeleter> callbacks(raw);
    nghttp2_session_callbacks_set_on_header_callback(raw, on_header);
    nghttp2_session_callbacks_set_on_data_chunk_recv_callback(raw, on_data);
    nghttp2_session_callbacks_set_on_stream_close_callback(raw, on_close);
    nghttp2_session* s = nullptr;
    if (nghttp2_session_client_new(&s, raw, this) != 0) return Error(ErrorCode::kInternal, "nghttp2: out of memory");
    session.reset(s);
    const nghttp2_settings_entry no_push{NGHTTP2_SETTINGS_ENABLE_PUSH, 0};
    if (const int rv = nghttp2_submit_settings(s, NGHTTP2_FLAG_NONE, &no_push, 1); rv != 0) {
        return Error(ErrorCode::kInternal, std::string("nghttp2 settings: ") + nghttp2_strerror(rv));
    }
    return ok();
}

// Writes everything nghttp2 has queued (the client preface, SETTINGS, HEADERS, DATA, ACKs).
Result<void> GrpcConnection::Impl::flush(Deadline deadline) {
    for (;;) {
        const uint8_t* data = nullptr;
        const ssize_t n = nghttp2_session_mem_send(session.get(), &data);
        if (n < 0) return Error(ErrorCode::kIo, std::string("http2: ") + nghttp2_strerror(static_cast<int>(n)));
        if (n == 0) return ok();
        HARDRUN_RETURN_IF_ERROR(write_all(fd.get(), data, static_cast<std::size_t>(n), deadline));
    }
}

// Sends and receives until the active stream is closed.
Result<void> GrpcConnection::Impl::pump(Deadline deadline) {
    std::array<uint8_t, 16384> buf{};
    for (;;) {
        HARDRUN_RETURN_IF_ERROR(flush(deadline));
        if (active->closed) return ok();
        if (nghttp2_session_want_read(session.get()) == 0) {
            return Error(ErrorCode::kIo, "the server ended the HTTP/2 session");
        }
        HARDRUN_RETURN_IF_ERROR(wait_for(fd.get(), POLLIN, deadline));
        const ssize_t n = ::recv(fd.get(), buf.data(), buf.size(), 0);
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
        if (n < 0) return io_error("read", errno);
        if (n == 0) return Error(ErrorCode::kIo, "the server closed the connection before the response ended");
        const ssize_t used = nghttp2_session_mem_recv(session.get(), buf.data(), static_cast<std::size_t>(n));
        if (used < 0) return Error(ErrorCode::kIo, std::string("http2: ") + nghttp2_strerror(static_cast<int>(used)));
    }
}

Result<std::string> GrpcConnection::Impl::finish(const Stream& s) const {
    if (s.too_large) return Error(ErrorCode::kIo, "response larger than " + std::to_string(kMaxGrpcResponse) + " bytes");
    if (!s.grpc_status) {
        if (s.reset_code != 0) {
            return Error(ErrorCode::kIo, std::string("stream reset: ") + nghttp2_http2_strerror(s.reset_code));
        }
        if (s.http_status != "200") return Error(ErrorCode::kIo, "HTTP status " + s.http_status + ", not a gRPC response");
        return Error(ErrorCode::kIo, "the response carries no grpc-status");
    }
    if (*s.grpc_status != "0") {
        const auto code = *s.grpc_status == "5" ? ErrorCode::kNotFound : ErrorCode::kIo;
        return Error(code, s.grpc_message.empty() ? "grpc-status " + *s.grpc_status : s.grpc_message);
    }
    if (s.http_status != "200") return Error(ErrorCode::kIo, "HTTP status " + s.http_status);
    return grpc_unframe(s.body);
}

GrpcConnection::GrpcConnection(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
GrpcConnection::GrpcConnection(GrpcConnection&& other) noexcept = default;
GrpcConnection& GrpcConnection::operator=(GrpcConnection&& other) noexcept = default;
GrpcConnection::~GrpcConnection() = default;

Result<GrpcConnection> GrpcConnection::adopt(UniqueFd fd) {
    const int flags = ::fcntl(fd.get(), F_GETFL);
    if (flags < 0 || ::fcntl(fd.get(), F_SETFL, flags | O_NONBLOCK) < 0) return io_error("fcntl", errno);
    auto impl = std::make_unique<Impl>();
    impl->fd = std::move(fd);
    HARDRUN_RETURN_IF_ERROR(impl->init());
    return GrpcConnection(std::move(impl));
}

Result<GrpcConnection> GrpcConnection::connect_unix(const std::string& socket_path, Deadline deadline) {
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (socket_path.empty() || socket_path.size() >= sizeof(addr.sun_path)) {
        return Error(ErrorCode::kInvalidArgument, "socket path \"" + socket_path + "\" is empty or too long");
    }
    std::memcpy(addr.sun_path, socket_path.c_str(), socket_path.size() + 1);
    // Non-blocking so that connect and every later write are bounded by the deadline.
    UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    if (!fd.valid()) return io_error("socket", errno);
    if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) != 0) {
        if (errno != EINPROGRESS) return io_error("connect " + socket_path, errno);
        HARDRUN_RETURN_IF_ERROR(wait_for(fd.get(), POLLOUT, deadline));
        int err = 0;
        socklen_t len = sizeof(err);
        if (::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &err, &len) != 0) return io_error("getsockopt", errno);
        if (err != 0) return io_error("connect " + socket_path, err);
    }
    return adopt(std::move(fd));
}

Result<std::string> GrpcConnection::call(const std::string& method_path, const Metadata& metadata,
                                         std::string_view request, Deadline deadline) {
    Impl& im = *impl_;
    if (im.broken) return Error(ErrorCode::kIo, "the connection failed earlier");
    const std::string framed = grpc_frame(request);
    Stream stream;
    stream.request = framed;
    const std::array<std::pair<std::string, std::string>, 6> fixed = {{
        {":method", "POST"}, {":scheme", "http"}, {":path", method_path}, {":authority", "localhost"},
        {"content-type", "application/grpc"}, {"te", "trailers"},
    }};
    std::vector<nghttp2_nv> nva;
    for (const auto& [n, v] : fixed) nva.push_back(header(n, v));
    for (const auto& [n, v] : metadata) nva.push_back(header(n, v));
    nghttp2_data_provider body{};
    body.source.ptr = &stream;
    body.read_callback = read_request;
    stream.id = nghttp2_submit_request(im.session.get(), nullptr, nva.data(), nva.size(), &body, nullptr);
    if (stream.id < 0) return Error(ErrorCode::kIo, std::string("http2 request: ") + nghttp2_strerror(stream.id));
    im.active = &stream;
    auto pumped = im.pump(deadline);
    im.active = nullptr;
    if (!pumped) {
        im.broken = true;
        return pumped.error().with_context(method_path);
    }
    auto response = im.finish(stream);
    if (!response) return response.error();
    return response;
}

std::string grpc_frame(std::string_view message) {
    std::string out(kPrefix, '\0');
    const auto n = static_cast<uint32_t>(message.size());
    out[1] = static_cast<char>((n >> 24) & 0xff);
    out[2] = static_cast<char>((n >> 16) & 0xff);
    out[3] = static_cast<char>((n >> 8) & 0xff);
    out[4] = static_cast<char>(n & 0xff);
    out.append(message);
    return out;
}

Result<std::string> grpc_unframe(std::string_view body) {
    if (body.size() < kPrefix) return Error(ErrorCode::kIo, "gRPC response body shorter than its 5-byte prefix");
    if (body[0] != 0) return Error(ErrorCode::kIo, "gRPC response is compressed (flag " + std::to_string(static_cast<int>(body[0])) + ")");
    uint32_t n = 0;
    for (std::size_t i = 1; i < kPrefix; ++i) n = (n << 8) | static_cast<unsigned char>(body[i]);
    if (n > kMaxGrpcResponse) return Error(ErrorCode::kIo, "gRPC message of " + std::to_string(n) + " bytes is too large");
    if (body.size() - kPrefix < n) return Error(ErrorCode::kIo, "gRPC message truncated");
    if (body.size() - kPrefix > n) return Error(ErrorCode::kIo, "gRPC response holds more than one message");
    return std::string(body.substr(kPrefix));
}

std::string decode_grpc_message(std::string_view text) {
    auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
            out.push_back(static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2])));
            i += 2;
        } else {
            out.push_back(text[i]);
        }
    }
    return out;
}

}  // namespace hardrun::identity
