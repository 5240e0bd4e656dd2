#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# shellcheck disable=SC2016  # dpkg-query -f '${Field}' formats are not shell expansions
# The Debian package, installed, upgraded, removed and purged in a clean Debian 12 root.
#
#   bash tests/packaging/test_deb.sh [BUILD_DIR]     (as root; BUILD_DIR or $HARDRUN_BUILD_DIR,
#                                                      default build/release, configured and built)
#
# 1. cpack -G DEB in BUILD_DIR gives hardrun_<v>-1_<arch>.deb; again with `cpack -R <v>+upgradetest`
#    for the upgrade, repacked with a changed config.json so that dpkg meets a conffile changed on
#    both sides.
# 2. A Debian 12 root from `debootstrap --variant=minbase bookworm`, from the bookworm mirror of
#    this host's APT sources (or $HARDRUN_TEST_MIRROR). The fresh root is kept as a tar in
#    $HARDRUN_TEST_ROOT_CACHE (default /var/cache/hardrun-test-root.tar) and reused; delete the
#    file for a new one. apt-get update runs in the root every time, so an old tar still works.
# 3. In the root: apt-get install ./hardrun.deb (runc and hardrunctl's libraries come from the
#    mirror), files and modes, hardrunctl policy check, the operator edits config.json, upgrade
#    with --force-confold keeps the edit (the package's new file lands as .dpkg-dist), the three
#    AppArmor branches of postinst (kernel without AppArmor, no apparmor_parser, a parser that
#    cannot load) never fail the install, remove keeps configuration and logs, purge removes
#    /etc/hardrun, /var/lib/hardrun and /var/log/hardrun.
#
# Prints "ok - ..." per check; exits 1 on the first failure, 77 when not root (1 with CI=true).
# HARDRUN_TEST_KEEP=1 keeps the work directory (the root and the packages).
set -Eeuo pipefail

SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=${1:-${HARDRUN_BUILD_DIR:-$SRC/build/release}}
CACHE=${HARDRUN_TEST_ROOT_CACHE:-/var/cache/hardrun-test-root.tar}
SUITE=bookworm
STARTED=$SECONDS

ok() { echo "ok - $*"; }
fail() {
    echo "not ok - $*"
    exit 1
}
skip() {
    if [[ ${CI:-} == true ]]; then
        echo "not ok - $* (CI=true: a skip is a failure)"
        exit 1
    fi
    echo "skip - $*"
    exit 77
}

[[ $EUID -eq 0 ]] || skip "test_deb.sh needs root (debootstrap, chroot, dpkg)"
for tool in cpack dpkg-deb dpkg-shlibdeps debootstrap chroot tar gzip mountpoint findmnt; do
    command -v "$tool" >/dev/null 2>&1 ||
        fail "missing tool $tool (apt-get install cmake dpkg-dev debootstrap util-linux)"
done
[[ -f $BUILD/CPackConfig.cmake ]] ||
    fail "$BUILD/CPackConfig.cmake not found: configure and build first (cmake --preset release && cmake --build --preset release)"
BUILD=$(cd "$BUILD" && pwd)

