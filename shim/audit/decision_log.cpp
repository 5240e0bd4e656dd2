// SPDX-License-Identifier: Apache-2.0
#include "audit/decision_log.hpp"

#include <syslog.h>

#include <spdlog/logger.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/syslog_sink.h>

#include "base/files.hpp"

namespace hardrun::audit {

Result<DecisionLog> DecisionLog::open(const policy::DecisionLog& config) {
    try {
        spdlog::sink_ptr sink;
        switch (config.sink) {
            case policy::LogSink::kNone: return DecisionLog(nullptr);
            case policy::LogSink::kSyslog:
                sink = std::make_shared<spdlog::sinks::syslog_sink_st>("hardrun", LOG_PID, LOG_DAEMON, false);
                break;
            case policy::LogSink::kFile: {
                const auto slash = config.path.rfind('/');
                if (slash != std::string::npos && slash > 0) {
                    HARDRUN_RETURN_IF_ERROR(make_directories(config.path.substr(0, slash), 0750));
                }
                sink = std::make_shared<spdlog::sinks::basic_file_sink_st>(config.path, false);
                break;
            }
        }
        auto logger = std::make_shared<spdlog::logger>("decisions", std::move(sink));
        logger->set_pattern("%v");
        logger->set_level(spdlog::level::info);
        return DecisionLog(std::move(logger));
    } catch (const std::exception& e) {
        return Error(ErrorCode::kIo, "decision log " + config.path + ": " + e.what());
    }
}

Result<void> DecisionLog::record(const Json& entry) {
    if (!logger_) return ok();
    try {
        logger_->info(to_text(entry));
        logger_->flush();
        return ok();
    } catch (const std::exception& e) {
        return Error(ErrorCode::kIo, std::string("decision log: ") + e.what());
    }
}

}  // namespace hardrun::audit
