import { show } from "../../lib/rule";
import { where, workloadRule } from "../../lib/kubernetes";

export interface ImagesFromStackRegistryConfig {
    /** Regular expression the image reference must start with: the stack's registry. */
    registryPattern: string;
}

/** Images come from the stack's own registry: scanned, access-controlled, reachable over the private endpoint. */
export const imagesFromStackRegistry = workloadRule<ImagesFromStackRegistryConfig>(
    {
        name: "images-from-stack-registry",
        description: "Every container image comes from the stack's container registry.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Build or import the image into the stack's registry (`az acr import`) and reference it from there; a deliberate exception needs an exemption with its reason.",
        configSchema: { properties: { registryPattern: { type: "string", default: "[a-z0-9]+\\.azurecr\\.io/" } } },
    },
    (pod, config) => {
        const pattern = new RegExp(`^(?:${config.registryPattern})`);
        return pod.containers
            .filter((c) => typeof c.spec.image !== "string" || !pattern.test(c.spec.image))
            .map((c) => ({ field: where(c, "image"), actual: show(c.spec.image), expected: `an image from the stack's registry (matching ${config.registryPattern})`, fix: "push or import the image into the stack's registry and reference it there" }));
    },
);