WORK=$(mktemp -d /var/tmp/hardrun-deb.XXXXXX)
ROOT=$WORK/root
cleanup() {
    local rc=$? m
    set +e
    for m in "$ROOT/proc" "$ROOT/dev"; do
        mountpoint -q "$m" 2>/dev/null && umount "$m"
    done
    if findmnt -rn -o TARGET | grep -q "^$WORK/"; then
        echo "# not removing $WORK: something is still mounted under it"
    elif [[ ${HARDRUN_TEST_KEEP:-0} == 1 ]]; then
        echo "# kept $WORK"
    else
        rm -rf "$WORK"
    fi
    echo "# test_deb.sh: $((SECONDS - STARTED)) s in all"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# must DESCRIPTION COMMAND...: runs COMMAND, its output in $OUT; on failure prints it and fails.
must() {
    local what=$1
    shift
    if ! OUT=$("$@" 2>&1); then
        printf '%s\n' "$OUT" | tail -40 | sed 's/^/# /'
        fail "$what"
    fi
}
# in_root COMMAND...: COMMAND in the test root with a clean environment.
in_root() {
    chroot "$ROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
        DEBIAN_FRONTEND=noninteractive "$@"
}
check() {  # check DESCRIPTION TEST-ARGS...: `test` in the root
    if in_root test "${@:2}"; then ok "$1"; else fail "$1"; fi
}
contains() {  # contains DESCRIPTION HAYSTACK NEEDLE
    if [[ $2 == *"$3"* ]]; then
        ok "$1"
    else
        printf '%s\n' "$2" | tail -20 | sed 's/^/# /'
        fail "$1 (no \"$3\")"
    fi
}

# ---- 1. the packages ----------------------------------------------------------------------------
t=$SECONDS
must "cpack -G DEB in $BUILD" bash -c "cd '$BUILD' && cpack -G DEB -B '$WORK/v1'"
DEB1=$(echo "$WORK"/v1/hardrun_*.deb)
[[ -f $DEB1 ]] || fail "cpack wrote no hardrun_*.deb in $WORK/v1"
ok "cpack -G DEB built $(basename "$DEB1") ($((SECONDS - t)) s)"

V1=$(dpkg-deb -f "$DEB1" Version)
V2_UPSTREAM=${V1%-*}+upgradetest
t=$SECONDS
must "cpack -R $V2_UPSTREAM" bash -c "cd '$BUILD' && cpack -G DEB -R '$V2_UPSTREAM' -B '$WORK/v2'"
DEB2_CPACK=$(echo "$WORK"/v2/hardrun_*.deb)
V2=$(dpkg-deb -f "$DEB2_CPACK" Version)
dpkg --compare-versions "$V2" gt "$V1" || fail "second package's version $V2 is not above $V1"
ok "cpack -R built version $V2 > $V1 ($((SECONDS - t)) s)"

control=$(dpkg-deb -f "$DEB1")
contains "control: Package hardrun" "$control" "Package: hardrun"
contains "control: Section admin" "$control" "Section: admin"
contains "control: Maintainer" "$control" "Maintainer: hardrun developers"
contains "control: Depends runc | crun" "$control" "runc | crun"
contains "control: shlibdeps found hardrunctl's libseccomp" "$control" "libseccomp2"
conffiles=$(dpkg-deb -I "$DEB1" conffiles)
[[ $conffiles == "/etc/hardrun/config.json" ]] || fail "conffiles is \"$conffiles\""
ok "conffiles lists /etc/hardrun/config.json"
contents=$(dpkg-deb -c "$DEB1")
for f in usr/sbin/hardrun usr/sbin/hardrunctl usr/share/hardrun/seccomp/default.json \
    usr/share/hardrun/apparmor/hardrun-default usr/share/hardrun/kubernetes/runtimeclass.yaml \
    usr/share/hardrun/kubernetes/containerd-snippet.toml usr/share/hardrun/kubernetes/example-pod.yaml \
    etc/hardrun/config.json \
    usr/share/man/man8/hardrun.8.gz usr/share/man/man8/hardrunctl.8.gz \
    usr/share/man/man5/hardrun.json.5.gz usr/share/doc/hardrun/copyright; do
    [[ $contents == *" ./$f"* ]] || fail "package lacks /$f"
done
ok "package holds the binaries, profiles, Kubernetes files, config.json, man pages and copyright"
mkdir "$WORK/x1"
dpkg-deb -x "$DEB1" "$WORK/x1"
cmp -s "$WORK/x1/etc/hardrun/config.json" "$SRC/packaging/config.json" ||
    fail "packaged config.json is not packaging/config.json"
ok "packaged config.json is packaging/config.json"
if command -v man >/dev/null 2>&1; then
    for page in "$WORK"/x1/usr/share/man/man*/*.gz; do
        warnings=$(MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null) ||
            fail "man -l $(basename "$page") failed: $warnings"
        [[ -z $warnings ]] || fail "man -l $(basename "$page") warns: $warnings"
    done
    ok "man pages render without groff warnings"
fi

# The upgrade ships a changed config.json, so that dpkg sees the conffile changed on both sides.
must "dpkg-deb -R" dpkg-deb -R "$DEB2_CPACK" "$WORK/v2-tree"
sed -i 's/"pids_limit": 1024/"pids_limit": 1000/' "$WORK/v2-tree/etc/hardrun/config.json"
grep -q '"pids_limit": 1000' "$WORK/v2-tree/etc/hardrun/config.json" ||
    fail "could not edit config.json of the upgrade package (pids_limit 1024 not found)"
(cd "$WORK/v2-tree" && find . -type f ! -path './DEBIAN/*' -printf '%P\0' | sort -z |
    xargs -0 md5sum >DEBIAN/md5sums)
DEB2=$WORK/hardrun_${V2}_upgrade.deb
must "dpkg-deb -b" dpkg-deb --root-owner-group -b "$WORK/v2-tree" "$DEB2"
ok "upgrade package repacked with config.json pids_limit 1000"

# ---- 2. a clean Debian 12 root ------------------------------------------------------------------
# The bookworm mirror of this host's APT sources: one-line (sources.list, *.list) or deb822
# (*.sources) format; the first "deb" entry for suite bookworm.
host_mirror() {
    local f
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [[ -r $f ]] || continue
        awk -v suite="$SUITE" '$1 == "deb" {
                i = 2
                if ($i ~ /^\[/) { while (i < NF && $i !~ /\]$/) i++; i++ }
                if ($(i + 1) == suite) { print $i; exit }
            }' "$f"
    done
    for f in /etc/apt/sources.list.d/*.sources; do
        [[ -r $f ]] || continue
        awk -v suite="$SUITE" 'BEGIN { RS = ""; FS = "\n" }
            {
                types = ""; uris = ""; suites = ""; enabled = "yes"
                for (i = 1; i <= NF; i++) {
                    line = $i
                    if (line ~ /^Types:/) { sub(/^Types:[ \t]*/, "", line); types = line }
                    if (line ~ /^URIs:/) { sub(/^URIs:[ \t]*/, "", line); uris = line }
                    if (line ~ /^Suites:/) { sub(/^Suites:[ \t]*/, "", line); suites = line }
                    if (line ~ /^Enabled:/) { sub(/^Enabled:[ \t]*/, "", line); enabled = line }
                }
                if ((" " types " ") ~ / deb / && (" " suites " ") ~ (" " suite " ") && enabled != "no") {
                    split(uris, u, " "); print u[1]; exit
                }
            }' "$f"
    done
}

