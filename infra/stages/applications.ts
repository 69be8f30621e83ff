/**
 * Stage 4, the workloads: the app services, the Flink operator and the Flink jobs, each from its
 * declaration (workloads.ts) and its spec (workload-specs.ts), with its image and identity; then
 * the smoke test that proves they work.
 */
import * as pulumi from "@pulumi/pulumi";
import { kafkaClientEnvironment } from "../../components/kafka/topic-catalog";
import { AppService } from "../../components/kubernetes/app-service";
import { FlinkJob, type FlinkStateStorage } from "../../components/kubernetes/flink-job";
import type { S3Access } from "../../components/kubernetes/object-store";
import { FlinkOperator } from "../../components/kubernetes/flink-operator";
import { SmokeTest } from "../../components/kubernetes/smoke-test";
import type { PlatformConfig } from "../config";
import type { FlinkBuild } from "../flink-build";
import { appServiceSpec, flinkJobSpec, smokeTestSpec } from "../workload-specs";
import { APP_WORKLOADS, NAMESPACES, WORKLOAD_SERVICE_ACCOUNTS, type AppServiceName, type FlinkJobName } from "../workloads";
import type { DataAndMessaging } from "./data-and-messaging";
import type { Foundation } from "./foundation";
import type { Lakehouse } from "./lakehouse";
import type { ImageVouching, ServiceImages, ThirdPartyImages, WorkloadIdentities } from "./identities-and-images";
import { secretContentFor } from "../secret-stores";
import { ImageVerification } from "../../components/azure/image-verification";
import { signingCertificateName } from "../../components/azure/signing-certificate";
import { azureTraits } from "../../stacks/profiles";

export interface Applications {
    readonly appServices: Readonly<Partial<Record<AppServiceName, AppService>>>;
    readonly flinkOperator: FlinkOperator;
    readonly flinkJobs: Readonly<Partial<Record<FlinkJobName, FlinkJob>>>;
    /** The Job that ends every deployment that changed something: it fails the update when the platform does not work. */
    readonly smokeTest: SmokeTest;
    /** Signed images only (Ratify and the Azure Policy assignment), where the profile verifies. */
    readonly imageVerification?: ImageVerification;
}

/** Where the jobs keep their state: the checkpoint account with Flink's workload identity, or the local store with Flink's keys. */
function flinkStateStorage(foundation: Foundation, identities: WorkloadIdentities | undefined, store: S3Access | undefined): FlinkStateStorage<pulumi.Input<string>> {
    if (foundation.kind === "azure") {
        if (!identities) throw new Error("an Azure stack's Flink jobs need Flink's workload identity");
        return { kind: "adls", account: foundation.checkpoints.accountName, identity: { clientId: identities.flink.clientId, tenantId: foundation.deployer.tenantId } };
    }
    if (!store) throw new Error("a local stack's Flink jobs need the object store (data-and-messaging makes it)");
    return { kind: "s3", endpoint: store.endpoint, region: store.region, credentialsSecret: store.credentialsSecret };
}

