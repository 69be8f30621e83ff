import * as pulumi from "@pulumi/pulumi";
import { Deployment } from "@pulumi/kubernetes/apps/v1/deployment";
import { ConfigMap } from "@pulumi/kubernetes/core/v1/configMap";
import { Service } from "@pulumi/kubernetes/core/v1/service";
import { ServiceAccount } from "@pulumi/kubernetes/core/v1/serviceAccount";
import { NetworkPolicy } from "@pulumi/kubernetes/networking/v1/networkPolicy";
import { PodDisruptionBudget } from "@pulumi/kubernetes/policy/v1/podDisruptionBudget";
import type { Provider } from "@pulumi/kubernetes/provider";
import { RandomPassword } from "@pulumi/random/randomPassword";
import { keyedChecksum } from "../kubernetes/checksum";
import { CONFIG_CHECKSUM_ANNOTATION, workloadLabels } from "../kubernetes/workload-plan";
import { valuesInSecret, workloadSecret, type SecretStore } from "../kubernetes/workload-secret";
import { catalogSettings, catalogUri, planRestCatalog, type RestCatalogSpec } from "./catalog-plan";

export interface RestCatalogArgs {
    readonly spec: RestCatalogSpec;
    /** The catalog's image, pinned by digest (THIRD_PARTY_IMAGES.lakekeeper, from the stack's registry). */
    readonly image: pulumi.Input<string>;
    /**
     * Where the database login and the encryption key go.
     * @default valuesInSecret
     */
    readonly secretStore?: SecretStore;
    /** The database server's host name and the login's password (a Pulumi secret). */
    readonly database: { readonly host: pulumi.Input<string>; readonly password: pulumi.Input<string> };
    /**
     * Client id of the catalog's workload identity (Storage Blob Data Contributor on the warehouse).
     * @default - none (an S3 warehouse: the catalog uses the keys the warehouse was created with)
     */
    readonly workloadIdentityClientId?: pulumi.Input<string>;
    /**
     * What must hold before the pods start without a data link of their own (the database's
     * private DNS records and the server's extensions allow-list): ids whose values the pod
     * template's checksum takes in, so the order is a data link.
     * @default - none
     */
    readonly startAfter?: pulumi.Input<pulumi.Input<string>[]>;
    readonly provider: Provider;
}

/**
 * The lake's Iceberg REST catalog (Lakekeeper): ServiceAccount (workload identity: the catalog
 * reaches the warehouse as itself), ConfigMap and its credentials (the database login, and the key
 * that encrypts secrets it stores: a Secret, or Key Vault through the `secretStore`), Deployment (migrations as an init container, restricted pods,
 * probes, zone spread), Service, PDB and NetworkPolicy (its callers in, the database and HTTPS out).
 */
export class RestCatalog extends pulumi.ComponentResource {
    readonly deployment: Deployment;
    /** The rolled-out pod template's checksum: known once the Deployment is ready (its clients wait for it). */
    readonly revision: pulumi.Output<string>;
    /** The Iceberg REST endpoint (ICEBERG_CATALOG_URI). */
    readonly uri: string;

    constructor(name: string, args: RestCatalogArgs, opts?: pulumi.ComponentResourceOptions) {
        super("streaming-platform:lakehouse:RestCatalog", name, {}, opts);
        const { spec } = args;
        const child = { parent: this, provider: args.provider };
        // Lakekeeper encrypts the secrets it keeps in Postgres with this key: generated once, kept in state.
        const encryptionKey = new RandomPassword(`${name}-encryption-key`, { length: 48, special: false }, { parent: this }).result;
        const secrets = { LAKEKEEPER__PG_PASSWORD: args.database.password, LAKEKEEPER__PG_ENCRYPTION_KEY: encryptionKey };
        const { config } = catalogSettings(spec);
        const secret = workloadSecret(name, { namespace: spec.namespace, secretName: spec.name, labels: workloadLabels(spec.name) }, (args.secretStore ?? valuesInSecret)(spec.name, secrets, this), child);
        // The host is a setting too: the checksum takes it in with the secrets (a new server rolls the pods).
        const checksum = pulumi
            .all([keyedChecksum(name, this, config, pulumi.output(secret.fingerprint).apply((f) => ({ ...f, LAKEKEEPER__PG_HOST_W: args.database.host }))), pulumi.output(args.startAfter ?? [])])
            .apply(([sum]) => sum);
        const plan = planRestCatalog<pulumi.Input<string>>(spec, {
            image: args.image,
            checksum,
            secretProviderClass: secret.providerClass,
            workloadIdentityClientId: args.workloadIdentityClientId,
            databaseHost: args.database.host,
        });

        new ServiceAccount(`${name}-service-account`, plan.serviceAccount, child);
        const configMap = new ConfigMap(`${name}-config`, plan.configMap, child);
        this.deployment = new Deployment(`${name}-deployment`, plan.deployment, { ...child, dependsOn: [configMap, secret.resource] });
        new Service(`${name}-service`, plan.service, child);
        if (plan.pdb) new PodDisruptionBudget(`${name}-pdb`, plan.pdb, child);
        new NetworkPolicy(`${name}-network-policy`, plan.networkPolicy, child);
        this.revision = this.deployment.spec.template.metadata.annotations.apply((a) => a?.[CONFIG_CHECKSUM_ANNOTATION] ?? "");
        this.uri = catalogUri(spec.name, spec.namespace);
        this.registerOutputs({ uri: this.uri });
    }
}