mkdir "$ROOT"
t=$SECONDS
if [[ -f $CACHE ]]; then
    must "unpack $CACHE" tar -C "$ROOT" --numeric-owner -xf "$CACHE"
    ok "clean Debian 12 root from $CACHE ($((SECONDS - t)) s)"
else
    MIRROR=${HARDRUN_TEST_MIRROR:-$(host_mirror)}
    MIRROR=${MIRROR%%$'\n'*}
    [[ -n $MIRROR ]] || fail "no $SUITE mirror in /etc/apt/sources.list{,.d/*}; set HARDRUN_TEST_MIRROR"
    echo "# debootstrap --variant=minbase $SUITE from $MIRROR (a few minutes; cached in $CACHE)"
    if ! debootstrap --variant=minbase "$SUITE" "$ROOT" "$MIRROR" >"$WORK/debootstrap.log" 2>&1; then
        tail -25 "$WORK/debootstrap.log" | sed 's/^/# /'
        [[ -f $ROOT/debootstrap/debootstrap.log ]] &&
            tail -15 "$ROOT/debootstrap/debootstrap.log" | sed 's/^/# root log: /'
        fail "debootstrap --variant=minbase $SUITE $ROOT $MIRROR failed (log above)"
    fi
    mkdir -p "$(dirname "$CACHE")"
    tar -C "$ROOT" --numeric-owner -cf "$CACHE.tmp.$$" . && mv "$CACHE.tmp.$$" "$CACHE"
    ok "clean Debian 12 root by debootstrap from $MIRROR ($((SECONDS - t)) s, cached in $CACHE)"
