/**
 * Stage 2, who the workloads are and what they run: the Azure identities of the workloads that act
 * as one, and the service images: built and pushed to the stack's registry, or promoted from the
 * stack that built them (the profile's `images` trait).
 */
import * as pulumi from "@pulumi/pulumi";
import type { RoleGrant } from "../../components/azure/roles";
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

/** Image specs are validated and hashed before any resource is registered (createPlatform calls this first). */
export function planServiceImages(config: PlatformConfig, projectDir: string, flink: FlinkBuild) {
    return planImages(serviceImages(flink), projectDir, config.settings.imagePlatform);
}

export function createIdentities(config: PlatformConfig, foundation: Foundation): WorkloadIdentities | undefined {
    return foundation.kind === "azure" ? azureIdentities(config, foundation) : undefined;
}

function azureIdentities(config: PlatformConfig, { name, resourceGroup, cluster, lake, checkpoints }: AzureFoundation): WorkloadIdentities {
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
        // The worker keeps its identity (its pods federate with it) but has no business in the lake.
        worker: identity("worker", []),
        // The catalog writes tables' metadata files; the table jobs write, compact and delete their files.
        catalog: identity("catalog", [lake.readWrite(LAKEHOUSE.containers.warehouse)]),
        lakeTables: identity("lakeTables", [lake.readWrite(LAKEHOUSE.containers.warehouse)]),
    };
}

/** The stack's images: built here, or promoted from the stack the profile names. */
export function provideImages(config: PlatformConfig, plans: readonly ImagePlan[], foundation: Foundation): ServiceImages {
    const source = config.profile.traits.images;
    if (source.source === "build") return buildImages(config, plans, foundation);
    if (foundation.kind !== "azure") throw new Error(`profile ${config.profile.name}: images are promoted between Azure registries only`);
    return promoteImages(plans, source.fromStack, config.settings.sourceCommit, foundation);
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

/**
 * The images `fromStack` built and deployed (its `images` and `registryId` outputs), imported into
 * this stack's registry by digest. Every service this stack runs must be among them: a missing one
 * fails the update with its name, before anything is imported.
 */
function promoteImages(plans: readonly ImagePlan[], fromStack: string, sourceCommit: string, { registry }: AzureFoundation): ServiceImages {
    const stackName = `${pulumi.getOrganization()}/${pulumi.getProject()}/${fromStack}`;
    const source = new pulumi.StackReference("images-source", { name: stackName });
    const refs = pulumi.all([source.requireOutput("images"), source.getOutput("sourceCommit")]).apply(([images, commit]) => {
        const mismatch = commitMismatch(sourceCommit, commit as string | undefined, fromStack);
        if (mismatch) throw new pulumi.RunError(mismatch);
        return images as Record<string, string>;
    });
    const sourceRegistryId = source.requireOutput("registryId") as pulumi.Output<string>;
    return Object.fromEntries(
        plans.map((plan) => [
            plan.service,
            new PromotedImage(`image-${plan.service}`, {
                sourceRef: refs.apply((images) => {
                    if (typeof images?.[plan.service] !== "string") {
                        throw new Error(`stack ${stackName} has no image for ${plan.service} in its images output (it has: ${Object.keys(images ?? {}).join(", ") || "none"}); deploy ${fromStack} with this service first`);
                    }
                    return images[plan.service];
                }),
                sourceRegistryId,
                registry: { name: registry.registryName, loginServer: registry.loginServer },
                importAfter: registry.pushGrants,
            }),
        ]),
    ) as Record<ServiceName, PromotedImage>;
}
