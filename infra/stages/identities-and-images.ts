/**
 * Stage 2, who the workloads are and what they run: the Azure identities of the workloads that act
 * as one; the service images, built and pushed to the stack's registry or promoted from the stack
 * that built them (the profile's `images` trait); the third-party images, mirrored or promoted the
 * same way; and how the stack vouches for each image (signature, scan gate: `supplyChain`).
 */
import * as pulumi from "@pulumi/pulumi";
import { assignRoles, type RoleGrant } from "../../components/azure/roles";
import { SigningCertificate, signingSubject } from "../../components/azure/signing-certificate";
import { ImageSignature } from "../../components/build/image-signature";
import { MirroredImage } from "../../components/build/mirrored-image";
import { ScanGate } from "../../components/build/scan-gate";
import { THIRD_PARTY_IMAGES, THIRD_PARTY_NAMES, thirdPartyProblems, upstreamRef, type ThirdPartyName } from "../../components/build/third-party-images";
import { azureTraits } from "../../stacks/profiles";
import { WorkloadIdentity } from "../../components/azure/workload-identity";
import { acrLogin } from "../../components/build/acr-login";
import { PromotedImage } from "../../components/build/promoted-image";
import { planImages, ServiceImage, type ImagePlan } from "../../components/build/service-image";
import type { PlatformConfig } from "../config";
import type { FlinkBuild } from "../flink-build";
import { serviceImages, type ServiceName } from "../services";
import { LAKEHOUSE, WORKLOAD_SERVICE_ACCOUNTS } from "../workloads";
import type { AzureFoundation, Foundation } from "./foundation";

/** The workloads' Azure identities; a local cluster has none (its workloads use keys from Secrets). */
export type WorkloadIdentities = Readonly<Record<keyof typeof WORKLOAD_SERVICE_ACCOUNTS, WorkloadIdentity>>;
/** What workloads need of an image: the ref that pins its digest. */
export type ServiceImages = Readonly<Record<ServiceName, { readonly ref: pulumi.Output<string> }>>;
/** The third-party images, as this stack runs them: from its registry on Azure, from upstream on a local cluster. */
export type ThirdPartyImages = Readonly<Record<ThirdPartyName, { readonly ref: pulumi.Output<string> }>>;

/**
 * How this stack vouches for an image before a workload may use it: on Azure with the profile's
 * `supplyChain.sign`, a Notation signature in its registry with the Key Vault certificate
 * (`vouch` returns the ref through the signature); a scan gate in front of what it promotes
 * (`supplyChain.scanBeforePromotion`).
 */
export interface ImageVouching {
    readonly vouch: (name: string, ref: pulumi.Output<string>) => pulumi.Output<string>;
    readonly scanBeforePromotion: boolean;
    /** The signing certificate (undefined: images are not signed). */
    readonly certificate?: SigningCertificate;
    /** The certificate's X.509 subject: the identity the cluster trusts. */
    readonly subject?: string;
}

/** Image specs are validated and hashed before any resource is registered (createPlatform calls this first). */
export function planServiceImages(config: PlatformConfig, projectDir: string, flink: FlinkBuild) {
    return planImages(serviceImages(flink), projectDir, config.settings.imagePlatform);
}

export function createIdentities(config: PlatformConfig, foundation: Foundation): WorkloadIdentities | undefined {
    return foundation.kind === "azure" ? azureIdentities(config, foundation) : undefined;
}

function azureIdentities(config: PlatformConfig, { name, resourceGroup, cluster, lake, checkpoints, registry, keyVault }: AzureFoundation): WorkloadIdentities {
    const identity = (role: keyof typeof WORKLOAD_SERVICE_ACCOUNTS, grants: readonly RoleGrant[]) => {
        // Resource and Azure names in kebab case (lakeTables: lake-tables).
        const label = role.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
        return new WorkloadIdentity(`identity-${label}`, {
            resourceGroupName: resourceGroup.name,
            location: resourceGroup.location,
            identityName: name("userAssignedIdentity", `${label}-wi`),
            oidcIssuerUrl: cluster.oidcIssuerUrl,
            serviceAccount: WORKLOAD_SERVICE_ACCOUNTS[role],
            grants,
            tags: config.tags,
        });
    };
    return {
        // The job writes its state, and its tables' files in the warehouse (never the rest of the lake).
        flink: identity("flink", [checkpoints.readWrite(), lake.readWrite(LAKEHOUSE.containers.warehouse)]),
        // The api and Redis read their own secrets in Key Vault (each secret grants its reader: WorkloadSecrets).
        api: identity("api", []),
        redis: identity("redis", []),
        // The worker keeps its identity (its pods federate with it) but has no business in the lake.
        worker: identity("worker", []),
        // The catalog writes tables' metadata files; the table jobs write, compact and delete their files.
        catalog: identity("catalog", [lake.readWrite(LAKEHOUSE.containers.warehouse)]),
        lakeTables: identity("lakeTables", [lake.readWrite(LAKEHOUSE.containers.warehouse)]),
        // Ratify reads images' signatures in the registry and the signing certificate in the vault.
        ratify: identity("ratify", [registry.pull(), keyVault.certificateUser()]),
    };
}

