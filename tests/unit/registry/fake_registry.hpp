// SPDX-License-Identifier: Apache-2.0
// A scripted HTTP/1.1 server on 127.0.0.1 for the registry client's tests: each request path
// (with query) maps to a canned response; unknown paths get 404. One connection at a time,
// "Connection: close" after every answer. Requests are recorded (method, target, headers).
// `silent` mode accepts connections and never answers (for deadline tests).
#pragma once

#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>

namespace hardrun::testing {

struct CannedResponse {
    int status = 200;
    std::vector<std::string> headers;  // "Name: value"
    std::string body;
};

struct RecordedRequest {
    std::string method;
    std::string target;
    std::string head;  // the request line and headers, verbatim
};

class FakeRegistry {
  public:
    explicit FakeRegistry(bool silent = false) : silent_(silent) {
        fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof addr;
        if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
            ::listen(fd_, 16) != 0 ||
            ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
            throw std::runtime_error("fake registry: cannot listen");
        }
        port_ = ntohs(addr.sin_port);
        thread_ = std::thread([this] { serve(); });
    }
    ~FakeRegistry() {
        stop_ = true;
        thread_.join();
        for (int fd : held_) ::close(fd);
        ::close(fd_);
    }
    FakeRegistry(const FakeRegistry&) = delete;
    FakeRegistry& operator=(const FakeRegistry&) = delete;

    std::string host() const { return "127.0.0.1:" + std::to_string(port_); }
    void on(const std::string& target, CannedResponse response) {
        std::lock_guard lock(mu_);
        routes_[target] = std::move(response);
    }
    std::vector<RecordedRequest> requests() const {
        std::lock_guard lock(mu_);
        return requests_;
    }

  private:
    void serve() {
        while (!stop_) {
            pollfd p{fd_, POLLIN, 0};
            if (::poll(&p, 1, 20) <= 0) continue;
            const int conn = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
            if (conn < 0) continue;
            if (silent_) {
                held_.push_back(conn);  // never read, never answered
                continue;
            }
            handle(conn);
            ::close(conn);
        }
    }

    void handle(int conn) {
        std::string head;
        char buf[4096];
        while (head.find("\r\n\r\n") == std::string::npos) {
            pollfd p{conn, POLLIN, 0};
            if (::poll(&p, 1, 2000) <= 0) return;
            const ssize_t n = ::read(conn, buf, sizeof buf);
            if (n <= 0) return;
            head.append(buf, static_cast<std::size_t>(n));
        }
        const auto sp1 = head.find(' ');
        const auto sp2 = head.find(' ', sp1 + 1);
        RecordedRequest req{head.substr(0, sp1), head.substr(sp1 + 1, sp2 - sp1 - 1), head};
        CannedResponse resp{404,
                            {"Content-Type: application/json"},
                            R"({"errors":[{"code":"NOT_FOUND","message":"no route"}]})"};
        {
            std::lock_guard lock(mu_);
            requests_.push_back(req);
            if (const auto it = routes_.find(req.target); it != routes_.end()) resp = it->second;
        }
        std::string out = "HTTP/1.1 " + std::to_string(resp.status) + " X\r\n";
        for (const auto& h : resp.headers) out += h + "\r\n";
        out +=
            "Content-Length: " + std::to_string(resp.body.size()) + "\r\nConnection: close\r\n\r\n";
        if (req.method != "HEAD") out += resp.body;
        std::size_t done = 0;
        while (done < out.size()) {
            const ssize_t n = ::write(conn, out.data() + done, out.size() - done);
            if (n <= 0) return;
            done += static_cast<std::size_t>(n);
        }
    }

    bool silent_;
    int fd_ = -1;
    int port_ = 0;
    std::atomic<bool> stop_{false};
    std::thread thread_;
    std::vector<int> held_;
    mutable std::mutex mu_;
    std::map<std::string, CannedResponse> routes_;
    std::vector<RecordedRequest> requests_;
};

}  // namespace hardrun::testing
