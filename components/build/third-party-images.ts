/**
 * The third-party images the platform runs on its Azure clusters, declared once: where each comes
 * from, its tag, and the digest it is pinned to. Every Azure stack runs them from its own registry
 * (`mirror/<upstream path>`), never from the upstream: the building stack imports each at its pinned
 * digest (MirroredImage), a promoting stack imports that stack's copy (PromotedImage), so prod runs
 * the bytes dev ran. A local stack pulls them from upstream at the same digests.
 *
 * A digest is pinned only where a published source says it (each entry names it). An entry without
 * one says why; its building stack imports the tag once and keeps the digest it got (the import runs
 * again only when the entry changes), and every stack after it runs that digest. To pin one, read
 * the digest from the upstream (`crane digest <source>:<tag>`, or `az acr manifest show-metadata`
 * of the mirror) and add it here.
 */

/** One image from outside the platform. */
export interface ThirdPartyImage {
    /** Registry and repository upstream: `docker.io/library/redis`. */
    readonly source: string;
    readonly tag: string;
    /** `sha256:<64 hex>`, or undefined with `provenance` saying why. */
    readonly digest?: string;
    /** Where the digest comes from (with a digest), or why there is none (without). */
    readonly provenance: string;
}

export const THIRD_PARTY_IMAGES = {
    redis: {
        source: "docker.io/library/redis",
        tag: "7.4.2-alpine",
        digest: "sha256:02419de7eddf55aa5bcf49efb74e88fa8d931b4d77c07eff8a6b2144472b6952",
        provenance: "the official image's index digest for this tag, pinned alike in many public repositories",
    },
    redisExporter: {
        source: "docker.io/oliver006/redis_exporter",
        tag: "v1.67.0-alpine",
        digest: "sha256:ef9e3c9afa9072b8a4db8bc2b01471cd582a6a1db23760bc5fdb9e3c21842205",
        provenance: "the tag's digest as a public repository pins it",
    },
    lakekeeper: {
        source: "quay.io/lakekeeper/catalog",
        tag: "v0.13.1",
        digest: "sha256:4749ee267a4524502f9786e3f7eb8d34c8fe2a7b316d232bab80ca47563d7c68",
        provenance: "the tag's digest as a public repository's deployment notes pin it",
    },
    strimziOperator: {
        source: "quay.io/strimzi/operator",
        tag: "0.49.1",
        digest: "sha256:f0cea0535f65bca8d9e503d62de27bd1327e18e8cee64a515f3e9d06506c5aad",
        provenance: "Strimzi 0.49.1's release notes (container images of the release)",
    },
    strimziKafka: {
        source: "quay.io/strimzi/kafka",
        tag: "0.49.1-kafka-4.1.1",
        digest: "sha256:bfbee54f85beb3731cf41483befa39d8c5ebe5db002df6265c6ea95b6a156749",
        provenance: "Strimzi 0.49.1's release notes (Apache Kafka 4.1.1)",
    },
    flinkOperator: {
        source: "docker.io/apache/flink-kubernetes-operator",
        tag: "1.11.0",
        provenance: "Apache Flink publishes no digest for its operator image; the first mirror keeps the digest it imported",
    },
    ratify: {
        source: "ghcr.io/ratify-project/ratify",
        tag: "v1.4.0",
        provenance: "the Ratify project publishes no digest for its release images; the first mirror keeps the digest it imported",
    },
} as const satisfies Record<string, ThirdPartyImage>;

export type ThirdPartyName = keyof typeof THIRD_PARTY_IMAGES;
export const THIRD_PARTY_NAMES = Object.keys(THIRD_PARTY_IMAGES) as ThirdPartyName[];

const DIGEST = /^sha256:[0-9a-f]{64}$/;
const SOURCE = /^([a-z0-9.-]+\.[a-z]{2,}(?::\d+)?)\/([a-z0-9]+(?:[._/-][a-z0-9]+)*)$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
/** The folder of the stack registry that holds mirrored images. */
export const MIRROR_FOLDER = "mirror";

/** Every problem of a catalog, at once (empty: fine). */
export function thirdPartyProblems(catalog: Readonly<Record<string, ThirdPartyImage>>): string[] {
    const problems: string[] = [];
    for (const [name, image] of Object.entries(catalog)) {
        if (!SOURCE.test(image.source)) problems.push(`${name}.source ${JSON.stringify(image.source)}: expected <registry host>/<repository>, such as docker.io/library/redis (the registry named, never implied)`);
        if (!TAG.test(image.tag)) problems.push(`${name}.tag ${JSON.stringify(image.tag)}: expected an image tag`);
        if (image.tag === "latest") problems.push(`${name}.tag "latest": pin a version tag`);
        if (image.digest !== undefined && !DIGEST.test(image.digest)) problems.push(`${name}.digest ${JSON.stringify(image.digest)}: expected sha256:<64 lower-case hex digits>`);
        if (image.provenance.trim() === "") problems.push(`${name}.provenance: say where the digest comes from, or why there is none`);
    }
    return problems;
}

/** The upstream registry and repository path of an image. */
export function sourceParts(image: ThirdPartyImage): { registry: string; path: string } {
    const match = SOURCE.exec(image.source);
    if (!match) throw new Error(`third-party image source ${JSON.stringify(image.source)}: expected <registry host>/<repository>`);
    return { registry: match[1], path: match[2] };
}

/** The repository of the image's copy in a stack registry: `mirror/<upstream path>`. */
export function mirrorRepository(image: ThirdPartyImage): string {
    return `${MIRROR_FOLDER}/${sourceParts(image).path}`;
}

/** What to pull upstream: by digest where pinned (`<source>:<tag>@<digest>`), else by tag. */
export function upstreamRef(image: ThirdPartyImage): string {
    return `${image.source}:${image.tag}${image.digest ? `@${image.digest}` : ""}`;
}

/** A copy's ref in a registry: `<loginServer>/mirror/<path>:<tag>@<digest>`. */
export function mirrorRef(loginServer: string, image: ThirdPartyImage, digest: string): string {
    if (!DIGEST.test(digest)) throw new Error(`mirrored image ${image.source}:${image.tag}: the import gave ${JSON.stringify(digest)}, not a digest (sha256:<64 hex>)`);
    return `${loginServer}/${mirrorRepository(image)}:${image.tag}@${digest}`;
}

/** A digest-pinned ref as a chart's `image` values with a full repository take it (`<registry>/<repository>`, the digest). */
export function chartImage(ref: string): { repository: string; digest: string } {
    const { registry, repository, digest } = splitDigestRef(ref);
    return { repository: `${registry}/${repository}`, digest };
}

/** The registry, repository, tag and digest of a digest-pinned ref, as Helm charts take them apart. */
export function splitDigestRef(ref: string): { registry: string; repository: string; tag: string | undefined; digest: string } {
    const match = /^([^/]+)\/(.+?)(?::([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?@(sha256:[0-9a-f]{64})$/.exec(ref);
    if (!match) throw new Error(`image ref ${JSON.stringify(ref)}: expected <registry>/<repository>[:<tag>]@sha256:<64 hex>`);
    return { registry: match[1], repository: match[2], tag: match[3], digest: match[4] };
}