/** How this stack vouches for images (see ImageVouching); a local cluster's images are taken as built. */
export function createImageVouching(config: PlatformConfig, foundation: Foundation): ImageVouching {
    if (foundation.kind !== "azure") return { vouch: (_name, ref) => ref, scanBeforePromotion: false };
    const supplyChain = azureTraits(config.profile).supplyChain;
    if (!supplyChain.sign) return { vouch: (_name, ref) => ref, scanBeforePromotion: supplyChain.scanBeforePromotion };
    const { keyVault, registry, deployer } = foundation;
    // The deployer creates the certificate and signs with its key (Notation's azure-kv plugin).
    const grants = assignRoles("deployer-image-signing", { principalId: deployer.objectId }, [keyVault.certificatesOfficer(), keyVault.cryptoUser()], {});
    const subject = signingSubject(config.project, config.stack);
    const certificate = new SigningCertificate("image-signing", {
        vaultName: keyVault.vaultName,
        vaultUri: keyVault.vaultUri,
        generation: config.settings.imageSigningKeyGeneration,
        subject,
        grants: grants.map((grant) => grant.id),
    });
    return {
        vouch: (name, ref) => new ImageSignature(`sign-${name}`, { ref, registryName: registry.registryName, keyId: certificate.keyId }).ref,
        scanBeforePromotion: supplyChain.scanBeforePromotion,
        certificate,
        subject,
    };
}

/**
 * The third-party images: on Azure copied into the stack's registry at their pinned digests (a
 * building stack) or from the stack it promotes from (the same digests), each vouched for; a local
 * cluster pulls them from upstream. The catalog is checked before any resource is registered.
 */
export function provideThirdPartyImages(config: PlatformConfig, foundation: Foundation, source: PromotionSource | undefined, vouching: ImageVouching): ThirdPartyImages {
    const problems = thirdPartyProblems(THIRD_PARTY_IMAGES);
    if (problems.length > 0) throw new Error(`THIRD_PARTY_IMAGES (components/build/third-party-images.ts):\n  - ${problems.join("\n  - ")}`);
    if (foundation.kind !== "azure") {
        return Object.fromEntries(THIRD_PARTY_NAMES.map((name) => [name, { ref: pulumi.output(upstreamRef(THIRD_PARTY_IMAGES[name])) }])) as Record<ThirdPartyName, { ref: pulumi.Output<string> }>;
    }
    const { registry } = foundation;
    const refs: Record<string, pulumi.Output<string>> =
        source === undefined
            ? Object.fromEntries(
                  THIRD_PARTY_NAMES.map((name) => [
                      name,
                      new MirroredImage(`mirror-${name}`, { image: THIRD_PARTY_IMAGES[name], registry: { name: registry.registryName, loginServer: registry.loginServer }, importAfter: registry.pushGrants }).ref,
                  ]),
              )
            : promoteFrom(THIRD_PARTY_NAMES, "mirroredImages", "mirror", source, config.settings.sourceCommit, foundation, vouching);
    return Object.fromEntries(THIRD_PARTY_NAMES.map((name) => [name, { ref: vouching.vouch(`mirror-${name}`, refs[name]) }])) as Record<ThirdPartyName, { ref: pulumi.Output<string> }>;
}

/** The stack's images: built here, or promoted from the stack the profile names. */
export function provideImages(config: PlatformConfig, plans: readonly ImagePlan[], foundation: Foundation, source: PromotionSource | undefined, vouching: ImageVouching): ServiceImages {
    let refs: Record<string, pulumi.Output<string>>;
    if (!source) {
        refs = Object.fromEntries(Object.entries(buildImages(config, plans, foundation)).map(([service, image]) => [service, image.ref]));
    } else {
        if (foundation.kind !== "azure") throw new Error(`profile ${config.profile.name}: images are promoted between Azure registries only`);
        refs = promoteFrom(plans.map((plan) => plan.service), "images", "image", source, config.settings.sourceCommit, foundation, vouching);
    }
    return Object.fromEntries(plans.map((plan) => [plan.service, { ref: vouching.vouch(`image-${plan.service}`, refs[plan.service]) }])) as Record<ServiceName, { ref: pulumi.Output<string> }>;
}

