import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { Image } from "@pulumi/docker-build/image";
import type { Platform } from "@pulumi/docker-build/types/enums";
import { contextHash } from "./context-hash";

/** The platforms images are built for: the AKS node architectures. */
export const IMAGE_PLATFORMS = ["linux/amd64", "linux/arm64"] as const satisfies readonly `${Platform}`[];

/** The tag every image's build cache lives under (never the runnable tag: exporting cache there would overwrite it). */
export const BUILD_CACHE_TAG = "buildcache";
/** Build-argument names that look like credentials; those belong in BuildKit secrets, never in args. */
export const SECRET_LOOKING_ARG = /(pass(word|wd)?|secret|token|credential|api[_-]?key|private[_-]?key|auth)/i;
/** Repository names in a registry: lower-case path components. */
const REPOSITORY_NAME = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/;
/** `FROM <image> AS <stage>` in a Dockerfile. */
const STAGE = /^\s*FROM\s+(?:--\S+\s+)*\S+\s+AS\s+([A-Za-z0-9_.-]+)\s*$/gim;

/** How one service's image is built, as a service catalog states it. */
export interface ImageSpec {
    /** Build context, relative to the project directory (where Pulumi.yaml is). */
    readonly context: string;
    /**
     * Dockerfile, relative to the context.
     * @default "Dockerfile"
     */
    readonly dockerfile?: string;
    /** The stage to build (the runtime stage; never a development stage for a deployed image). */
    readonly target: string;
    /**
     * Repository in the registry.
     * @default - the service name
     */
    readonly repository?: string;
    /**
     * Build arguments: configuration only. Names that look like credentials are refused.
     * @default - none
     */
    readonly buildArgs?: Readonly<Record<string, string>>;
}

/** A validated build with its content-hash tag: plain data, computed before any resource exists. */
export interface ImagePlan {
    readonly service: string;
    readonly repository: string;
    /** Context and Dockerfile as given (relative), so the resource's inputs do not depend on the checkout location. */
    readonly context: string;
    readonly dockerfile: string;
    readonly target: string;
    readonly platform: Platform;
    readonly buildArgs: Readonly<Record<string, string>>;
    /** `c-<hash>`: changes exactly when what the build sees changes. */
    readonly contentTag: string;
    readonly fileCount: number;
}

/** One problem with a service's image spec. */
export interface ImageSpecProblem {
    readonly service: string;
    readonly field: string;
    readonly value: string;
    readonly expected: string;
}

export class ImageSpecError extends Error {
    constructor(readonly problems: readonly ImageSpecProblem[]) {
        super(
            `Invalid image specs (${problems.length} problem${problems.length === 1 ? "" : "s"}); nothing was created:\n` +
                problems.map((p) => `  - ${p.service}.${p.field} = ${p.value}: expected ${p.expected}`).join("\n"),
        );
        this.name = "ImageSpecError";
    }
}

/**
 * Validates every spec (all problems at once) and computes each image's content tag. Paths are
 * resolved against `projectDir`; the plans keep them relative.
 */
export function planImages(specs: Readonly<Record<string, ImageSpec>>, projectDir: string, platform: Platform): ImagePlan[] {
    const problems: ImageSpecProblem[] = [];
    const plans: ImagePlan[] = [];
    for (const [service, spec] of Object.entries(specs)) {
        const problem = (field: string, value: unknown, expected: string) => problems.push({ service, field, value: JSON.stringify(value), expected });
        const repository = spec.repository ?? service;
        const dockerfile = path.posix.join(spec.context, spec.dockerfile ?? "Dockerfile");
        const contextDir = path.resolve(projectDir, spec.context);
        const dockerfilePath = path.resolve(projectDir, dockerfile);
        if (!REPOSITORY_NAME.test(repository)) {
            problem("repository", repository, "a registry repository name (lower-case letters, digits, . _ - and / between components)");
        }
        for (const name of Object.keys(spec.buildArgs ?? {}).filter((n) => SECRET_LOOKING_ARG.test(n))) {
            problem(`buildArgs.${name}`, "(value hidden)", "no credential in build args (they stay in the image history); pass it as a BuildKit secret");
        }
        if (!fs.existsSync(contextDir) || !fs.statSync(contextDir).isDirectory()) {
            problem("context", spec.context, `a directory under the project directory ${projectDir}`);
            continue;
        }
        if (!fs.existsSync(dockerfilePath)) {
            problem("dockerfile", dockerfile, "an existing Dockerfile");
            continue;
        }
        const stages = [...fs.readFileSync(dockerfilePath, "utf8").matchAll(STAGE)].map((m) => m[1]);
        if (!stages.includes(spec.target)) {
            problem("target", spec.target, `a stage of ${dockerfile} (${stages.join(", ") || "it names none"})`);
            continue;
        }
        const buildArgs = spec.buildArgs ?? {};
        const hash = contextHash({ context: contextDir, dockerfile: dockerfilePath, target: spec.target, platform, buildArgs });
        plans.push({ service, repository, context: spec.context, dockerfile, target: spec.target, platform, buildArgs, contentTag: hash.tag, fileCount: hash.fileCount });
    }
    if (problems.length > 0) {
        throw new ImageSpecError(problems);
    }
    return plans;
}

