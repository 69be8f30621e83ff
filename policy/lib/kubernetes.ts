/**
 * Reading Kubernetes objects as rules need them: where a workload's pod spec sits, its containers
 * with their field paths, labels and selectors. Every accessor tolerates missing fields and odd
 * shapes (it returns undefined or an empty list), so rules judge what is there.
 */
import { resourceRule, type Finding, type RuleMeta, type StackResource } from "./rule";

/** Where each workload type keeps its pod spec. */
export const POD_SPEC_PATHS: Readonly<Record<string, readonly string[]>> = {
    "kubernetes:apps/v1:Deployment": ["spec", "template", "spec"],
    "kubernetes:apps/v1:StatefulSet": ["spec", "template", "spec"],
    "kubernetes:apps/v1:DaemonSet": ["spec", "template", "spec"],
    "kubernetes:apps/v1:ReplicaSet": ["spec", "template", "spec"],
    "kubernetes:batch/v1:Job": ["spec", "template", "spec"],
    "kubernetes:batch/v1:CronJob": ["spec", "jobTemplate", "spec", "template", "spec"],
    "kubernetes:core/v1:Pod": ["spec"],
};
export const WORKLOAD_TYPES = Object.keys(POD_SPEC_PATHS);

export type Json = Record<string, any>;

/** The value at `path`, or undefined when any step is missing or not an object. */
export function at(value: unknown, path: readonly (string | number)[]): unknown {
    let current: unknown = value;
    for (const step of path) {
        if (current === null || typeof current !== "object") {
            return undefined;
        }
        current = (current as Record<string | number, unknown>)[step];
    }
    return current;
}

export function record(value: unknown): Json | undefined {
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Json) : undefined;
}

export function list(value: unknown): unknown[] {
    return Array.isArray(value) ? value : [];
}

/** A string map (labels, selectors); non-string entries are dropped. */
export function stringMap(value: unknown): Record<string, string> {
    const r = record(value);
    return r ? Object.fromEntries(Object.entries(r).filter(([, v]) => typeof v === "string")) : {};
}

export interface ContainerView {
    readonly name: string;
    /** Field path of the container, e.g. `spec.template.spec.containers[0]`. */
    readonly path: string;
    readonly spec: Json;
    readonly init: boolean;
}

const CONTAINER_FIELDS = ["containers", "initContainers", "ephemeralContainers"] as const;

export interface PodView {
    /** Field path of the pod spec. */
    readonly path: string;
    readonly spec: Json;
    /** Regular and init containers: what runs for the workload's life (probes, resources, images). */
    readonly containers: readonly ContainerView[];
    /**
     * Init, regular and ephemeral containers, as Pod Security Admission visits them: the API adds
     * ephemeral ones through a subresource, but a pod spec that declares them is judged on them too.
     */
    readonly allContainers: readonly ContainerView[];
    /** The pod template's labels. */
    readonly labels: Record<string, string>;
    /** The pod template's annotations (AppArmor's legacy annotations live there). */
    readonly annotations: Record<string, string>;
    /** Field path of the pod template's metadata, e.g. `spec.template.metadata`. */
    readonly metadataPath: string;
}

/** The pod of a workload resource, or undefined for other types and specless objects. */
export function podOf(type: string, props: Json): PodView | undefined {
    const path = POD_SPEC_PATHS[type];
    const spec = path ? record(at(props, path)) : undefined;
    if (!path || !spec) {
        return undefined;
    }
    const base = path.join(".");
    const containersOf = (field: (typeof CONTAINER_FIELDS)[number]) =>
        list(spec[field]).flatMap((c, i) => {
            const container = record(c);
            return container ? [{ name: typeof container.name === "string" ? container.name : `#${i}`, path: `${base}.${field}[${i}]`, spec: container, init: field === "initContainers" }] : [];
        });
    const [containers, initContainers, ephemeralContainers] = CONTAINER_FIELDS.map(containersOf);
    const metadataPath = type === "kubernetes:core/v1:Pod" ? ["metadata"] : [...path.slice(0, -1), "metadata"];
    return {
        path: base,
        spec,
        containers: [...containers, ...initContainers],
        allContainers: [...initContainers, ...containers, ...ephemeralContainers],
        labels: stringMap(at(props, [...metadataPath, "labels"])),
        annotations: stringMap(at(props, [...metadataPath, "annotations"])),
        metadataPath: metadataPath.join("."),
    };
}

/** `containers[0] (api)`-style location of a container for messages. */
export function where(container: ContainerView, field?: string): string {
    return `${container.path}${field ? `.${field}` : ""} (container "${container.name}")`;
}

type PodCheck<C> = (pod: PodView, config: C, props: Json) => Finding;

