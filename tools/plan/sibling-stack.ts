/**
 * Stand-in outputs of another stack of this project, for a StackReference to it (prod's images
 * come from dev's `images` and `mirroredImages` outputs): what that stack would export if it deployed this checkout. Its
 * image refs carry this checkout's content tags (for that stack's image platform) and the offline
 * digest of each, the same digest that stack's own offline plan gives its Image; its registry is a
 * marked placeholder (`<stack>-registry.offline.invalid`).
 */
import { createHash } from "node:crypto";
import type { Platform } from "@pulumi/docker-build/types/enums";
import { planImages } from "../../components/build/service-image";
import { keySpec } from "../../infra/config-keys";
import { readFlinkBuild } from "../../infra/flink-build";
import { serviceImages } from "../../infra/services";
import { mirrorRef, mirrorRepository, THIRD_PARTY_IMAGES } from "../../components/build/third-party-images";
import { readProjectFile, readStackConfig } from "./stack-files";

/** The digest the offline plan gives an image: derived from its repository and content tag (not its registry, as a pushed digest would not be). */
export function offlineDigest(repository: string, tag: string): string {
    return `sha256:${createHash("sha256").update(`offline:${repository}:${tag}`).digest("hex")}`;
}

/** `stack`'s outputs `images`, `sourceCommit` (its stack file's) and `registryId` as it would export them; its registry lives in `subscription`. */
export function siblingStackOutputs(stack: string, subscription: string, projectDir: string = process.cwd()): Record<string, unknown> {
    const project = readProjectFile(projectDir);
    const config = readStackConfig(projectDir, project, stack).config;
    const platform = (config[`${project.name}:imagePlatform`] ?? keySpec("imagePlatform").default) as Platform;
    const plans = planImages(serviceImages(readFlinkBuild(projectDir)), projectDir, platform);
    const loginServer = `${stack}-registry.offline.invalid`;
    return {
        images: Object.fromEntries(plans.map((plan) => [plan.service, `${loginServer}/${plan.repository}:${plan.contentTag}@${offlineDigest(plan.repository, plan.contentTag)}`])),
        // The third-party images as its mirrors hold them: the pinned digest, else an offline one.
        mirroredImages: Object.fromEntries(
            Object.entries(THIRD_PARTY_IMAGES).map(([name, image]) => [name, mirrorRef(loginServer, image, "digest" in image ? image.digest : offlineDigest(mirrorRepository(image), image.tag))]),
        ),
        sourceCommit: config[`${project.name}:sourceCommit`] ?? "",
        registryId: `/subscriptions/${subscription}/resourceGroups/offline-${stack}/providers/Microsoft.ContainerRegistry/registries/offline${stack}`,
    };
}
