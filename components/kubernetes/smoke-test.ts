import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import * as k8s from "@pulumi/kubernetes";
import {
    dnsEgressRule,
    egressRule,
    HTTPS_ANYWHERE,
    restrictedContainerSecurity,
    restrictedPodSecurity,
    selectorOf,
    workloadLabels,
    type ContainerResources,
    type EgressTarget,
    type PodPeer,
} from "./workload-plan";

/** The smoke test's name: its ServiceAccount, its pods' `app.kubernetes.io/name`, its Job's prefix. */
export const SMOKE_TEST_NAME = "smoke-test";
/** The pod-template annotation by which a workload says why it calls the Kubernetes API (the pack's no-service-account-token). */
export const KUBERNETES_API_ANNOTATION = "streaming-platform.io/kubernetes-api";
/** How long the checks may take to pass (a rollout may still be settling), and the Job's deadline past it. */
export const SMOKE_DEADLINE_SECONDS = 300;
const JOB_GRACE_SECONDS = 60;

/** A service's health endpoint through its Service, and the pods behind it (for the NetworkPolicy). */
export interface SmokeHttpTarget {
    readonly name: string;
    readonly url: string;
    readonly pods: PodPeer;
    readonly port: number;
}

/** A custom resource whose status must show it works: a field equal to a value, or a condition True. */
export interface SmokeResourceTarget {
    readonly name: string;
    readonly apiGroup: string;
    readonly version: string;
    /** Plural resource name, e.g. flinkdeployments. */
    readonly resource: string;
    readonly namespace: string;
    readonly object: string;
    readonly expect: { readonly field: string; readonly equals: string } | { readonly condition: string };
}

export interface SmokeTestSpec {
    readonly namespace: string;
    readonly uid: number;
    readonly resources: ContainerResources;
    readonly http: readonly SmokeHttpTarget[];
    readonly resourcesReady: readonly SmokeResourceTarget[];
}

/** The pods of the smoke test, as a caller their NetworkPolicies admit. */
export function smokeTestPeer(namespace: string): PodPeer {
    return { namespace, podLabels: selectorOf(SMOKE_TEST_NAME) };
}

/** The checks, as apps/smoke reads them (CHECKS). */
export function smokeChecks(spec: Pick<SmokeTestSpec, "http" | "resourcesReady">) {
    return [
        ...spec.http.map((t) => ({ name: t.name, kind: "http" as const, url: t.url })),
        ...spec.resourcesReady.map((r) => ({ name: r.name, kind: "resource" as const, path: `/apis/${r.apiGroup}/${r.version}/namespaces/${r.namespace}/${r.resource}/${r.object}`, expect: r.expect })),
    ];
}

/** The Job's name: changes exactly when `runKey` does, so each deployment that changed something runs it anew. */
export function smokeJobName(runKey: string): string {
    return `${SMOKE_TEST_NAME}-${createHash("sha256").update(runKey).digest("hex").slice(0, 10)}`;
}

/**
 * The smoke test's objects, as plain manifests: a ServiceAccount allowed to read exactly the
 * resources it checks (a Role per namespace), a NetworkPolicy (egress to DNS, each checked
 * service's port and the API server; no ingress), and the Job (restricted pod, no retries: the
 * program retries each check until its deadline).
 */
