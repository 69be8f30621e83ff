import { at } from "../../lib/kubernetes";
import { resourceRule, show } from "../../lib/rule";

/** Kinds that live outside namespaces, and Pulumi's own Kubernetes wrappers (Helm releases, YAML groups). */
const NOT_NAMESPACED =
    /^kubernetes:(core\/v1:(Namespace|PersistentVolume|Node)$|rbac\.authorization\.k8s\.io\/v1:ClusterRole|apiextensions\.k8s\.io\/|storage\.k8s\.io\/|scheduling\.k8s\.io\/|admissionregistration\.k8s\.io\/|helm\.sh\/|yaml:|kustomize:)/;

/** Namespaces carry the platform's quotas, default-deny and Pod Security labels; `default` has none of them. */
export const noDefaultNamespace = resourceRule(
    {
        name: "no-default-namespace",
        description: "Namespaced Kubernetes objects name a namespace other than default.",
        severity: "medium",
        enforcementLevel: "mandatory",
        remediationSteps: "Set metadata.namespace to the platform namespace the object belongs to (infra/workloads.ts NAMESPACES).",
    },
    { test: (type) => type.startsWith("kubernetes:") && !NOT_NAMESPACED.test(type), description: "namespaced Kubernetes objects" },
    (props) => {
        const namespace = at(props, ["metadata", "namespace"]);
        return typeof namespace === "string" && namespace !== "" && namespace !== "default"
            ? []
            : [{ field: "metadata.namespace", actual: show(namespace), expected: "a platform namespace (not default)", fix: "set metadata.namespace (apps, data, flink or kafka)" }];
    },
);
