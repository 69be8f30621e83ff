import { show } from "../../lib/rule";
import { where, workloadRule } from "../../lib/kubernetes";

/** A digest names exact bytes: a re-pushed tag cannot change what runs (prod: mandatory). */
export const pinnedByDigest = workloadRule(
    {
        name: "pinned-by-digest",
        description: "Every container image is pinned by digest (repo@sha256:...).",
        severity: "medium",
        enforcementLevel: "advisory",
        remediationSteps: "Use ServiceImage.ref (tag@digest) for our images; pin third-party images with @sha256:<digest> (docker buildx imagetools inspect <image>).",
    },
    (pod) =>
        pod.containers
            .filter((c) => typeof c.spec.image !== "string" || !/@sha256:[0-9a-f]{64}$/.test(c.spec.image))
            .map((c) => ({ field: where(c, "image"), actual: show(c.spec.image), expected: "a digest reference (...@sha256:<64 hex>)", fix: "reference the image by digest" })),
);