export function planSmokeTest(spec: SmokeTestSpec, image: string, jobName: string) {
    const labels = workloadLabels(SMOKE_TEST_NAME);
    const metadata = { name: SMOKE_TEST_NAME, namespace: spec.namespace, labels };
    const namespaces = [...new Set(spec.resourcesReady.map((r) => r.namespace))].sort();
    const roles = namespaces.map((namespace) => {
        const here = spec.resourcesReady.filter((r) => r.namespace === namespace);
        const rules = [...new Set(here.map((r) => `${r.apiGroup}/${r.resource}`))].map((key) => {
            const [apiGroup, resource] = key.split("/");
            return { apiGroups: [apiGroup], resources: [resource], resourceNames: here.filter((r) => r.apiGroup === apiGroup && r.resource === resource).map((r) => r.object).sort(), verbs: ["get"] };
        });
        return {
            role: { apiVersion: "rbac.authorization.k8s.io/v1" as const, kind: "Role" as const, metadata: { name: SMOKE_TEST_NAME, namespace, labels }, rules },
            binding: {
                apiVersion: "rbac.authorization.k8s.io/v1" as const,
                kind: "RoleBinding" as const,
                metadata: { name: SMOKE_TEST_NAME, namespace, labels },
                roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: SMOKE_TEST_NAME },
                subjects: [{ kind: "ServiceAccount", name: SMOKE_TEST_NAME, namespace: spec.namespace }],
            },
        };
    });
    const egress: EgressTarget[] = [...spec.http.map((t) => ({ name: t.name, peer: t.pods, ports: [{ port: t.port }] })), ...(spec.resourcesReady.length > 0 ? [HTTPS_ANYWHERE] : [])];
    return {
        serviceAccount: { apiVersion: "v1" as const, kind: "ServiceAccount" as const, metadata, automountServiceAccountToken: false },
        roles,
        networkPolicy: {
            apiVersion: "networking.k8s.io/v1" as const,
            kind: "NetworkPolicy" as const,
            metadata,
            spec: { podSelector: { matchLabels: selectorOf(SMOKE_TEST_NAME) }, policyTypes: ["Ingress", "Egress"], ingress: [], egress: [dnsEgressRule(), ...egress.map(egressRule)] },
        },
        job: {
            apiVersion: "batch/v1" as const,
            kind: "Job" as const,
            metadata: { name: jobName, namespace: spec.namespace, labels },
            spec: {
                backoffLimit: 0,
                activeDeadlineSeconds: SMOKE_DEADLINE_SECONDS + JOB_GRACE_SECONDS,
                template: {
                    metadata: {
                        labels,
                        annotations: Object.fromEntries(
                            spec.resourcesReady.length > 0 ? [[KUBERNETES_API_ANNOTATION, `reads the status of ${spec.resourcesReady.map((r) => r.name).join(", ")} to check they work`]] : [],
                        ) as Record<string, string>,
                    },
                    spec: {
                        serviceAccountName: SMOKE_TEST_NAME,
                        automountServiceAccountToken: spec.resourcesReady.length > 0,
                        restartPolicy: "Never",
                        securityContext: restrictedPodSecurity(spec.uid),
                        containers: [
                            {
                                name: SMOKE_TEST_NAME,
                                image,
                                env: [
                                    { name: "CHECKS", value: JSON.stringify(smokeChecks(spec)) },
                                    { name: "DEADLINE_SECONDS", value: String(SMOKE_DEADLINE_SECONDS) },
                                ],
                                resources: spec.resources,
                                securityContext: restrictedContainerSecurity(spec.uid),
                            },
                        ],
                    },
                },
            },
        },
    };
}

export interface SmokeTestArgs {
    readonly spec: SmokeTestSpec;
    /** The smoke image's ref (apps/smoke). */
    readonly image: pulumi.Input<string>;
    /**
     * What this deployment deployed (commit, image refs, config checksums): a new value runs the
     * test anew. Taking the workloads' outputs into it also makes the test wait for their rollouts.
     */
    readonly runKey: pulumi.Input<string>;
    readonly provider: k8s.Provider;
}

/**
 * The last step of every deployment: a Job that checks each service answers its health endpoint
 * through its Service and each listed custom resource works (the Flink jobs RUNNING, Kafka Ready).
 * Pulumi waits for the Job to complete and fails the update when it fails, so a broken deployment
 * never counts as a success (and prod's promotion, which waits for dev's success, does not start).
 */
export class SmokeTest extends pulumi.ComponentResource {
    readonly job: k8s.batch.v1.Job;
    readonly jobName: pulumi.Output<string>;

    constructor(name: string, args: SmokeTestArgs, opts?: pulumi.ComponentResourceOptions) {
        super("streaming-platform:kubernetes:SmokeTest", name, {}, opts);
        const childOpts = { parent: this, provider: args.provider };
        // Everything but the Job (whose image and name are outputs) from the plan.
        const plan = planSmokeTest(args.spec, "", "");
        const account = new k8s.core.v1.ServiceAccount(`${name}-account`, plan.serviceAccount, childOpts);
        const bindings = plan.roles.map(({ role, binding }) => {
            const r = new k8s.rbac.v1.Role(`${name}-role-${role.metadata.namespace}`, role, childOpts);
            return new k8s.rbac.v1.RoleBinding(`${name}-binding-${role.metadata.namespace}`, { ...binding, roleRef: { ...binding.roleRef, name: r.metadata.name } }, childOpts);
        });
        const policy = new k8s.networking.v1.NetworkPolicy(`${name}-network-policy`, plan.networkPolicy, childOpts);
        this.jobName = pulumi.output(args.runKey).apply(smokeJobName);
        // Through the names of its account, role bindings and NetworkPolicy: the Job starts after them.
        const job = pulumi
            .all([args.image, this.jobName, account.metadata.name, policy.metadata.name, ...bindings.map((b) => b.metadata.name)])
            .apply(([image, jobName]) => planSmokeTest(args.spec, image, jobName).job);
        // A new name replaces the Job (the old one and its pod go once the new one passed); Pulumi
        // waits for it to complete and fails the update when it fails.
        this.job = new k8s.batch.v1.Job(`${name}-job`, { metadata: job.metadata, spec: job.spec }, childOpts);
        this.registerOutputs({ jobName: this.jobName });
    }
}
