# SPDX-License-Identifier: Apache-2.0
# Warnings, hardening and sanitizer flags shared by every hardrun target.
add_library(hardrun_flags INTERFACE)
add_library(hardrun::flags ALIAS hardrun_flags)

target_compile_options(hardrun_flags INTERFACE
    -Wall -Wextra -Wpedantic -Wconversion -Wshadow -Wsign-conversion
    -fstack-protector-strong
    $<$<BOOL:${HARDRUN_WERROR}>:-Werror>)
target_compile_definitions(hardrun_flags INTERFACE
    $<$<NOT:$<CONFIG:Debug>>:_FORTIFY_SOURCE=2>)
target_link_options(hardrun_flags INTERFACE -Wl,-z,relro,-z,now -Wl,--as-needed)

if(HARDRUN_SANITIZE)
    target_compile_options(hardrun_flags INTERFACE
        -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
    target_link_options(hardrun_flags INTERFACE -fsanitize=address,undefined)
endif()
