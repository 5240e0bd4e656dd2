// SPDX-License-Identifier: Apache-2.0
// hardrun: an OCI runtime that hardens each container by policy, then execs runc (or crun).
#include <unistd.h>

#include <exception>
#include <string>

#include "app/app.hpp"

int main(int argc, char** argv) {
    try {
        return hardrun::app::run(argc, argv);
    } catch (const std::exception& e) {
        // Last resort: nothing was handed to the runtime, so nothing runs un-hardened.
        const std::string msg = std::string("hardrun: internal error: ") + e.what() + "\n";
        (void)!::write(STDERR_FILENO, msg.data(), msg.size());
        return 1;
    }
}
