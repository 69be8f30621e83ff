import * as pulumi from "@pulumi/pulumi";
import { Deployment } from "@pulumi/kubernetes/apps/v1/deployment";
import { HorizontalPodAutoscaler } from "@pulumi/kubernetes/autoscaling/v2/horizontalPodAutoscaler";
import { ConfigMap } from "@pulumi/kubernetes/core/v1/configMap";
import { Secret } from "@pulumi/kubernetes/core/v1/secret";
import { Service } from "@pulumi/kubernetes/core/v1/service";
import { ServiceAccount } from "@pulumi/kubernetes/core/v1/serviceAccount";
import { Ingress } from "@pulumi/kubernetes/networking/v1/ingress";
import { NetworkPolicy } from "@pulumi/kubernetes/networking/v1/networkPolicy";
import { PodDisruptionBudget } from "@pulumi/kubernetes/policy/v1/podDisruptionBudget";
import type { Provider } from "@pulumi/kubernetes/provider";
import type { ScrapeTarget } from "./scrape-targets";
import { keyedChecksum } from "./checksum";
import { imageRefProblem, PORT_NAME, planAppService, selectorOf, type AppServiceSpec } from "./workload-plan";

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
     * Values of `spec.secretKeys` (Pulumi secrets).
     * @default - none
     */
    readonly secrets?: Readonly<Record<string, pulumi.Input<string>>>;
    /** The cluster's Kubernetes provider. */
    readonly provider: Provider;
}

/**
 * One application service on Kubernetes: ServiceAccount, ConfigMap, Secret, Deployment, Service,
 * HPA, PDB (with more than one replica), NetworkPolicy and an optional Ingress, all from one spec
 * whose port is declared once, by name (`planAppService`). Config changes roll exactly this
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
        const missing = spec.secretKeys.filter((k) => !(k in (args.secrets ?? {})));
        if (missing.length > 0) {
            throw new Error(`app service "${spec.name}": no value for secret key(s) ${missing.join(", ")}`);
        }
        const secretValues = pulumi.all(Object.fromEntries(spec.secretKeys.map((k) => [k, args.secrets![k]])));
        // A keyed digest of the settings reveals nothing about them without the key (in state only);
        // unsecret it so the Deployment is not all secret.
        const checksum = keyedChecksum(name, this, spec.config, secretValues);
        const image = pulumi.output(args.image).apply((ref) => {
            const problem = imageRefProblem(ref);
            if (problem) {
                throw new Error(`app service "${spec.name}": ${problem}`);
            }
            return ref;
        });
        const plan = planAppService<pulumi.Input<string>>(spec, { image, checksum, workloadIdentityClientId: args.workloadIdentityClientId });
        const child = { parent: this, provider: args.provider };

        new ServiceAccount(`${name}-service-account`, plan.serviceAccount, child);
        const configMap = new ConfigMap(`${name}-config`, plan.configMap, child);
        const secret =
            spec.secretKeys.length > 0
                ? new Secret(`${name}-secret`, { apiVersion: "v1", kind: "Secret", metadata: plan.configMap.metadata, type: "Opaque", stringData: secretValues }, child)
                : undefined;
        this.deployment = new Deployment(`${name}-deployment`, plan.deployment, { ...child, dependsOn: secret ? [configMap, secret] : [configMap] });
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
