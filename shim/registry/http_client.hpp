// SPDX-License-Identifier: Apache-2.0
// A small HTTP client over libcurl for registry requests, with one overall deadline: every
// request gets CURLOPT_TIMEOUT_MS from what is left of it (and none starts once it has passed),
// signals are never used (CURLOPT_NOSIGNAL), bodies are capped, redirects are followed (at most
// 5, to http(s) only; to plain http only when the request allows it). One easy handle is reused
// so connections to the registry are kept. libcurl stays out of this header.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"

namespace hardrun::registry {

class Deadline {
  public:
    explicit Deadline(std::chrono::milliseconds budget)
        : budget_(budget), end_(std::chrono::steady_clock::now() + budget) {}

    std::int64_t remaining_ms() const;
    std::int64_t budget_ms() const { return budget_.count(); }

  private:
    std::chrono::milliseconds budget_;
    std::chrono::steady_clock::time_point end_;
};

struct HttpRequest {
    std::string method = "GET";  // "GET" or "HEAD"
    std::string url;
    std::vector<std::string> headers;  // "Name: value"
    std::size_t max_body = 0;          // larger bodies are an error
    bool allow_plain_http = false;     // may redirects lead to http://?
};

struct HttpResponse {
    long status = 0;
    std::string body;
    std::map<std::string, std::string> headers;  // of the final response; names lower-cased
    std::string url;                             // the final URL, after redirects

    // The header's value, or "" when absent.
    std::string header(const std::string& lower_name) const;
};

class HttpClient {
  public:
    HttpClient();
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    // Any HTTP status is a response; kIo "<METHOD> <url>: <curl's words> (curl error N)" when
    // no response arrived, the deadline passed or the body exceeded max_body.
    Result<HttpResponse> perform(const HttpRequest& request, const Deadline& deadline);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace hardrun::registry
