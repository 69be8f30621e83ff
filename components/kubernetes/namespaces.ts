import * as pulumi from "@pulumi/pulumi";
import { LimitRange } from "@pulumi/kubernetes/core/v1/limitRange";
import { Namespace } from "@pulumi/kubernetes/core/v1/namespace";
import { ResourceQuota } from "@pulumi/kubernetes/core/v1/resourceQuota";
import { NetworkPolicy } from "@pulumi/kubernetes/networking/v1/networkPolicy";
import type { Provider } from "@pulumi/kubernetes/provider";
import { PART_OF, PART_OF_LABEL } from "./workload-plan";

/**
 * Pod Security Admission levels: what a namespace enforces (audit and warn are always restricted).
 * "privileged" only for node agents that read the host (a local cluster's node-exporter).
 */
export type PodSecurityLevel = "restricted" | "baseline" | "privileged";

/** Totals for one namespace and the defaults a container without its own requests gets. */
export interface NamespaceBudget {
    /** Sum of CPU requests, e.g. "4". */
    readonly requestsCpu: string;
    /** Sum of memory requests, e.g. "8Gi". */
    readonly requestsMemory: string;
    /** Sum of memory limits. */
    readonly limitsMemory: string;
    readonly pods: number;
    /** Requests and memory limit of a container that declares none. */
    readonly containerDefaults: { readonly cpu: string; readonly memory: string; readonly memoryLimit: string };
}

export interface NamespaceSpec {
    readonly name: string;
    /** "restricted" where every workload allows it; "baseline" for third-party operators that do not. */
    readonly podSecurity: PodSecurityLevel;
}

export interface NamespacesArgs {
    readonly namespaces: readonly NamespaceSpec[];
    /** The cluster's Kubernetes version (major.minor): the Pod Security Standards version the labels pin. */
    readonly kubernetesVersion: string;
    /** Quota and container defaults of every namespace (from the stack profile). */
    readonly budget: NamespaceBudget;
    readonly provider: Provider;
}

/**
 * One namespace per concern, each with Pod Security Admission labels, a default-deny
 * NetworkPolicy (every allowed flow is a workload's own policy), a ResourceQuota and a LimitRange.
 */
export class Namespaces extends pulumi.ComponentResource {
    /** Namespace names as outputs (depending on one waits for the namespace to exist). */
    readonly names: Readonly<Record<string, pulumi.Output<string>>>;

    constructor(name: string, args: NamespacesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("streaming-platform:kubernetes:Namespaces", name, {}, opts);
        const child = { parent: this, provider: args.provider };
        const names: Record<string, pulumi.Output<string>> = {};
        const { budget } = args;
        const podSecurityVersion = `v${args.kubernetesVersion.split(".").slice(0, 2).join(".")}`;
        for (const spec of args.namespaces) {
            const namespace = new Namespace(
                `${name}-${spec.name}`,
                {
                    metadata: {
                        name: spec.name,
                        labels: {
                            "pod-security.kubernetes.io/enforce": spec.podSecurity,
                            "pod-security.kubernetes.io/enforce-version": podSecurityVersion,
                            "pod-security.kubernetes.io/audit": "restricted",
                            "pod-security.kubernetes.io/warn": "restricted",
                            [PART_OF_LABEL]: PART_OF,
                        },
                    },
                },
                child,
            );
            const ns = namespace.metadata.name;
            new NetworkPolicy(
                `${name}-${spec.name}-default-deny`,
                { metadata: { name: "default-deny", namespace: ns }, spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } },
                child,
            );
            new ResourceQuota(
                `${name}-${spec.name}-quota`,
                {
                    metadata: { name: "budget", namespace: ns },
                    spec: {
                        hard: {
                            "requests.cpu": budget.requestsCpu,
                            "requests.memory": budget.requestsMemory,
                            "limits.memory": budget.limitsMemory,
                            pods: String(budget.pods),
                        },
                    },
                },
                child,
            );
            new LimitRange(
                `${name}-${spec.name}-limits`,
                {
                    metadata: { name: "container-defaults", namespace: ns },
                    spec: {
                        limits: [
                            {
                                type: "Container",
                                defaultRequest: { cpu: budget.containerDefaults.cpu, memory: budget.containerDefaults.memory },
                                default: { memory: budget.containerDefaults.memoryLimit },
                            },
                        ],
                    },
                },
                child,
            );
            names[spec.name] = ns;
        }
        this.names = names;
        this.registerOutputs({ names });
    }
}
