// SPDX-License-Identifier: Apache-2.0
#include "trust/strict_json.hpp"

#include <memory>
#include <set>
#include <vector>

namespace hardrun::trust {
namespace {

// One open object or array while parsing, and which child of it is being read.
struct Frame {
    bool is_array = false;
    std::size_t count = 0;  // arrays: elements started so far
    std::string key;        // objects: the key being read
    std::set<std::string> keys;
};

bool is_identifier(std::string_view key) {
    if (key.empty()) return false;
    for (std::size_t i = 0; i < key.size(); ++i) {
        const char c = key[i];
        const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
        if (!alpha && !(i > 0 && c >= '0' && c <= '9')) return false;
    }
    return true;
}

// Path of the value currently being read inside frames[0..end).
std::string path_of(const std::vector<Frame>& frames, std::size_t end) {
    std::string path = "$";
    for (std::size_t i = 0; i < end; ++i) {
        const Frame& f = frames[i];
        path = f.is_array ? json_path_index(path, f.count - 1) : json_path_member(path, f.key);
    }
    return path;
}

// Tracks the path and rejects duplicate keys; records the first problem in `error`.
class DuplicateKeyCheck {
  public:
    bool operator()(int /*depth*/, nlohmann::json::parse_event_t event, Json& parsed) {
        using Event = nlohmann::json::parse_event_t;
        switch (event) {
            case Event::object_start:
            case Event::array_start:
                start_value();
                frames_.push_back(Frame{event == Event::array_start, 0, {}, {}});
                break;
            case Event::object_end:
            case Event::array_end:
                if (!frames_.empty()) frames_.pop_back();
                break;
            case Event::key: {
                Frame& top = frames_.back();
                top.key = parsed.get<std::string>();
                if (!top.keys.insert(top.key).second && error_.empty()) {
                    error_ = path_of(frames_, frames_.size() - 1) + ": duplicate key \"" + top.key +
                             "\"";
                }
                break;
            }
            case Event::value:
                start_value();
                break;
        }
        return true;
    }
    const std::string& error() const { return error_; }

  private:
    void start_value() {
        if (!frames_.empty() && frames_.back().is_array) ++frames_.back().count;
    }
    std::vector<Frame> frames_;
    std::string error_;
};

}  // namespace

std::string json_path_member(const std::string& path, std::string_view key) {
    if (is_identifier(key)) return path + "." + std::string(key);
    return path + "[" +
           nlohmann::json(std::string(key))
               .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) +
           "]";
}

std::string json_path_index(const std::string& path, std::size_t index) {
    return path + "[" + std::to_string(index) + "]";
}

Result<Json> parse_strict_json(std::string_view text) {
    auto check = std::make_shared<DuplicateKeyCheck>();
    Json doc;
    try {
        doc = Json::parse(text.begin(), text.end(),
                          [check](int depth, nlohmann::json::parse_event_t event, Json& parsed) {
                              return (*check)(depth, event, parsed);
                          });
    } catch (const nlohmann::json::parse_error& e) {
        return Error(ErrorCode::kInvalidArgument,
                     "not valid JSON at byte " + std::to_string(e.byte));
    } catch (const nlohmann::json::exception& e) {
        return Error(ErrorCode::kInvalidArgument, std::string("not valid JSON: ") + e.what());
    }
    if (!check->error().empty()) return Error(ErrorCode::kInvalidArgument, check->error());
    return doc;
}

Result<void> reject_unknown_fields(const Json& object, const std::string& path,
                                   std::initializer_list<std::string_view> allowed) {
    for (const auto& [name, value] : object.items()) {
        bool known = false;
        for (const auto a : allowed) known = known || name == a;
        if (!known) {
            return Error(ErrorCode::kInvalidArgument, path + ": unknown field \"" + name + "\"");
        }
    }
    return ok();
}

}  // namespace hardrun::trust
