// SPDX-License-Identifier: Apache-2.0
// The decision log: one JSON object per line for every create and exec hardrun decides on,
// written through spdlog to a file or to syslog.
#pragma once

#include <memory>
#include <string>

#include "base/json.hpp"
#include "base/result.hpp"
#include "policy/config.hpp"

namespace spdlog {
class logger;
}

namespace hardrun::audit {

class DecisionLog {
public:
    // Opens the sink (creating the log's directory if needed).
    static Result<DecisionLog> open(const policy::DecisionLog& config);

    // Writes `entry` as one line and flushes it.
    Result<void> record(const Json& entry);

private:
    explicit DecisionLog(std::shared_ptr<spdlog::logger> logger) : logger_(std::move(logger)) {}
    std::shared_ptr<spdlog::logger> logger_;  // null for sink "none"
};

}  // namespace hardrun::audit