fi
grep -q '^12\.' "$ROOT/etc/debian_version" || fail "the root is not Debian 12: $(cat "$ROOT/etc/debian_version")"

mount -t proc proc "$ROOT/proc"
[[ -c $ROOT/dev/null ]] || mount --bind /dev "$ROOT/dev"
cp -L /etc/resolv.conf "$ROOT/etc/resolv.conf"
cp "$DEB1" "$DEB2" "$ROOT/tmp/"
DEB1_IN=/tmp/$(basename "$DEB1")
DEB2_IN=/tmp/$(basename "$DEB2")
t=$SECONDS
must "apt-get update in the root" in_root apt-get update -q
ok "apt-get update in the root ($((SECONDS - t)) s)"

# ---- 3. install ---------------------------------------------------------------------------------
t=$SECONDS
must "apt-get install $DEB1_IN" in_root apt-get install -y -q --no-install-recommends "$DEB1_IN"
ok "apt-get install $(basename "$DEB1") with its dependencies ($((SECONDS - t)) s)"
contains "postinst: no AppArmor in the kernel, install not failed" "$OUT" "AppArmor is not enabled"
must "dpkg-query" in_root dpkg-query -W -f '${Status} ${Version}' hardrun
[[ $OUT == "install ok installed $V1" ]] || fail "dpkg-query: $OUT"
ok "dpkg: hardrun $V1 installed"
must "dpkg-query runc" in_root dpkg-query -W -f '${Status}' runc
[[ $OUT == "install ok installed" ]] || fail "runc is not installed: $OUT"
ok "apt chose runc for Depends: runc | crun"

check "/usr/sbin/hardrun is executable" -x /usr/sbin/hardrun
check "/usr/sbin/hardrunctl is executable" -x /usr/sbin/hardrunctl
check "/usr/share/hardrun/seccomp/default.json" -f /usr/share/hardrun/seccomp/default.json
check "/usr/share/hardrun/apparmor/hardrun-default" -f /usr/share/hardrun/apparmor/hardrun-default
check "/etc/hardrun/config.json" -f /etc/hardrun/config.json
check "/var/lib/hardrun created by postinst" -d /var/lib/hardrun
check "/var/log/hardrun created by postinst" -d /var/log/hardrun
for page in man8/hardrun.8.gz man8/hardrunctl.8.gz man5/hardrun.json.5.gz; do
    check "/usr/share/man/$page" -s "/usr/share/man/$page"
done
[[ $(stat -c %a "$ROOT/var/lib/hardrun") == 700 ]] || fail "/var/lib/hardrun mode $(stat -c %a "$ROOT/var/lib/hardrun")"
ok "/var/lib/hardrun mode 700"
must "dpkg-query Conffiles" in_root dpkg-query -W -f '${Conffiles}' hardrun
contains "dpkg records /etc/hardrun/config.json as a conffile" "$OUT" "/etc/hardrun/config.json"

must "hardrunctl policy check /etc/hardrun/config.json" in_root hardrunctl policy check /etc/hardrun/config.json
contains "hardrunctl policy check: the shipped config is valid" "$OUT" "valid"
must "hardrunctl seccomp check" in_root hardrunctl seccomp check /usr/share/hardrun/seccomp/default.json
contains "hardrunctl seccomp check: the shipped profile compiles" "$OUT" "BPF instructions"
must "hardrun --version (forwarded to runc)" in_root hardrun --version
contains "hardrun --version runs and execs runc" "$OUT" "runc version"

