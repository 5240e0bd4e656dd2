#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The same as test_runc_direct, with hardrun wrapping crun (policy "runtime": {"path": crun}):
# crun must get the same hardened container, and its lifecycle must pass through.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/lib_direct.sh"
e2e_require_root_and_tools crun
CRUN=$(command -v crun)

# crun refuses a cgroup v1/v2 hybrid host whose v2 hierarchy holds controllers ("cgroups in
# hybrid mode not supported, drop all controllers from cgroupv2"). This VM leaves hugetlb
# unmounted in v1, so it sits in v2; bind such controllers to v1 as systemd would.
crun_fix_hybrid_cgroups() {
    local unified=/sys/fs/cgroup/unified/cgroup.controllers c
    [[ -r $unified && -n $(cat "$unified") ]] || return 0  # cgroupfs files show size 0
    for c in $(cat "$unified"); do
        mountpoint -q "/sys/fs/cgroup/$c" && continue
        echo "# host fix for crun: mounting the cgroup v1 controller $c at /sys/fs/cgroup/$c"
        mkdir -p "/sys/fs/cgroup/$c"
        mount -t cgroup -o "$c" cgroup "/sys/fs/cgroup/$c" ||
            e2e_skip "crun cannot run on this hybrid cgroup host: v2 holds $c and it cannot move to v1"
    done
    [[ -z $(cat "$unified") ]] || e2e_skip "v2 still holds controllers: $(cat "$unified"); crun refuses hybrid hosts"
}
crun_fix_hybrid_cgroups
write_policy "$E2E_TMP/policy.json" ".runtime.path = \"$CRUN\""
direct_setup "$CRUN"

must "hardrun --version passes through to crun" "$HARDRUN_BIN" --version
assert_contains "hardrun --version shows crun's version" "$OUT" "crun version"

direct_hardened_vs_plain "crun"
direct_lifecycle "crun"
