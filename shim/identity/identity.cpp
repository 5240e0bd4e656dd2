// SPDX-License-Identifier: Apache-2.0
#include "identity/identity.hpp"

#include <exception>
#include <functional>

#include "base/image_reference.hpp"
#include "identity/containerd_api.hpp"
#include "identity/crio_store.hpp"
#include "identity/docker_store.hpp"

namespace hardrun::identity {
namespace {

constexpr std::string_view kCriImageName = "io.kubernetes.cri.image-name";
constexpr std::string_view kTtrpcSuffix = ".ttrpc";

Result<ImageIdentity> from_docker(const LookupInput& in, const std::string& data_root) {
    auto image = read_docker_image(data_root, in.container_id);
    if (!image) return image.error();
    ImageIdentity out;
    out.repository = std::move(image->repository);
    out.reference = std::move(image->reference);
    out.manifest_digests = std::move(image->manifest_digests);
    out.config_digest = std::move(image->config_digest);
    out.source = "docker";
    return out;
}

// The manifest digest of image `name`, checked to be a sha256 digest.
Result<ImageRecord> image_target(ContainerdClient& client, const std::string& name) {
    auto image = client.get_image(name);
    if (!image) return image.error().with_context("image " + name);
    if (!is_sha256_digest(image->digest)) {
        return Error(ErrorCode::kIo, "image " + name + " has target digest \"" + image->digest + "\", not sha256");
    }
    return image;
}

// A CRI container: the config digest from the extension, the repository from the annotation.
Result<ImageIdentity> from_cri(const LookupInput& in, ContainerdClient& client, const std::string& image_ref) {
    auto name = get_string(in.spec, "/annotations/" + std::string(kCriImageName));
    if (!name) return name.error();
    if (!*name || (*name)->empty()) {
        return Error(ErrorCode::kNotFound, "CRI container with image " + image_ref + " but no " +
                                               std::string(kCriImageName) + " annotation");
    }
    auto ref = parse_image_reference(**name);
    if (!ref) return ref.error().with_context(std::string(kCriImageName));
    auto target = image_target(client, image_ref);
    if (!target) return target.error();
    ImageIdentity out;
    out.repository = ref->repository();
    out.reference = std::move(**name);
    out.manifest_digests = {target->digest};
    out.config_digest = image_ref;
    out.media_type = target->media_type;
    out.source = "cri";
    return out;
}

Result<ImageIdentity> from_containerd(const LookupInput& in, const std::string& socket) {
    const auto deadline = std::chrono::steady_clock::now() + in.timeout;
    auto client = ContainerdClient::connect(socket, in.engine_namespace, deadline);
    if (!client) return client.error().with_context(socket);
    auto container = client->get_container(in.container_id);
    const std::string who = "container " + in.engine_namespace + "/" + in.container_id;
    if (!container) return container.error().with_context(who);
    if (container->image.empty() && !container->cri_image_ref.empty()) {
        return from_cri(in, *client, container->cri_image_ref);
    }
    if (container->image.empty()) return Error(ErrorCode::kNotFound, who + " has no image");
    auto ref = parse_image_reference(container->image);
    if (!ref) return ref.error().with_context(who);
    auto target = image_target(*client, container->image);
    if (!target) return target.error();
    ImageIdentity out;
    out.repository = ref->repository();
    out.reference = container->image;
    out.manifest_digests = {target->digest};
    out.media_type = target->media_type;
    out.source = "containerd";
    return out;
}

Result<ImageIdentity> from_crio(const LookupInput& in, const CrioAnnotations& annotations) {
    auto image = read_crio_image(in.containers_storage, annotations);
    if (!image) return image.error();
    ImageIdentity out;
    out.repository = std::move(image->repository);
    out.reference = annotations.image_name;
    out.manifest_digests = std::move(image->manifest_digests);
    out.config_digest = std::move(image->config_digest);
    out.source = "cri-o";
    return out;
}

// Runs one source; on success returns true with `out` filled (keeping earlier `tried` lines),
// otherwise adds "<name>: <why>" to out.tried. Exceptions become lines too.
bool attempt(const char* name, ImageIdentity& out, const std::function<Result<ImageIdentity>()>& source) {
    std::string why;
    try {
        auto found = source();
        if (found && found->complete()) {
            found->tried = std::move(out.tried);
            out = std::move(*found);
            return true;
        }
        why = found ? "incomplete identity" : found.error().message();
    } catch (const std::exception& e) {
        why = std::string("internal error: ") + e.what();
    }
    out.tried.push_back(std::string(name) + ": " + why);
    return false;
}

}  // namespace

std::string containerd_socket(const LookupInput& input) {
    if (!input.containerd_address.empty()) return input.containerd_address;
    const std::string& t = input.ttrpc_address;
    if (t.size() > kTtrpcSuffix.size() && t.ends_with(kTtrpcSuffix)) return t.substr(0, t.size() - kTtrpcSuffix.size());
    return "";
}

ImageIdentity resolve_identity(const LookupInput& in) {
    ImageIdentity out;
    try {
        if (const auto root = docker_data_root(in.spec, in.container_id)) {
            if (attempt("docker", out, [&] { return from_docker(in, *root); })) return out;
        } else {
            out.tried.emplace_back("docker: the /etc/hostname mount is not <data-root>/containers/" +
                                   in.container_id + "/hostname");
        }
        if (const auto socket = containerd_socket(in); !socket.empty()) {
            if (attempt("containerd", out, [&] { return from_containerd(in, socket); })) return out;
        } else {
            out.tried.emplace_back("containerd: no address (neither given nor derivable from TTRPC_ADDRESS)");
        }
        auto annotations = read_crio_annotations(in.spec);
        if (!annotations) {
            out.tried.push_back("cri-o: " + annotations.error().message());
            return out;
        }
        attempt("cri-o", out, [&] { return from_crio(in, *annotations); });
    } catch (const std::exception& e) {
        out.tried.push_back(std::string("identity: internal error: ") + e.what());
    }
    return out;
}

Json identity_to_json(const ImageIdentity& identity) {
    return Json{{"complete", identity.complete()},
                {"repository", identity.repository},
                {"reference", identity.reference},
                {"manifest_digests", identity.manifest_digests},
                {"media_type", identity.media_type},
                {"config_digest", identity.config_digest},
                {"source", identity.source},
                {"tried", identity.tried}};
}

}  // namespace hardrun::identity