/** A rule over every workload's pod; non-workload types are not applicable. */
export function workloadRule<C extends object = Record<string, never>>(meta: RuleMeta, check: PodCheck<C>) {
    return resourceRule<C>(meta, WORKLOAD_TYPES, (props, config, args) => {
        const pod = podOf(args.type, props);
        return pod ? check(pod, config, props) : { notApplicable: "skipped: no pod spec to judge" };
    });
}

/** Does `selector` (matchLabels-style map) select pods with `labels`? An empty selector selects nothing here. */
export function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
    return Object.keys(selector).length > 0 && matchesLabelSelector({ matchLabels: selector }, labels);
}

/** A workload of the stack, with what cross-object rules compare. */
export interface StackWorkload {
    readonly resource: StackResource;
    readonly kind: string;
    readonly name: string;
    readonly namespace: string;
    readonly pod: PodView;
    readonly replicas: number | undefined;
    readonly selector: Record<string, string>;
}

/** The namespace of an object (`default` when it names none, as the API server would). */
export function namespaceOf(props: Json): string {
    const ns = at(props, ["metadata", "namespace"]);
    return typeof ns === "string" && ns !== "" ? ns : "default";
}

export function nameOf(props: Json, fallback: string): string {
    const n = at(props, ["metadata", "name"]);
    return typeof n === "string" && n !== "" ? n : fallback;
}

export function workloadsOf(resources: readonly StackResource[]): StackWorkload[] {
    return resources.flatMap((resource) => {
        const props = record(resource.props) ?? {};
        const pod = podOf(resource.type, props);
        if (!pod) {
            return [];
        }
        const replicas = at(props, ["spec", "replicas"]);
        return [
            {
                resource,
                kind: resource.type.split(":").pop() ?? resource.type,
                name: nameOf(props, resource.name),
                namespace: namespaceOf(props),
                pod,
                replicas: typeof replicas === "number" ? replicas : undefined,
                selector: stringMap(at(props, ["spec", "selector", "matchLabels"])),
            },
        ];
    });
}

export function ofType(resources: readonly StackResource[], type: string): { resource: StackResource; props: Json }[] {
    return resources.filter((r) => r.type === type).map((resource) => ({ resource, props: record(resource.props) ?? {} }));
}

/** The declared ports of a container: name → number. */
export function declaredPorts(container: ContainerView): { name?: string; port: number }[] {
    return list(container.spec.ports).flatMap((p) => {
        const port = record(p);
        return port && typeof port.containerPort === "number" ? [{ name: typeof port.name === "string" ? port.name : undefined, port: port.containerPort }] : [];
    });
}

/** Does a port reference (number or name) resolve to a declared port of the container? */
export function resolvesPort(container: ContainerView, ref: unknown): boolean {
    return declaredPorts(container).some((p) => (typeof ref === "number" ? p.port === ref : typeof ref === "string" && (p.name === ref || String(p.port) === ref)));
}

export function showPorts(container: ContainerView): string {
    const ports = declaredPorts(container);
    return ports.length > 0 ? ports.map((p) => (p.name ? `${p.name}=${p.port}` : String(p.port))).join(", ") : "none";
}

/** The key of a workload by namespace, kind and name (how an HPA's scaleTargetRef names it). */
export function workloadKey(namespace: string, kind: string, name: string): string {
    return `${namespace}/${kind}/${name}`;
}

/**
 * The minimum replicas each HorizontalPodAutoscaler sets, by the workload it scales (workloadKey);
 * Kubernetes' default minReplicas is 1.
 */
export function hpaMinimums(resources: readonly StackResource[]): Map<string, unknown> {
    return new Map(
        ofType(resources, "kubernetes:autoscaling/v2:HorizontalPodAutoscaler").map(({ props }) => {
            const ref = record(at(props, ["spec", "scaleTargetRef"]));
            return [workloadKey(namespaceOf(props), String(ref?.kind), String(ref?.name)), at(props, ["spec", "minReplicas"]) ?? 1] as const;
        }),
    );
}

/**
 * Does a Kubernetes label selector (matchLabels and matchExpressions) select `labels`? The empty
 * selector selects everything (a NetworkPolicy's `podSelector: {}`); an unknown operator selects nothing.
 */
export function matchesLabelSelector(selector: Json, labels: Record<string, string>): boolean {
    const byLabels = Object.entries(stringMap(selector.matchLabels)).every(([k, v]) => labels[k] === v);
    return (
        byLabels &&
        list(selector.matchExpressions).every((e) => {
            const expression = record(e) ?? {};
            const key = String(expression.key);
            const values = list(expression.values).map(String);
            switch (expression.operator) {
                case "In":
                    return key in labels && values.includes(labels[key]);
                case "NotIn":
                    return !(key in labels) || !values.includes(labels[key]);
                case "Exists":
                    return key in labels;
                case "DoesNotExist":
                    return !(key in labels);
                default:
                    return false;
            }
        })
    );
}
