// SPDX-License-Identifier: Apache-2.0
// A temporary directory removed (with its files) when the test ends.
#pragma once

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace hardrun::testing {

class TempDir {
public:
    TempDir() {
        char tmpl[] = "/tmp/hardrun-test-XXXXXX";
        path_ = ::mkdtemp(tmpl) != nullptr ? tmpl : "";
    }
    ~TempDir() {
        std::error_code ec;
        if (!path_.empty()) std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const { return path_; }
    std::string operator/(const std::string& name) const { return path_ + "/" + name; }

private:
    std::string path_;
};

}  // namespace hardrun::testing
