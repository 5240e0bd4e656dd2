#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs everything hardrun needs to build, test and demo on Debian 12, from Debian's packages.
set -euo pipefail
[[ $(id -u) == 0 ]] || { echo "install-deps: run as root (apt-get)" >&2; exit 1; }
packages=(
    # build
    build-essential cmake pkg-config clang libclang-rt-14-dev
    libseccomp-dev libcap-dev libapparmor-dev nlohmann-json3-dev libspdlog-dev libfmt-dev
    catch2 libssl-dev libbpf-dev libtomlplusplus-dev
    # image identity (containerd's gRPC API: HTTP/2 + protobuf) and registry fetches
    libnghttp2-dev libprotobuf-dev protobuf-compiler libcurl4-openssl-dev
    # runtimes and engines the end-to-end tests drive
    runc crun containerd docker.io iptables busybox-static
    # test tools: jq edits config.json; apparmor_parser validates profiles; scmp_sys_resolver
    jq apparmor seccomp procps
    # image trust: a real registry, an image builder and a copier
    docker-registry umoci skopeo curl openssl
    # packaging: man pages, the clean Debian root for install/upgrade/purge, manifest checks
    go-md2man debootstrap python3-yaml
)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
    echo "install-deps: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
