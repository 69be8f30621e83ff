import { list } from "../../lib/kubernetes";
import { podOf, where, WORKLOAD_TYPES } from "../../lib/kubernetes";
import { resourceRule, type Violation, show } from "../../lib/rule";

const IMAGE = "docker-build:index:Image";

/** The tag of an image reference: undefined when it has none (a digest alone counts as pinned). */
export function tagOf(ref: string): string | undefined {
    const withoutDigest = ref.split("@")[0];
    const lastSlash = withoutDigest.lastIndexOf("/");
    const colon = withoutDigest.indexOf(":", lastSlash + 1);
    return colon < 0 ? undefined : withoutDigest.slice(colon + 1);
}

/**
 * `latest` (or no tag, which means latest) names whatever was pushed last: no rollback, no audit.
 * A digest pins an untagged reference; `latest` stays misleading even next to a digest.
 */
export function floatingTag(ref: string): string | undefined {
    const tag = tagOf(ref);
    if (tag === "latest") {
        return '"latest"';
    }
    return tag === undefined && !ref.includes("@sha256:") ? "no tag (means latest)" : undefined;
}

/** Images are referenced by a fixed tag or a digest, never `latest` or no tag; docker-build never pushes `latest`. */
export const noLatestTag = resourceRule(
    {
        name: "no-latest-tag",
        description: "No container image or built image tag is `latest` or untagged.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Reference images by their content tag and digest (ServiceImage.ref); pin third-party images to a version tag or digest.",
    },
    [...WORKLOAD_TYPES, IMAGE],
    (props, _config, args) => {
        if (args.type === IMAGE) {
            return list(props.tags).flatMap((t, i): Violation[] => {
                const floating = typeof t === "string" ? floatingTag(t) : undefined;
                return floating ? [{ field: `tags[${i}]`, actual: `${show(t)}: ${floating}`, expected: "a fixed tag (the content hash c-..., a release tag)", fix: "tag with the content hash; never push latest" }] : [];
            });
        }
        const pod = podOf(args.type, props);
        return (pod?.containers ?? []).flatMap((c): Violation[] => {
            const floating = typeof c.spec.image === "string" ? floatingTag(c.spec.image) : "no image";
            return floating ? [{ field: where(c, "image"), actual: `${show(c.spec.image)}: ${floating}`, expected: "a version tag or a digest", fix: "pin the image to a version tag, better a digest (repo@sha256:...)" }] : [];
        });
    },
);
