import * as pulumi from "@pulumi/pulumi";
import { Release } from "@pulumi/kubernetes/helm/v3/release";
import { NetworkPolicy } from "@pulumi/kubernetes/networking/v1/networkPolicy";
import type { Provider } from "@pulumi/kubernetes/provider";
import { pinnedRelease, type PinnedChart } from "./helm";
import { chartImage } from "../build/third-party-images";
import { dnsEgressRule, egressRule, HTTPS_ANYWHERE, WORKLOAD_IDENTITY_CLIENT_ID } from "./workload-plan";

/** The operator release, pinned; the archive keeps every release at a stable URL. */
export const FLINK_OPERATOR_CHART: PinnedChart = {
    name: "flink-kubernetes-operator",
    version: "1.11.0",
    repo: "https://archive.apache.org/dist/flink/flink-kubernetes-operator-1.11.0/",
};
/** Labels of the operator's pods (the chart's). */
export const FLINK_OPERATOR_POD_LABELS = { "app.kubernetes.io/name": "flink-kubernetes-operator" } as const;
/** The label the operator puts on the pods of every FlinkDeployment (native mode). */
export const FLINK_POD_LABELS = { type: "flink-native-kubernetes" } as const;
/** The JobManager REST port the operator talks to. */
export const FLINK_REST_PORT = 8081;

export interface FlinkOperatorArgs {
    readonly namespace: pulumi.Input<string>;
    /** The ServiceAccount the chart creates for the jobs (Flink's own pods). */
    readonly jobServiceAccount: string;
    /**
     * Client id of the jobs' workload identity, annotated on their ServiceAccount.
     * @default - none
     */
    readonly jobWorkloadIdentityClientId?: pulumi.Input<string>;
    /**
     * The operator's image, digest-pinned (THIRD_PARTY_IMAGES.flinkOperator, from the stack's registry).
     * @default - the chart's own (by tag)
     */
    readonly image?: pulumi.Input<string>;
    readonly provider: Provider;
}

/**
 * The Flink Kubernetes Operator from its Helm chart, watching one namespace. Its admission webhook
 * is off (`webhook.create=false`): the webhook needs cert-manager for its certificate, and the
 * policy pack checks every FlinkDeployment at preview instead, before anything reaches the cluster.
 * The chart installs the CRDs; FlinkDeployments depend on this release.
 */
export class FlinkOperator extends pulumi.ComponentResource {
    readonly release: Release;

    constructor(name: string, args: FlinkOperatorArgs, opts?: pulumi.ComponentResourceOptions) {
        super("streaming-platform:kubernetes:FlinkOperator", name, {}, opts);
        const child = { parent: this, provider: args.provider };

        this.release = new Release(
            `${name}-release`,
            pinnedRelease(FLINK_OPERATOR_CHART, "flink-operator", args.namespace, {
                watchNamespaces: [args.namespace],
                webhook: { create: false },
                // The chart takes a digest in place of the tag.
                ...(args.image ? { image: pulumi.output(args.image).apply(chartImage) } : {}),
                jobServiceAccount: {
                    create: true,
                    name: args.jobServiceAccount,
                    annotations: {
                        // The chart's default: the account outlives an uninstall (its jobs may still run).
                        "helm.sh/resource-policy": "keep",
                        ...(args.jobWorkloadIdentityClientId ? { [WORKLOAD_IDENTITY_CLIENT_ID]: args.jobWorkloadIdentityClientId } : {}),
                    },
                },
                podSecurityContext: { runAsNonRoot: true, runAsUser: 9999, runAsGroup: 9999, seccompProfile: { type: "RuntimeDefault" } },
                operatorSecurityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: false, capabilities: { drop: ["ALL"] } },
                operatorPod: { resources: { requests: { cpu: "200m", memory: "512Mi" }, limits: { memory: "1Gi" } } },
            }),
            child,
        );

        // The namespace denies everything by default: the operator reaches the API server and the JobManagers.
        new NetworkPolicy(
            `${name}-network-policy`,
            {
                metadata: { name: "flink-operator", namespace: args.namespace },
                spec: {
                    podSelector: { matchLabels: FLINK_OPERATOR_POD_LABELS },
                    policyTypes: ["Ingress", "Egress"],
                    ingress: [],
                    egress: [
                        dnsEgressRule(),
                        egressRule(HTTPS_ANYWHERE),
                        { to: [{ podSelector: { matchLabels: FLINK_POD_LABELS } }], ports: [{ port: FLINK_REST_PORT, protocol: "TCP" }] },
                    ],
                },
            },
            child,
        );

        this.registerOutputs({ release: this.release.name });
    }
}
