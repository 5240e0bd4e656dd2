// SPDX-License-Identifier: Apache-2.0
#include "fake_grpc_server.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <nghttp2/nghttp2.h>

#include <array>
#include <cstring>
#include <memory>

namespace hardrun::identity::testing {
namespace {

struct Stream {
    FakeRequest request;
    FakeResponse response;
    std::size_t sent = 0;
};

struct Session {
    FakeGrpcServer* server = nullptr;
    nghttp2_session* h2 = nullptr;
    std::map<int32_t, std::unique_ptr<Stream>> streams;
};

std::string str(const uint8_t* p, std::size_t n) { return {reinterpret_cast<const char*>(p), n}; }

// Views of literals or of strings that outlive the submit call (nghttp2 copies them there).
nghttp2_nv nv(std::string_view n, std::string_view v) {
    return {reinterpret_cast<uint8_t*>(const_cast<char*>(n.data())),
            reinterpret_cast<uint8_t*>(const_cast<char*>(v.data())), n.size(), v.size(), NGHTTP2_NV_FLAG_NONE};
}

Session& of(void* p) { return *static_cast<Session*>(p); }

ssize_t read_body(nghttp2_session* h2, int32_t id, uint8_t* buf, std::size_t len, uint32_t* flags,
                  nghttp2_data_source* src, void*) {
    auto* s = static_cast<Stream*>(src->ptr);
    const auto& body = s->response.body;
    const std::size_t n = std::min(len, body.size() - s->sent);
    std::memcpy(buf, body.data() + s->sent, n);
    s->sent += n;
    if (s->sent == body.size()) {
        *flags |= NGHTTP2_DATA_FLAG_EOF;
        if (!s->response.grpc_status.empty()) {
            *flags |= NGHTTP2_DATA_FLAG_NO_END_STREAM;
            std::vector<nghttp2_nv> trailers{nv("grpc-status", s->response.grpc_status)};
            if (!s->response.grpc_message.empty()) trailers.push_back(nv("grpc-message", s->response.grpc_message));
            nghttp2_submit_trailer(h2, id, trailers.data(), trailers.size());
        }
    }
    return static_cast<ssize_t>(n);
}

void respond(Session& s, int32_t id, Stream& st) {
    st.response = s.server->answer(st.request);
    s.server->record(st.request);
    const auto& r = st.response;
    if (r.never_answer) return;
    std::vector<nghttp2_nv> headers{nv(":status", r.http_status), nv("content-type", "application/grpc")};
    if (r.trailers_only) {
        headers.push_back(nv("grpc-status", r.grpc_status));
        if (!r.grpc_message.empty()) headers.push_back(nv("grpc-message", r.grpc_message));
        nghttp2_submit_response(s.h2, id, headers.data(), headers.size(), nullptr);
        return;
    }
    nghttp2_data_provider provider{};
    provider.source.ptr = &st;
    provider.read_callback = read_body;
    nghttp2_submit_response(s.h2, id, headers.data(), headers.size(), &provider);
}

int on_begin_headers(nghttp2_session*, const nghttp2_frame* f, void* p) {
    if (f->hd.type == NGHTTP2_HEADERS && f->headers.cat == NGHTTP2_HCAT_REQUEST) {
        of(p).streams[f->hd.stream_id] = std::make_unique<Stream>();
    }
    return 0;
}

int on_header(nghttp2_session*, const nghttp2_frame* f, const uint8_t* n, std::size_t nl, const uint8_t* v,
              std::size_t vl, uint8_t, void* p) {
    auto it = of(p).streams.find(f->hd.stream_id);
    if (it == of(p).streams.end()) return 0;
    auto& req = it->second->request;
    req.headers[str(n, nl)] = str(v, vl);
    if (str(n, nl) == ":path") req.path = str(v, vl);
    return 0;
}

int on_data(nghttp2_session*, uint8_t, int32_t id, const uint8_t* d, std::size_t n, void* p) {
    auto it = of(p).streams.find(id);
    if (it != of(p).streams.end()) it->second->request.body += str(d, n);
    return 0;
}

int on_frame(nghttp2_session*, const nghttp2_frame* f, void* p) {
    const bool request_done = (f->hd.type == NGHTTP2_DATA || f->hd.type == NGHTTP2_HEADERS) &&
                              (f->hd.flags & NGHTTP2_FLAG_END_STREAM) != 0;
    auto it = of(p).streams.find(f->hd.stream_id);
    if (request_done && it != of(p).streams.end()) respond(of(p), f->hd.stream_id, *it->second);
    return 0;
}

void run_session(FakeGrpcServer* server, int fd) {
    nghttp2_session_callbacks* cb = nullptr;
    nghttp2_session_callbacks_new(&cb);
    nghttp2_session_callbacks_set_on_begin_headers_callback(cb, on_begin_headers);
    nghttp2_session_callbacks_set_on_header_callback(cb, on_header);
    nghttp2_session_callbacks_set_on_data_chunk_recv_callback(cb, on_data);
    nghttp2_session_callbacks_set_on_frame_recv_callback(cb, on_frame);
    Session s;
    s.server = server;
    nghttp2_session_server_new(&s.h2, cb, &s);
    nghttp2_session_callbacks_del(cb);
    nghttp2_submit_settings(s.h2, NGHTTP2_FLAG_NONE, nullptr, 0);
    auto flush = [&] {
        const uint8_t* out = nullptr;
        for (ssize_t n; (n = nghttp2_session_mem_send(s.h2, &out)) > 0;) {
            if (::send(fd, out, static_cast<std::size_t>(n), MSG_NOSIGNAL) != n) return false;
        }
        return true;
    };
    std::array<uint8_t, 16384> buf{};
    while (!server->stopping() && flush()) {
        pollfd pfd{fd, POLLIN, 0};
        if (::poll(&pfd, 1, 50) <= 0) continue;
        const ssize_t n = ::recv(fd, buf.data(), buf.size(), 0);
        if (n <= 0 || nghttp2_session_mem_recv(s.h2, buf.data(), static_cast<std::size_t>(n)) < 0) break;
    }
    nghttp2_session_del(s.h2);
}

}  // namespace

FakeGrpcServer::FakeGrpcServer(UniqueFd fd, FakeHandler handler)
    : handler_(std::move(handler)), fd_(std::move(fd)) {
    thread_ = std::thread([this] { run_session(this, fd_.get()); });
}

FakeGrpcServer::FakeGrpcServer(const std::string& path, FakeHandler handler) : handler_(std::move(handler)) {
    fd_.reset(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, path.c_str(), sizeof(addr.sun_path) - 1);
    if (::bind(fd_.get(), reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 || ::listen(fd_.get(), 8) != 0) {
        throw std::runtime_error("fake server: cannot listen on " + path);
    }
    thread_ = std::thread([this] { accept_loop(); });
}

void FakeGrpcServer::accept_loop() {
    while (!stop_) {
        pollfd pfd{fd_.get(), POLLIN, 0};
        if (::poll(&pfd, 1, 50) <= 0) continue;
        UniqueFd conn(::accept4(fd_.get(), nullptr, nullptr, SOCK_CLOEXEC));
        if (conn.valid()) run_session(this, conn.get());
    }
}

FakeGrpcServer::~FakeGrpcServer() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
}

std::vector<FakeRequest> FakeGrpcServer::requests() const {
    std::lock_guard lock(mu_);
    return requests_;
}

void FakeGrpcServer::record(FakeRequest request) {
    std::lock_guard lock(mu_);
    requests_.push_back(std::move(request));
}

}  // namespace hardrun::identity::testing
