#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# hardrun called directly with runc's command line (what containerd's shim and Docker send),
# wrapping runc: the container must see itself hardened (no capabilities, no_new_privileges,
# seccomp, uid 65534, read-only rootfs with a writable /tmp, no user namespaces, pids limit),
# the same bundle under plain runc must not, and the whole lifecycle must pass through.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/lib_direct.sh"
e2e_require_root_and_tools
write_policy "$E2E_TMP/policy.json"
direct_setup /usr/sbin/runc

must "hardrun --version passes through" "$HARDRUN_BIN" --version
assert_contains "hardrun --version shows runc's version" "$OUT" "runc version"

direct_hardened_vs_plain "runc"

capture cat "$E2E_TMP/decisions.log"
assert_match "decision log has an enforce decision" "$OUT" '"mode" *: *"enforce"'

direct_lifecycle "runc"
