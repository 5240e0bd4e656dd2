// SPDX-License-Identifier: Apache-2.0
#include "audit/runc_log.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <ctime>

#include "base/json.hpp"
#include "base/unique_fd.hpp"

namespace hardrun::audit {
namespace {

const char* level_name(Level level) { return level == Level::kError ? "error" : "warning"; }

void write_all(int fd, const std::string& text) {
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n <= 0) return;  // nowhere better to report a failing report
        done += static_cast<std::size_t>(n);
    }
}

}  // namespace

std::string now_rfc3339() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    ::gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::string format_runc_line(const RuncLog& log, Level level, const std::string& message,
                             const std::string& time) {
    if (log.format == "json") {
        return to_text(Json{{"level", level_name(level)}, {"msg", message}, {"time", time}}) + "\n";
    }
    // logrus text format; JSON string quoting matches Go's %q for what we print.
    return "time=\"" + time + "\" level=" + level_name(level) + " msg=" + to_text(Json(message)) + "\n";
}

void report(const RuncLog& log, Level level, const std::string& message) {
    if (log.path && !log.path->empty()) {
        UniqueFd fd(::open(log.path->c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644));
        if (fd.valid()) write_all(fd.get(), format_runc_line(log, level, message, now_rfc3339()));
    }
    write_all(STDERR_FILENO, message + "\n");
}

}  // namespace hardrun::audit
