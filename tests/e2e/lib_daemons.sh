# shellcheck shell=bash
# SPDX-License-Identifier: Apache-2.0
# Private containerd and dockerd for one test (sourced by lib.sh). Both inherit HARDRUN_CONFIG:
# containerd starts the shims, which run hardrun, so the policy must be written before
# start_containerd. Docker reaches hardrun through our containerd (runc.v2 with BinaryName).

# wait_daemon WHAT PID LOG SECONDS CMD...: until CMD answers; on failure print the daemon's log.
wait_daemon() {
    local what=$1 pid=$2 log=$3 deadline=$((SECONDS + $4))
    shift 4
    until "$@" >/dev/null 2>&1; do
        if ! kill -0 "$pid" 2>/dev/null; then
            fail "$what started" "it exited before answering; last lines of $log:" \
                "$(indent "$(tail -n 40 "$log")")"
        fi
        if ((SECONDS >= deadline)); then
            fail "$what started" "no answer within $4 s from: $*; last lines of $log:" \
                "$(indent "$(tail -n 40 "$log")")"
        fi
        sleep 0.2
    done
    ok "$what answers ($*)"
}

# write_containerd_config FILE: the private config.toml start_containerd uses (every path under
# $E2E_TMP/c, the CRI plugin off unless E2E_CONTAINERD_CRI=1, E2E_CONTAINERD_EXTRA appended).
write_containerd_config() {
    local c=$E2E_TMP/c disabled='"io.containerd.grpc.v1.cri"'
    [[ ${E2E_CONTAINERD_CRI:-0} == 1 ]] && disabled=''
    mkdir -p "$c"/{root,state,opt,plugins}
    cat >"$1" <<EOF
version = 2
root = "$c/root"
state = "$c/state"
plugin_dir = "$c/plugins"
disabled_plugins = [$disabled]

[grpc]
  address = "$E2E_TMP/c.sock"
[ttrpc]
  address = "$E2E_TMP/c.sock.ttrpc"
[debug]
  address = "$E2E_TMP/c-debug.sock"
  level = "debug"
[plugins."io.containerd.internal.v1.opt"]
  path = "$c/opt"
${E2E_CONTAINERD_EXTRA:-}
EOF
}

# start_containerd [CONFIG]: containerd with the config write_containerd_config writes, or with
# CONFIG as it is (a test that edited one, e.g. with hardrunctl configure). Exports
# CTR="ctr --address <socket>".
start_containerd() {
    local c=$E2E_TMP/c config=${1:-}
    [[ -n ${HARDRUN_CONFIG:-} ]] || fail "start_containerd" "call write_policy first: the shims inherit HARDRUN_CONFIG from containerd"
    mkdir -p "$c"
    if [[ -z $config ]]; then
        config=$c/config.toml
        write_containerd_config "$config"
    fi
    containerd --config "$config" >"$c/containerd.log" 2>&1 &
    local pid=$!
    E2E_PIDS+=("$pid")
    CTR="ctr --address $E2E_TMP/c.sock"
    export CTR
    e2e_on_teardown containerd_remove_all
    wait_daemon "containerd (pid $pid)" "$pid" "$c/containerd.log" 30 $CTR version
}

# containerd_remove_all: kill and delete every task and container in every namespace of ours.
containerd_remove_all() {
    local ns id
    for ns in $($CTR namespaces ls -q 2>/dev/null); do
        for id in $($CTR -n "$ns" tasks ls -q 2>/dev/null); do
            $CTR -n "$ns" tasks kill -a -s KILL "$id" 2>/dev/null
        done
        for id in $($CTR -n "$ns" tasks ls -q 2>/dev/null); do
            timeout 20 $CTR -n "$ns" tasks rm -f "$id" 2>/dev/null
        done
        for id in $($CTR -n "$ns" containers ls -q 2>/dev/null); do
            timeout 20 $CTR -n "$ns" containers rm "$id" 2>/dev/null
        done
    done
}

# overlay_works DIR: can this kernel mount overlayfs with its layers inside DIR?
overlay_works() {
    local d=$1/ovl-probe rc=0
    mkdir -p "$d"/{l,u,w,m}
    mount -t overlay overlay -o "lowerdir=$d/l,upperdir=$d/u,workdir=$d/w" "$d/m" 2>/dev/null ||
        rc=1
    [[ $rc -eq 0 ]] && umount "$d/m"
    rm -rf "$d"
    return $rc
}

# start_dockerd [DAEMON_JSON]: dockerd on our containerd (started first if needed), private
# data-root and exec-root, no bridge or iptables, and a runtime "hardrun" with path $HARDRUN_BIN.
# E2E_DOCKER_RUNTIME_ARGS (a JSON array) becomes the runtime's runtimeArgs. With DAEMON_JSON,
# dockerd reads that file as it is instead (a test that wrote it, e.g. with hardrunctl
# configure); the storage driver is then given as a flag unless the file names one.
# Exports DOCKER="docker -H unix://<socket>".
start_dockerd() {
    [[ -n ${CTR:-} ]] || start_containerd
    local d=$E2E_TMP/d driver=vfs config=${1:-} driver_flag=()
    mkdir -p "$d"/{root,exec}
    overlay_works "$d" && driver=overlay2
    if [[ -n $config ]]; then
        jq -e 'has("storage-driver")' "$config" >/dev/null || driver_flag=(--storage-driver "$driver")
    else
        config=$d/daemon.json
        jq -n --arg path "$HARDRUN_BIN" --argjson args "${E2E_DOCKER_RUNTIME_ARGS:-[]}" \
            --arg driver "$driver" '{runtimes: {hardrun: ({path: $path}
                + (if ($args | length) > 0 then {runtimeArgs: $args} else {} end))},
            "storage-driver": $driver, "log-driver": "json-file"}' >"$config"
    fi
    dockerd --config-file "$config" "${driver_flag[@]}" --data-root "$d/root" --exec-root "$d/exec" \
        --pidfile "$d/dockerd.pid" -H "unix://$E2E_TMP/d.sock" --containerd "$E2E_TMP/c.sock" \
        --bridge=none --iptables=false --ip-masq=false --ip6tables=false \
        >"$d/dockerd.log" 2>&1 &
    local pid=$!
    E2E_PIDS+=("$pid")
    DOCKER="$DOCKER_CLI -H unix://$E2E_TMP/d.sock"
    export DOCKER
    e2e_on_teardown docker_remove_all
    wait_daemon "dockerd (pid $pid, storage $driver)" "$pid" "$d/dockerd.log" 30 $DOCKER version
}

docker_remove_all() {
    local ids
    ids=$($DOCKER ps -aq 2>/dev/null)
    [[ -z $ids ]] || timeout 60 $DOCKER rm -f $ids
}

# runc_remove_all RUNTIME ROOT: delete every container a direct runtime call left in ROOT.
runc_remove_all() {
    local rt=$1 root=$2 id
    [[ -d $root ]] || return 0
    for id in $("$rt" --root "$root" list -q 2>/dev/null); do
        "$rt" --root "$root" delete -f "$id"
    done
}
