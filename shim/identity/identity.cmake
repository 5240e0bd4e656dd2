# SPDX-License-Identifier: Apache-2.0
# hardrun::identity (included from shim/CMakeLists.txt). containerd's API is spoken with
# libnghttp2 (HTTP/2) and protobuf-lite, both linked by name so that the static `hardrun`
# picks Debian's libnghttp2.a and libprotobuf-lite.a (imported targets name the .so files).
find_program(HARDRUN_PROTOC protoc REQUIRED)
pkg_check_modules(NGHTTP2 REQUIRED libnghttp2)
pkg_check_modules(PROTOBUF_LITE REQUIRED protobuf-lite)

set(HARDRUN_IDENTITY_PROTO_DIR "${CMAKE_CURRENT_SOURCE_DIR}/identity/proto")
set(HARDRUN_IDENTITY_GEN_DIR "${CMAKE_CURRENT_BINARY_DIR}/identity_proto")
set(hardrun_identity_generated "")
foreach(proto IN ITEMS containerd_containers containerd_images)
    set(out "${HARDRUN_IDENTITY_GEN_DIR}/${proto}.pb")
    add_custom_command(
        OUTPUT "${out}.cc" "${out}.h"
        COMMAND ${CMAKE_COMMAND} -E make_directory "${HARDRUN_IDENTITY_GEN_DIR}"
        COMMAND ${HARDRUN_PROTOC} "--proto_path=${HARDRUN_IDENTITY_PROTO_DIR}"
                "--cpp_out=${HARDRUN_IDENTITY_GEN_DIR}" "${HARDRUN_IDENTITY_PROTO_DIR}/${proto}.proto"
        DEPENDS "${HARDRUN_IDENTITY_PROTO_DIR}/${proto}.proto"
        COMMENT "protoc ${proto}.proto"
        VERBATIM)
    list(APPEND hardrun_identity_generated "${out}.cc")
endforeach()

# Generated code is not ours: compiled without hardrun's -Werror warning set.
add_library(hardrun_identity_proto STATIC ${hardrun_identity_generated})
target_include_directories(hardrun_identity_proto SYSTEM PUBLIC
    "${HARDRUN_IDENTITY_GEN_DIR}" ${PROTOBUF_LITE_INCLUDE_DIRS})
target_link_libraries(hardrun_identity_proto PUBLIC ${PROTOBUF_LITE_LIBRARIES} Threads::Threads)

hardrun_module(identity
    SOURCES identity/grpc_call.cpp identity/containerd_api.cpp identity/docker_store.cpp
            identity/crio_store.cpp identity/identity.cpp
    DEPS hardrun::base hardrun_identity_proto ${NGHTTP2_LIBRARIES})
target_include_directories(hardrun_identity SYSTEM PRIVATE ${NGHTTP2_INCLUDE_DIRS})