export function createApplications(
    config: PlatformConfig,
    foundation: Foundation,
    identities: WorkloadIdentities | undefined,
    images: ServiceImages,
    thirdParty: ThirdPartyImages,
    vouching: ImageVouching,
    data: DataAndMessaging,
    flinkBuild: FlinkBuild,
    lakehouse: Lakehouse,
): Applications {
    const { settings, profile } = config;
    const { provider, metricsScraper } = foundation;
    const { namespaces, topics } = data;
    const flinkStore = data.objectStore?.access("flink");
    const storage = flinkStateStorage(foundation, identities, flinkStore);
    const kafka = Object.fromEntries(Object.entries(topics.access).map(([service, access]) => [service, kafkaClientEnvironment(access)]));

    const appServices: Partial<Record<AppServiceName, AppService>> = {};
    for (const service of settings.appServices as readonly AppServiceName[]) {
        const { spec, secrets } = appServiceSpec(service, {
            replicas: profile.traits.appReplicas,
            zones: profile.traits.availabilityZones,
            context: data.context,
            redis: { egress: data.redisEgress, password: data.redisPassword },
            kafkaEgress: data.kafkaEgress,
            kafka,
            metricsScraper,
            workloadIdentities: identities !== undefined,
        });
        const identity = APP_WORKLOADS[service].workloadIdentity ? identities?.[service as keyof WorkloadIdentities] : undefined;
        const content = secretContentFor(config, foundation, identities?.[service as keyof WorkloadIdentities], service, secrets);
        appServices[service] = new AppService(
            `app-${service}`,
            { spec, image: images[service].ref, workloadIdentityClientId: identity?.clientId, secrets: content, provider },
            // Its Kafka user and ACLs exist before its pods start.
            { dependsOn: [namespaces, topics] },
        );
    }

    const flinkOperator = new FlinkOperator("flink-operator", {
        namespace: namespaces.names[NAMESPACES.flink.name],
        jobServiceAccount: WORKLOAD_SERVICE_ACCOUNTS.flink.name,
        jobWorkloadIdentityClientId: identities?.flink.clientId,
        // On Azure from the stack's registry; a local cluster pulls the chart's own.
        image: foundation.kind === "azure" ? thirdParty.flinkOperator.ref : undefined,
        provider,
    });
    const flinkJobs: Partial<Record<FlinkJobName, FlinkJob>> = {};
    for (const job of settings.flinkJobs as readonly FlinkJobName[]) {
        const { spec, secrets } = flinkJobSpec(job, {
            parallelism: settings.flinkParallelism,
            checkpointIntervalSeconds: settings.flinkCheckpointIntervalSeconds,
            sizes: profile.traits.flink,
            context: data.context,
            kafkaEgress: data.kafkaEgress,
            catalogEgress: lakehouse.catalogEgress,
            kafka: kafka[job],
            build: flinkBuild,
            metricsScraper,
            storageEgress: flinkStore?.egress,
        });
        flinkJobs[job] = new FlinkJob(
            `flink-${job}`,
            {
                spec,
                secrets: secretContentFor(config, foundation, identities?.flink, `flink-${job}`, secrets),
                image: images["flink-job"].ref,
                storage,
                operator: flinkOperator.release,
                // The tables' revision: the job starts after its tables exist, and restarts when they change.
                deployedEnv: { LAKE_TABLES_REVISION: lakehouse.tables.revision },
                provider,
            },
            { dependsOn: [topics] },
        );
    }

    // Last: a Job that proves the deployment works. Its name hashes what was deployed (the commit
    // and every workload's resulting spec), so each deployment that changed something runs it
    // anew, after the rollouts it takes those specs from.
    const deployed = [
        ...Object.values(appServices).map((s) => s.deployment.spec.apply((spec) => JSON.stringify(spec.template))),
        ...[...Object.values(flinkJobs).map((j) => j.deployment), ...(data.kafka ? [data.kafka.kafka] : [])].map((resource) =>
            (resource as unknown as { spec: pulumi.Output<unknown> }).spec.apply((spec) => JSON.stringify(spec)),
        ),
    ];
    const smokeTest = new SmokeTest("smoke-test", {
        spec: smokeTestSpec(settings.appServices as readonly AppServiceName[], settings.flinkJobs as readonly FlinkJobName[], data.kafka !== undefined),
        image: images.smoke.ref,
        runKey: pulumi.all([settings.sourceCommit, images.smoke.ref, ...deployed]).apply((parts) => parts.join("\n")),
        provider,
    });
    return { appServices, flinkOperator, flinkJobs, smokeTest, imageVerification: verifyImages(config, foundation, identities, thirdParty, vouching) };
}

/**
 * Where the profile verifies signatures: Ratify with the ratify identity, trusting the current
 * signing certificate and the generation before it (images signed before a rotation keep running
 * until they are signed again), for the platform's namespaces.
 */
function verifyImages(
    config: PlatformConfig,
    foundation: Foundation,
    identities: WorkloadIdentities | undefined,
    thirdParty: ThirdPartyImages,
    vouching: ImageVouching,
): ImageVerification | undefined {
    if (foundation.kind !== "azure") return undefined;
    const { verify } = azureTraits(config.profile).supplyChain;
    if (verify === "Disabled") return undefined;
    if (!vouching.certificate || !vouching.subject) throw new Error(`profile ${config.profile.name}: supplyChain.verify ${verify} needs supplyChain.sign (nothing would pass)`);
    if (!identities) throw new Error("image verification needs Ratify's workload identity");
    const generation = config.settings.imageSigningKeyGeneration;
    const certificates = [vouching.certificate.certificateName, ...(generation > 1 ? [signingCertificateName(generation - 1)] : [])];
    return new ImageVerification("image-verification", {
        image: thirdParty.ratify.ref,
        clientId: identities.ratify.clientId,
        tenantId: foundation.deployer.tenantId,
        // Through the certificate's key id: Ratify starts once the certificate exists.
        vaultUri: pulumi.all([foundation.keyVault.vaultUri, vouching.certificate.keyId]).apply(([uri]) => uri),
        certificates,
        subject: vouching.subject,
        registry: foundation.registry.loginServer,
        clusterId: foundation.cluster.clusterId,
        namespaces: Object.values(NAMESPACES).map((namespace) => namespace.name),
        effect: verify,
        definitionName: foundation.name("policyDefinition", "signed-images-only"),
        provider: foundation.provider,
    });
}