/**
 * Why a promotion must not go ahead: this stack deploys `own` commit but the images come from
 * `source`'s (undefined: they agree, or a side did not say which commit it is).
 */
export function commitMismatch(own: string, source: string | undefined, fromStack: string): string | undefined {
    if (own === "" || !source || own === source) return undefined;
    return (
        `this stack deploys commit ${own}, but ${fromStack}'s images come from commit ${source} (${fromStack} deployed again since this promotion started); ` +
        `run the promotion again: it checks out the commit ${fromStack} deployed`
    );
}

function buildImages(config: PlatformConfig, plans: readonly ImagePlan[], foundation: Foundation): ServiceImages {
    const { settings } = config;
    // ACR: images push with the deployer's Entra ID identity (token exchange), never the admin user.
    // A local cluster's registry takes pushes without a login.
    const login = foundation.kind === "azure" ? acrLogin(foundation.registry.loginServer, foundation.deployer.tenantId) : { loginServer: foundation.registry.loginServer };
    const pushAfter = foundation.kind === "azure" ? foundation.registry.pushGrants : undefined;
    return Object.fromEntries(
        plans.map((plan) => [
            plan.service,
            new ServiceImage(`image-${plan.service}`, {
                plan,
                registry: login,
                releaseTag: settings.releaseTag === "" ? undefined : settings.releaseTag,
                buildOnPreview: settings.buildOnPreview,
                builder: settings.imageBuilder === "" ? undefined : settings.imageBuilder,
                pushAfter,
            }),
        ]),
    ) as Record<ServiceName, ServiceImage>;
}

/** The stack this one promotes its images from (the profile's `images`), referenced once; undefined: it builds them. */
export interface PromotionSource {
    readonly fromStack: string;
    readonly stackName: string;
    readonly reference: pulumi.StackReference;
}

export function promotionSource(config: PlatformConfig): PromotionSource | undefined {
    const source = config.profile.traits.images;
    if (source.source === "build") return undefined;
    const stackName = `${pulumi.getOrganization()}/${pulumi.getProject()}/${source.fromStack}`;
    return { fromStack: source.fromStack, stackName, reference: new pulumi.StackReference("images-source", { name: stackName }) };
}

/**
 * The images `fromStack` deployed (its `output` map of refs, with its `registryId`), each scanned
 * where it is when the profile says so, then imported into this stack's registry by digest. Every
 * image this stack runs must be among them: a missing one fails the update with its name, before
 * anything is imported. Resources are named `<prefix>-<name>`.
 */
function promoteFrom(
    names: readonly string[],
    output: "images" | "mirroredImages",
    prefix: string,
    { fromStack, stackName, reference: source }: PromotionSource,
    sourceCommit: string,
    { registry }: AzureFoundation,
    vouching: ImageVouching,
): Record<string, pulumi.Output<string>> {
    const refs = pulumi.all([source.requireOutput(output), source.getOutput("sourceCommit")]).apply(([images, commit]) => {
        const mismatch = commitMismatch(sourceCommit, commit as string | undefined, fromStack);
        if (mismatch) throw new pulumi.RunError(mismatch);
        return images as Record<string, string>;
    });
    const sourceRegistryId = source.requireOutput("registryId") as pulumi.Output<string>;
    const sourceRegistryName = sourceRegistryId.apply((id) => id.split("/").pop() ?? id);
    return Object.fromEntries(
        names.map((name) => {
            const sourceRef = refs.apply((images) => {
                if (typeof images?.[name] !== "string") {
                    throw new Error(`stack ${stackName} has no image for ${name} in its ${output} output (it has: ${Object.keys(images ?? {}).join(", ") || "none"}); deploy ${fromStack} with it first`);
                }
                return images[name];
            });
            // Scanned in the source registry: nothing with a fixable critical vulnerability is imported.
            const gated = vouching.scanBeforePromotion ? new ScanGate(`scan-${prefix}-${name}`, { ref: sourceRef, registryName: sourceRegistryName }).ref : sourceRef;
            const promoted = new PromotedImage(`${prefix}-${name}`, {
                sourceRef: gated,
                sourceRegistryId,
                registry: { name: registry.registryName, loginServer: registry.loginServer },
                importAfter: registry.pushGrants,
            });
            return [name, promoted.ref];
        }),
    );
}
