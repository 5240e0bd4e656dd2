// SPDX-License-Identifier: Apache-2.0
#include "registry/auth.hpp"

#include <cctype>

#include <nlohmann/json.hpp>

#include "registry/url.hpp"

namespace hardrun::registry {
namespace {

bool is_tchar(char c) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) != 0) return true;
    return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// A cursor over the header value; every failure names the offset.
class Scanner {
  public:
    explicit Scanner(std::string_view text) : text_(text) {}

    bool done() const { return pos_ >= text_.size(); }
    char peek() const { return done() ? '\0' : text_[pos_]; }
    void skip_spaces() {
        while (!done() && (text_[pos_] == ' ' || text_[pos_] == '\t')) ++pos_;
    }
    std::string_view token() {
        const std::size_t start = pos_;
        while (!done() && is_tchar(text_[pos_])) ++pos_;
        return text_.substr(start, pos_ - start);
    }
    Result<std::string> quoted() {
        ++pos_;  // the opening quote
        std::string out;
        while (!done() && text_[pos_] != '"') {
            if (text_[pos_] == '\\') {
                if (++pos_ >= text_.size()) break;
            }
            out.push_back(text_[pos_++]);
        }
        if (done()) return fail("unterminated quoted string");
        ++pos_;  // the closing quote
        return out;
    }
    Error fail(const std::string& what) const {
        return Error(ErrorCode::kInvalidArgument,
                     "WWW-Authenticate: " + what + " at offset " + std::to_string(pos_));
    }
    std::size_t pos() const { return pos_; }
    void seek(std::size_t pos) { pos_ = pos; }
    void advance() { ++pos_; }

  private:
    std::string_view text_;
    std::size_t pos_ = 0;
};

// One auth-param; false (position unchanged) when what follows is not "name =", i.e. the
// next challenge begins.
Result<bool> parse_param(Scanner& in, AuthChallenge& challenge) {
    const std::size_t start = in.pos();
    const std::string name = lower(in.token());
    in.skip_spaces();
    if (name.empty() || in.peek() != '=') {
        in.seek(start);
        return false;
    }
    in.advance();
    in.skip_spaces();
    std::string value;
    if (in.peek() == '"') {
        auto q = in.quoted();
        if (!q) return q.error();
        value = std::move(*q);
    } else {
        value = std::string(in.token());
        if (value.empty()) return in.fail("parameter " + name + " has no value");
    }
    challenge.params[name] = std::move(value);
    return true;
}

}  // namespace

Result<AuthChallenge> parse_www_authenticate(std::string_view header) {
    Scanner in(header);
    in.skip_spaces();
    AuthChallenge challenge;
    challenge.scheme = lower(in.token());
    if (challenge.scheme.empty()) return in.fail("expected an auth scheme");
    in.skip_spaces();
    while (!in.done()) {
        auto param = parse_param(in, challenge);
        if (!param) return param.error();
        if (!*param) {
            if (challenge.params.empty()) return in.fail("expected name=value");
            break;  // a second challenge: only the first one is used
        }
        in.skip_spaces();
        if (in.done()) break;
        if (in.peek() != ',') return in.fail("expected ',' between parameters");
        in.advance();
        in.skip_spaces();
    }
    return challenge;
}

Result<std::string> token_request_url(const AuthChallenge& challenge,
                                      std::string_view default_scope) {
    if (challenge.scheme != "bearer") {
        return Error(ErrorCode::kInvalidArgument,
                     "the registry asks for \"" + challenge.scheme +
                         "\" authentication; only anonymous Bearer tokens are supported");
    }
    const auto realm = challenge.params.find("realm");
    if (realm == challenge.params.end())
        return Error(ErrorCode::kInvalidArgument, "Bearer challenge without a realm");
    const std::string& url = realm->second;
    if (url.rfind("https://", 0) != 0 && url.rfind("http://", 0) != 0) {
        return Error(ErrorCode::kInvalidArgument, "Bearer realm is not an http(s) URL: " + url);
    }
    std::string out = url;
    char sep = url.find('?') == std::string::npos ? '?' : '&';
    if (const auto service = challenge.params.find("service"); service != challenge.params.end()) {
        out.append(1, sep).append("service=").append(percent_encode(service->second));
        sep = '&';
    }
    const auto scope = challenge.params.find("scope");
    const std::string_view scope_value =
        scope != challenge.params.end() ? std::string_view(scope->second) : default_scope;
    if (!scope_value.empty())
        out.append(1, sep).append("scope=").append(percent_encode(scope_value));
    return out;
}

Result<std::string> parse_token_response(std::string_view body) {
    const auto doc = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (!doc.is_object())
        return Error(ErrorCode::kInvalidArgument, "token response is not a JSON object");
    for (const char* key : {"token", "access_token"}) {
        const auto it = doc.find(key);
        if (it != doc.end() && it->is_string() && !it->get_ref<const std::string&>().empty()) {
            return it->get<std::string>();
        }
    }
    return Error(ErrorCode::kInvalidArgument,
                 "token response has no \"token\" or \"access_token\"");
}

}  // namespace hardrun::registry
