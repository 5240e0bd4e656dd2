// SPDX-License-Identifier: Apache-2.0
#include "registry/http_client.hpp"

#include <algorithm>
#include <cctype>
#include <mutex>

#include <curl/curl.h>

namespace hardrun::registry {
namespace {

constexpr long kMaxRedirects = 5;

struct EasyDeleter {
    void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistDeleter {
    void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

// What the callbacks fill in during one transfer.
struct Transfer {
    HttpResponse response;
    std::size_t max_body = 0;
    bool too_large = false;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const std::size_t n = size * count;
    if (t->response.body.size() + n > t->max_body) {
        t->too_large = true;
        return 0;  // makes curl stop with CURLE_WRITE_ERROR
    }
    t->response.body.append(data, n);
    return n;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const std::size_t n = size * count;
    const std::string_view line(data, n);
    // Each response of a redirect chain starts with a status line: keep only the last one's.
    if (line.starts_with("HTTP/")) {
        t->response.headers.clear();
        return n;
    }
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) return n;
    std::string name(line.substr(0, colon));
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
        value.remove_prefix(1);
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' '))
        value.remove_suffix(1);
    t->response.headers[name] = std::string(value);
    return n;
}

void global_init() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

}  // namespace

std::int64_t Deadline::remaining_ms() const {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        end_ - std::chrono::steady_clock::now());
    return std::max<std::int64_t>(left.count(), 0);
}

std::string HttpResponse::header(const std::string& lower_name) const {
    const auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
}

struct HttpClient::Impl {
    std::unique_ptr<CURL, EasyDeleter> easy;
    char error[CURL_ERROR_SIZE] = {};
};

HttpClient::HttpClient() : impl_(std::make_unique<Impl>()) {
    global_init();
    impl_->easy.reset(curl_easy_init());
}

HttpClient::~HttpClient() = default;

Result<HttpResponse> HttpClient::perform(const HttpRequest& request, const Deadline& deadline) {
    const std::string what = request.method + " " + request.url;
    CURL* c = impl_->easy.get();
    if (c == nullptr) return Error(ErrorCode::kIo, what + ": curl_easy_init failed");
    const std::int64_t remaining = deadline.remaining_ms();
    if (remaining <= 0) {
        return Error(ErrorCode::kIo, what + ": not started, the deadline of " +
                                         std::to_string(deadline.budget_ms()) + " ms has passed");
    }
    curl_easy_reset(c);  // keeps the connection cache
    Transfer transfer;
    transfer.max_body = request.max_body;
    Slist headers;
    for (const auto& h : request.headers) {
        curl_slist* grown = curl_slist_append(headers.get(), h.c_str());
        if (grown == nullptr) return Error(ErrorCode::kInternal, what + ": out of memory");
        (void)headers.release();
        headers.reset(grown);
    }
    const char* protocols = request.allow_plain_http ? "http,https" : "https";
    impl_->error[0] = '\0';
    curl_easy_setopt(c, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(remaining));
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(remaining));
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, protocols);
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(c, CURLOPT_MAXREDIRS, kMaxRedirects);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "hardrun");
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, impl_->error);
    curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(request.max_body));
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &transfer);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &transfer);
    if (request.method == "HEAD") curl_easy_setopt(c, CURLOPT_NOBODY, 1L);

    const CURLcode rc = curl_easy_perform(c);
    if (transfer.too_large || rc == CURLE_FILESIZE_EXCEEDED) {
        return Error(ErrorCode::kIo, what + ": response larger than " +
                                         std::to_string(request.max_body) + " bytes");
    }
    if (rc != CURLE_OK) {
        std::string detail = impl_->error[0] != '\0' ? impl_->error : curl_easy_strerror(rc);
        if (rc == CURLE_OPERATION_TIMEDOUT) {
            detail =
                "timed out (deadline " + std::to_string(deadline.budget_ms()) + " ms): " + detail;
        }
        return Error(ErrorCode::kIo, what + ": " + detail + " (curl error " +
                                         std::to_string(static_cast<int>(rc)) + ")");
    }
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &transfer.response.status);
    const char* final_url = nullptr;
    if (curl_easy_getinfo(c, CURLINFO_EFFECTIVE_URL, &final_url) == CURLE_OK &&
        final_url != nullptr) {
        transfer.response.url = final_url;
    }
    return std::move(transfer.response);
}

}  // namespace hardrun::registry
