import * as pulumi from "@pulumi/pulumi";
import { Deployment } from "@pulumi/kubernetes/apps/v1/deployment";
import { HorizontalPodAutoscaler } from "@pulumi/kubernetes/autoscaling/v2/horizontalPodAutoscaler";
import { ConfigMap } from "@pulumi/kubernetes/core/v1/configMap";
import { Service } from "@pulumi/kubernetes/core/v1/service";
import { ServiceAccount } from "@pulumi/kubernetes/core/v1/serviceAccount";
import { Ingress } from "@pulumi/kubernetes/networking/v1/ingress";
import { NetworkPolicy } from "@pulumi/kubernetes/networking/v1/networkPolicy";
import { PodDisruptionBudget } from "@pulumi/kubernetes/policy/v1/podDisruptionBudget";
import type { Provider } from "@pulumi/kubernetes/provider";
import type { ScrapeTarget } from "./scrape-targets";
import { keyedChecksum } from "./checksum";
import { secretKeysOf, workloadSecret, type SecretContent } from "./workload-secret";
import { imageRefProblem, PORT_NAME, planAppService, selectorOf, workloadLabels, type AppServiceSpec } from "./workload-plan";

/** What managed Prometheus scrapes of the app service `name`: /metrics on its one http port. */
export function appServiceScrapeTarget(name: string, namespace: string): ScrapeTarget {
    return { name, namespace, podLabels: selectorOf(name), port: PORT_NAME };
}

export interface AppServiceArgs {
    /** The workload, as plain data (validated before any resource is created). */
    readonly spec: AppServiceSpec;
    /** The image build's digest-pinned ref. */
    readonly image: pulumi.Input<string>;
    /**
     * The Entra ID client id of the service's workload identity (required when spec.workloadIdentity).
     * @default - none
     */
    readonly workloadIdentityClientId?: pulumi.Input<string>;
    /**
     * Where `spec.secretKeys` come from: their values (a Secret), or Key Vault objects (a
     * SecretProviderClass syncing the Secret). Required when the spec has secret keys.
     * @default - none
     */
    readonly secrets?: SecretContent;
    /** The cluster's Kubernetes provider. */
    readonly provider: Provider;
}

/**
 * One application service on Kubernetes: ServiceAccount, ConfigMap, its credentials (a Secret, or
 * a SecretProviderClass syncing them from Key Vault), Deployment, Service, HPA, PDB (with more than
 * one replica), NetworkPolicy and an optional Ingress, all from one spec whose port is declared
 * once, by name (`planAppService`). Config changes (and new secret versions) roll exactly this
 * service's pods.
 */
export class AppService extends pulumi.ComponentResource {
    readonly deployment: Deployment;
    readonly service: Service;
    /** The labels that select this service's pods (for callers' NetworkPolicies). */
    readonly selector: Readonly<Record<string, string>>;
    /** `<name>.<namespace>.svc.cluster.local:<port>` */
    readonly address: string;

    constructor(name: string, args: AppServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("streaming-platform:kubernetes:AppService", name, {}, opts);
        const { spec } = args;
        const given = args.secrets ? secretKeysOf(args.secrets) : [];
        const missing = spec.secretKeys.filter((k) => !given.includes(k));
        const extra = given.filter((k) => !spec.secretKeys.includes(k));
        if (missing.length > 0 || extra.length > 0) {
            throw new Error(
                `app service "${spec.name}": ${[missing.length > 0 ? `no value for secret key(s) ${missing.join(", ")}` : "", extra.length > 0 ? `secret(s) ${extra.join(", ")} not among its secretKeys` : ""].filter(Boolean).join("; ")}`,
            );
        }
        const child = { parent: this, provider: args.provider };
        const secret = args.secrets && spec.secretKeys.length > 0 ? workloadSecret(name, { namespace: spec.namespace, secretName: spec.name, labels: workloadLabels(spec.name) }, args.secrets, child) : undefined;
        // A keyed digest of the settings (or of the vault versions) reveals nothing about them without
        // the key (in state only); unsecret it so the Deployment is not all secret.
        const checksum = keyedChecksum(name, this, spec.config, secret?.fingerprint ?? {});
        const image = pulumi.output(args.image).apply((ref) => {
            const problem = imageRefProblem(ref);
            if (problem) {
                throw new Error(`app service "${spec.name}": ${problem}`);
            }
            return ref;
        });
        const plan = planAppService<pulumi.Input<string>>(spec, {
            image,
            checksum,
            workloadIdentityClientId: args.workloadIdentityClientId,
            secretProviderClass: secret?.providerClass,
        });

        new ServiceAccount(`${name}-service-account`, plan.serviceAccount, child);
        const configMap = new ConfigMap(`${name}-config`, plan.configMap, child);
        this.deployment = new Deployment(`${name}-deployment`, plan.deployment, { ...child, dependsOn: secret ? [configMap, secret.resource] : [configMap] });
        this.service = new Service(`${name}-service`, plan.service, child);
        new HorizontalPodAutoscaler(`${name}-hpa`, plan.hpa, child);
        if (plan.pdb) {
            new PodDisruptionBudget(`${name}-pdb`, plan.pdb, child);
        }
        new NetworkPolicy(`${name}-network-policy`, plan.networkPolicy, child);
        if (plan.ingress) {
            new Ingress(`${name}-ingress`, plan.ingress, child);
        }

        this.selector = selectorOf(spec.name);
        this.address = `${spec.name}.${spec.namespace}.svc.cluster.local:${spec.port}`;
        this.registerOutputs({ address: this.address });
    }
}
