#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""packaging/kubernetes/: well-formed YAML and TOML, and names that agree with each other.

RuntimeClass "hardened" → handler "hardened" → containerd runtime "hardened" (runc.v2 shim,
BinaryName /usr/sbin/hardrun, where the package installs hardrun) ← the example pod's
runtimeClassName. Where containerd is installed, `containerd config dump` must also read the
snippet, alone and appended to Debian 12's shipped config.toml (which has a CRI section).

Usage: check_manifests.py [SOURCE_DIR]. Prints "ok - ..." per check; exit 1 on a failure,
77 when python3-yaml is missing (1 with CI=true).
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib

SRC = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..")
K8S = os.path.join(SRC, "packaging", "kubernetes")
HANDLER = "hardened"
BINARY = "/usr/sbin/hardrun"
CRI = "io.containerd.grpc.v1.cri"
# /etc/containerd/config.toml as Debian 12's containerd 1.6 package ships it.
DEBIAN_CONTAINERD_CONFIG = """version = 2

[plugins]
  [plugins."io.containerd.grpc.v1.cri"]
    [plugins."io.containerd.grpc.v1.cri".cni]
      bin_dir = "/usr/lib/cni"
      conf_dir = "/etc/cni/net.d"
  [plugins."io.containerd.internal.v1.opt"]
    path = "/var/lib/containerd/opt"
"""

try:
    import yaml
except ImportError:
    if os.environ.get("CI") == "true":
        print("not ok - python3-yaml is missing (apt-get install python3-yaml); CI=true: no skip")
        sys.exit(1)
    print("skip - python3-yaml is missing (apt-get install python3-yaml)")
    sys.exit(77)


def ok(what):
    print(f"ok - {what}")


def fail(what):
    print(f"not ok - {what}")
    sys.exit(1)


def expect(cond, what):
    if not cond:
        fail(what)
    ok(what)


def load_yaml(name):
    path = os.path.join(K8S, name)
    try:
        with open(path, encoding="utf-8") as f:
            docs = [d for d in yaml.safe_load_all(f) if d is not None]
    except yaml.YAMLError as e:
        fail(f"{name} is not valid YAML: {e}")
    expect(len(docs) == 1, f"{name}: valid YAML, one document")
    return docs[0]


def runtime_of(config, what):
    try:
        return config["plugins"][CRI]["containerd"]["runtimes"][HANDLER]
    except (KeyError, TypeError):
        fail(f"{what}: no [plugins.\"{CRI}\".containerd.runtimes.{HANDLER}]")


def check_runtime(runtime, what):
    expect(runtime.get("runtime_type") == "io.containerd.runc.v2",
           f"{what}: runtime_type io.containerd.runc.v2")
    expect(runtime.get("options", {}).get("BinaryName") == BINARY,
           f"{what}: options.BinaryName {BINARY}")


rc = load_yaml("runtimeclass.yaml")
expect(rc.get("apiVersion") == "node.k8s.io/v1" and rc.get("kind") == "RuntimeClass",
       "runtimeclass.yaml: node.k8s.io/v1 RuntimeClass")
expect(rc.get("metadata", {}).get("name") == HANDLER, f"runtimeclass.yaml: named {HANDLER}")
handler = rc.get("handler")
expect(handler == HANDLER, f"runtimeclass.yaml: handler {HANDLER}")
expect(re.fullmatch(r"[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?", handler) is not None,
       "runtimeclass.yaml: handler is a DNS label (RFC 1123)")

pod = load_yaml("example-pod.yaml")
expect(pod.get("apiVersion") == "v1" and pod.get("kind") == "Pod", "example-pod.yaml: v1 Pod")
spec = pod.get("spec", {})
expect(spec.get("runtimeClassName") == rc["metadata"]["name"],
       "example-pod.yaml: runtimeClassName is the RuntimeClass's name")
containers = spec.get("containers") or []
expect(len(containers) == 1 and "busybox" in containers[0].get("image", ""),
       "example-pod.yaml: one busybox container")

snippet_path = os.path.join(K8S, "containerd-snippet.toml")
with open(snippet_path, "rb") as f:
    try:
        snippet = tomllib.load(f)
    except tomllib.TOMLDecodeError as e:
        fail(f"containerd-snippet.toml is not valid TOML: {e}")
ok("containerd-snippet.toml: valid TOML")
expect(snippet.get("version") == 2, "containerd-snippet.toml: containerd config version 2")
check_runtime(runtime_of(snippet, "containerd-snippet.toml"), "containerd-snippet.toml")

containerd = shutil.which("containerd")
if containerd is None:
    print("# containerd not installed: `containerd config dump` not checked")
    sys.exit(0)
with open(snippet_path, encoding="utf-8") as f:
    snippet_text = f.read()
body = "".join(line for line in snippet_text.splitlines(keepends=True)
               if not line.startswith("version"))
with tempfile.TemporaryDirectory() as tmp:
    for what, text in (("snippet alone", snippet_text),
                       ("snippet appended to Debian's config.toml", DEBIAN_CONTAINERD_CONFIG + "\n" + body)):
        path = os.path.join(tmp, "config.toml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        run = subprocess.run([containerd, "--config", path, "config", "dump"],
                             capture_output=True, text=True, check=False)
        if run.returncode != 0:
            fail(f"containerd config dump ({what}): {run.stderr.strip()}")
        dumped = tomllib.loads(run.stdout)
        check_runtime(runtime_of(dumped, f"containerd config dump, {what}"),
                      f"containerd config dump, {what}")
        if "Debian" in what:
            cni = dumped["plugins"][CRI].get("cni", {})
            expect(cni.get("bin_dir") == "/usr/lib/cni",
                   f"containerd config dump, {what}: Debian's CRI settings kept")
