/**
 * Wires the components together, as a list of stages (infra/stages/): each gets the stack's config
 * and the outputs of the stages before it, and returns typed outputs. Environment differences
 * arrive as settings and profile traits, never as `if (prod)`.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { PlatformConfig } from "./config";
import { readFlinkBuild } from "./flink-build";
import { readLakeTables } from "./lake-tables";
import { createLakehouse, type Lakehouse } from "./stages/lakehouse";
import { LAKEHOUSE } from "./workloads";
import { createApplications, type Applications } from "./stages/applications";
import { createDataAndMessaging, type DataAndMessaging } from "./stages/data-and-messaging";
import { createFoundation, type Foundation } from "./stages/foundation";
import {
    createIdentities,
    createImageVouching,
    planServiceImages,
    promotionSource,
    provideImages,
    provideThirdPartyImages,
    type ImageVouching,
    type ServiceImages,
    type ThirdPartyImages,
    type WorkloadIdentities,
} from "./stages/identities-and-images";
import { createObservability, type Observability } from "./stages/observability";

export type Platform = Pick<DataAndMessaging, "namespaces" | "redis" | "kafka" | "topics" | "objectStore"> &
    Applications &
    Observability & {
        readonly foundation: Foundation;
        readonly identities: WorkloadIdentities | undefined;
        readonly images: ServiceImages;
        readonly thirdPartyImages: ThirdPartyImages;
        readonly vouching: ImageVouching;
        /** Where the services reach Kafka. */
        readonly kafkaBootstrapServers: string;
        readonly lakehouse: Lakehouse;
    };

/**
 * Creates the platform. `projectDir` is where Pulumi.yaml is (the program's working directory under
 * the Pulumi CLI); image build contexts, the Flink build's pom and dashboards are read from there.
 * Image specs are validated and hashed before the first resource is registered.
 */
export function createPlatform(config: PlatformConfig, projectDir: string): Platform {
    const flinkBuild = readFlinkBuild(projectDir);
    const tableFiles = readLakeTables(projectDir);
    const imagePlans = planServiceImages(config, projectDir, flinkBuild);
    const foundation = createFoundation(config);
    const identities = createIdentities(config, foundation);
    const vouching = createImageVouching(config, foundation);
    const source = promotionSource(config);
    const images = provideImages(config, imagePlans, foundation, source, vouching);
    const thirdPartyImages = provideThirdPartyImages(config, foundation, source, vouching);
    const data = createDataAndMessaging(config, foundation, identities, thirdPartyImages);
    const lakehouse = createLakehouse(config, foundation, identities, images, thirdPartyImages, data, flinkBuild, tableFiles);
    const applications = createApplications(config, foundation, identities, images, thirdPartyImages, vouching, data, flinkBuild, lakehouse);
    const observability = createObservability(config, projectDir, foundation, data);

    return {
        foundation,
        identities,
        images,
        thirdPartyImages,
        vouching,
        namespaces: data.namespaces,
        redis: data.redis,
        kafka: data.kafka,
        topics: data.topics,
        objectStore: data.objectStore,
        kafkaBootstrapServers: data.connection.clientBootstrapServers,
        lakehouse,
        ...applications,
        ...observability,
    };
}

/** The stack outputs a person needs, from the platform's components. */
export function stackOutputs(config: PlatformConfig, platform: Platform): Record<string, pulumi.Input<unknown>> {
    const { foundation } = platform;
    const where =
        foundation.kind === "azure"
            ? {
                  location: config.settings.location,
                  resourceGroupName: foundation.resourceGroup.name,
                  logAnalyticsWorkspaceId: foundation.monitoring.workspaceId,
                  clusterName: foundation.cluster.clusterName,
                  // Read back by the next run (a StackReference to this stack): the inline pool is creation-time.
                  systemPool: foundation.cluster.systemPool,
                  kubeconfig: foundation.cluster.kubeconfig,
                  oidcIssuerUrl: foundation.cluster.oidcIssuerUrl,
                  registryLoginServer: foundation.registry.loginServer,
                  // With images: what a stack that promotes from this one imports (az acr import --registry).
                  registryId: foundation.registry.registryId,
                  lakeAccountName: foundation.lake.accountName,
                  lakeDfsEndpoint: foundation.lake.dfsEndpoint,
                  checkpointAccountName: foundation.checkpoints.accountName,
              }
            : {
                  kubeContext: foundation.context,
                  registryLoginServer: foundation.registry.loginServer,
                  objectStoreEndpoint: platform.objectStore?.store.endpoint,
              };
    return {
        profile: config.profile.name,
        ...where,
        // Read back by the next run: a preview refuses an incompatible change to these tables.
        lakeTables: platform.lakehouse.declarations,
        lakeCatalogUri: platform.lakehouse.catalog.uri,
        lakeWarehouse: LAKEHOUSE.warehouse,
        kafkaBootstrapServers: platform.kafkaBootstrapServers,
        kafkaTopics: platform.topics.topicNames,
        prometheusQueryEndpoint: platform.prometheusQueryEndpoint,
        grafanaEndpoint: platform.grafanaEndpoint,
        images: Object.fromEntries(Object.entries(platform.images).map(([service, image]) => [service, image.ref])),
        // On Azure: the third-party images in this registry, what a stack promoting from this one imports.
        ...(foundation.kind === "azure" ? { mirroredImages: Object.fromEntries(Object.entries(platform.thirdPartyImages).map(([name, image]) => [name, image.ref])) } : {}),
        ...(foundation.kind === "azure" ? { keyVaultName: foundation.keyVault.vaultName } : {}),
        // The commit these images and this infrastructure came from (what a promotion deploys next).
        sourceCommit: config.settings.sourceCommit,
        ...(platform.identities
            ? { workloadIdentityClientIds: Object.fromEntries(Object.entries(platform.identities).map(([role, identity]) => [role, identity.clientId])) }
            : {}),
    };
}