/**
 * The registry and how the builder logs in: ACR with an Entra ID token exchanged for a registry
 * token (never the admin user), or a local cluster's registry that takes pushes without a login.
 */
export interface RegistryLogin {
    /** `<name>.azurecr.io`, or a local registry's `host:port` */
    readonly loginServer: pulumi.Input<string>;
    /** Absent: the registry takes pushes without a login (a local cluster's registry). */
    readonly credentials?: { readonly username: pulumi.Input<string>; readonly password: pulumi.Input<string> };
}

export interface ServiceImageArgs {
    /** The validated build (`planImages`). */
    readonly plan: ImagePlan;
    /** Registry and credentials to push with. */
    readonly registry: RegistryLogin;
    /**
     * Resources the push must wait for without a data link (the builder's AcrPush assignment).
     * @default - none
     */
    readonly pushAfter?: readonly pulumi.Resource[];
    /**
     * An extra tag next to the content tag (e.g. a release version).
     * @default - none
     */
    readonly releaseTag?: string;
    /**
     * Build during previews too (never pushed). Off lets pull-request previews skip builds.
     * @default false
     */
    readonly buildOnPreview?: boolean;
    /**
     * The buildx builder to build with (a remote BuildKit, Docker Build Cloud).
     * @default - Docker's default builder on the machine running Pulumi
     */
    readonly builder?: string;
    /**
     * BuildKit secrets (`RUN --mount=type=secret,id=<key>`): never in a layer, never in the history.
     * @default - none
     */
    readonly secrets?: Readonly<Record<string, pulumi.Input<string>>>;
}

/**
 * One service image: built from its context and target for the planned platform, pushed to the
 * registry under its content-hash tag, with the registry build cache on `<repo>:buildcache` (mode
 * max). Workloads use `ref`, which pins the pushed digest, so a pod changes only when its image does.
 */
export class ServiceImage extends pulumi.ComponentResource {
    readonly image: Image;
    /** `<loginServer>/<repository>` */
    readonly repository: pulumi.Output<string>;
    /** `<repository>:c-<hash>` */
    readonly contentTag: pulumi.Output<string>;
    /** `<repository>:c-<hash>@sha256:<digest>`: the only ref workloads may use. */
    readonly ref: pulumi.Output<string>;

    constructor(name: string, args: ServiceImageArgs, opts?: pulumi.ComponentResourceOptions) {
        super("streaming-platform:build:ServiceImage", name, {}, opts);
        const { plan } = args;
        this.repository = pulumi.interpolate`${args.registry.loginServer}/${plan.repository}`;
        this.contentTag = pulumi.interpolate`${this.repository}:${plan.contentTag}`;
        const cache = pulumi.interpolate`${this.repository}:${BUILD_CACHE_TAG}`;

        this.image = new Image(
            `${name}-image`,
            {
                context: { location: plan.context },
                dockerfile: { location: plan.dockerfile },
                target: plan.target,
                platforms: [plan.platform],
                buildArgs: Object.keys(plan.buildArgs).length > 0 ? { ...plan.buildArgs } : undefined,
                secrets: args.secrets ? { ...args.secrets } : undefined,
                tags: [this.contentTag, ...(args.releaseTag ? [pulumi.interpolate`${this.repository}:${args.releaseTag}`] : [])],
                push: true,
                registries: args.registry.credentials
                    ? [{ address: args.registry.loginServer, username: args.registry.credentials.username, password: pulumi.secret(args.registry.credentials.password) }]
                    : undefined,
                cacheFrom: [{ registry: { ref: cache } }],
                cacheTo: [{ registry: { ref: cache, mode: "max", imageManifest: true, ociMediaTypes: true } }],
                buildOnPreview: args.buildOnPreview ?? false,
                builder: args.builder ? { name: args.builder } : undefined,
                labels: {
                    "org.opencontainers.image.title": plan.service,
                    "org.opencontainers.image.version": plan.contentTag,
                },
            },
            { parent: this, dependsOn: args.pushAfter ? [...args.pushAfter] : undefined },
        );
        this.ref = this.image.ref;

        this.registerOutputs({ repository: this.repository, contentTag: this.contentTag, ref: this.ref });
    }
}
