# SPDX-License-Identifier: Apache-2.0
# hardrun::identity (included from shim/CMakeLists.txt). containerd's API is spoken with
# libnghttp2 (HTTP/2, linked by name so that the static `hardrun` picks Debian's libnghttp2.a)
# and a hand-written protobuf wire reader (proto_wire.hpp); the unit tests check that reader
# against protobuf's own encoder, generated from tests/unit/identity/proto.
pkg_check_modules(NGHTTP2 REQUIRED libnghttp2)

hardrun_module(identity
    SOURCES identity/proto_wire.cpp identity/grpc_call.cpp identity/containerd_api.cpp
            identity/docker_store.cpp identity/crio_store.cpp identity/identity.cpp
    DEPS hardrun::base ${NGHTTP2_LIBRARIES})
target_include_directories(hardrun_identity SYSTEM PRIVATE ${NGHTTP2_INCLUDE_DIRS})
