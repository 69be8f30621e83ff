/**
 * Stage 2, who the workloads are and what they run: the Azure identities of the workloads that act
 * as one, and the service images built once and pushed to the stack's registry.
 */
import type { RoleGrant } from "../../components/azure/roles";
import { WorkloadIdentity } from "../../components/azure/workload-identity";
import { acrLogin } from "../../components/build/acr-login";
import { planImages, ServiceImage } from "../../components/build/service-image";
import type { PlatformConfig } from "../config";
import type { FlinkBuild } from "../flink-build";
import { serviceImages, type ServiceName } from "../services";
import { WORKLOAD_SERVICE_ACCOUNTS } from "../workloads";
import type { Foundation } from "./foundation";

export type WorkloadIdentities = Readonly<Record<keyof typeof WORKLOAD_SERVICE_ACCOUNTS, WorkloadIdentity>>;
export type ServiceImages = Readonly<Record<ServiceName, ServiceImage>>;

/** Image specs are validated and hashed before any resource is registered (createPlatform calls this first). */
export function planServiceImages(config: PlatformConfig, projectDir: string, flink: FlinkBuild) {
    return planImages(serviceImages(flink), projectDir, config.settings.imagePlatform);
}

export function createIdentities(config: PlatformConfig, { name, resourceGroup, cluster, lake, checkpoints }: Foundation): WorkloadIdentities {
    const identity = (role: keyof typeof WORKLOAD_SERVICE_ACCOUNTS, grants: readonly RoleGrant[]) =>
        new WorkloadIdentity(`identity-${role}`, {
            resourceGroupName: resourceGroup.name,
            location: resourceGroup.location,
            identityName: name("userAssignedIdentity", `${role}-wi`),
            oidcIssuerUrl: cluster.oidcIssuerUrl,
            serviceAccount: WORKLOAD_SERVICE_ACCOUNTS[role],
            grants,
            tags: config.tags,
        });
    return {
        flink: identity("flink", [checkpoints.readWrite(), lake.readWrite()]),
        worker: identity("worker", [lake.readWrite("bronze")]),
    };
}

export function buildImages(config: PlatformConfig, plans: ReturnType<typeof planServiceImages>, { deployer, registry }: Foundation): ServiceImages {
    const { settings } = config;
    // Images push with the deployer's Entra ID identity (token exchange), never the admin user.
    const login = acrLogin(registry.loginServer, deployer.tenantId);
    return Object.fromEntries(
        plans.map((plan) => [
            plan.service,
            new ServiceImage(`image-${plan.service}`, {
                plan,
                registry: login,
                releaseTag: settings.releaseTag === "" ? undefined : settings.releaseTag,
                buildOnPreview: settings.buildOnPreview,
                pushAfter: registry.pushGrants,
            }),
        ]),
    ) as Record<ServiceName, ServiceImage>;
}