# ---- 4. the operator edits config.json; upgrade -------------------------------------------------
sed -i 's/"pids_limit": 1024/"pids_limit": 512/' "$ROOT/etc/hardrun/config.json"
grep -q '"pids_limit": 512' "$ROOT/etc/hardrun/config.json" || fail "could not edit config.json"
must "edited config still valid" in_root hardrunctl policy check /etc/hardrun/config.json
ok "operator set pids_limit 512 in /etc/hardrun/config.json"
echo '{"verdict":"test"}' >"$ROOT/var/log/hardrun/decisions.log"

# A kernel that reports AppArmor enabled (the root has no sysfs; the file stands in for it),
# apparmor_parser absent.
mkdir -p "$ROOT/sys/module/apparmor/parameters"
echo Y >"$ROOT/sys/module/apparmor/parameters/enabled"
t=$SECONDS
must "upgrade to $V2 with --force-confold" in_root apt-get install -y -q --no-install-recommends \
    -o Dpkg::Options::=--force-confold "$DEB2_IN"
ok "upgrade to $V2, non-interactive with --force-confold ($((SECONDS - t)) s)"
contains "postinst: AppArmor enabled but no apparmor_parser, install not failed" "$OUT" \
    "apparmor_parser not found"
must "dpkg-query" in_root dpkg-query -W -f '${Version}' hardrun
[[ $OUT == "$V2" ]] || fail "installed version $OUT, expected $V2"
ok "dpkg: hardrun $V2 installed"
grep -q '"pids_limit": 512' "$ROOT/etc/hardrun/config.json" ||
    fail "the operator's config.json was not kept: $(grep pids_limit "$ROOT/etc/hardrun/config.json")"
ok "upgrade kept the operator's config.json (pids_limit 512)"
grep -q '"pids_limit": 1000' "$ROOT/etc/hardrun/config.json.dpkg-dist" ||
    fail "the package's new config.json is not in config.json.dpkg-dist"
ok "the package's new config.json is config.json.dpkg-dist"
check "decision log kept over the upgrade" -s /var/log/hardrun/decisions.log

# apparmor_parser present, but the kernel interface is not there: loading fails, postinst warns.
rm -r "$ROOT/sys/module"
t=$SECONDS
must "apt-get install apparmor" in_root apt-get install -y -q --no-install-recommends apparmor
mkdir -p "$ROOT/sys/module/apparmor/parameters"
echo Y >"$ROOT/sys/module/apparmor/parameters/enabled"
must "dpkg-reconfigure hardrun with a failing apparmor_parser" in_root dpkg-reconfigure hardrun
contains "postinst: apparmor_parser -r fails, configure does not ($((SECONDS - t)) s)" "$OUT" \
    "apparmor_parser -r /usr/share/hardrun/apparmor/hardrun-default failed"
rm -r "$ROOT/sys/module"

# ---- 5. remove, then purge ----------------------------------------------------------------------
must "dpkg --remove hardrun" in_root dpkg --remove hardrun
check "remove: /usr/sbin/hardrun gone" ! -e /usr/sbin/hardrun
check "remove: /etc/hardrun/config.json kept" -f /etc/hardrun/config.json
check "remove: /var/log/hardrun kept" -d /var/log/hardrun
check "remove: /var/lib/hardrun kept" -d /var/lib/hardrun
must "dpkg --purge hardrun" in_root dpkg --purge hardrun
check "purge: /etc/hardrun removed" ! -e /etc/hardrun
check "purge: /var/lib/hardrun removed" ! -e /var/lib/hardrun
check "purge: /var/log/hardrun removed" ! -e /var/log/hardrun
if in_root dpkg-query -W -f '${Status}' hardrun >/dev/null 2>&1; then
    must "dpkg-query after purge" in_root dpkg-query -W -f '${Status}' hardrun
    [[ $OUT == *not-installed* ]] || fail "after purge dpkg says: $OUT"
fi
ok "dpkg: hardrun purged"

echo "# all passed ($((SECONDS - STARTED)) s)"
