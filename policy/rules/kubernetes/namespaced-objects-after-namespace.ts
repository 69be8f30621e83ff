import { waitsFor } from "../../lib/graph";
import { at, record } from "../../lib/kubernetes";
import { stackRule } from "../../lib/rule";

const NAMESPACE = "kubernetes:core/v1:Namespace";
const RELEASE = "kubernetes:helm.sh/v3:Release";

/**
 * A namespaced object is created only after the Namespace it lives in, when the stack creates that
 * Namespace: nothing else orders them (a component's dependsOn does not reach its children), and a
 * create in a namespace that is not there yet fails, or succeeds only because the Kubernetes
 * provider happens to retry it.
 */
export const namespacedObjectsAfterNamespace = stackRule(
    {
        name: "namespaced-objects-after-namespace",
        description: "Every Kubernetes object (and Helm release) in a namespace the stack creates depends, directly or through other resources, on that Namespace.",
        severity: "medium",
        enforcementLevel: "mandatory",
        remediationSteps: "Name the namespace by the Namespace resource's output (metadata.name of the Namespaces component), a data link; or add the Namespace to dependsOn.",
    },
    (resources) => {
        const namespaces = new Map(
            resources.filter((r) => r.type === NAMESPACE).flatMap((r) => {
                const name = at(record(r.props), ["metadata", "name"]);
                return typeof name === "string" ? [[name, r] as const] : [];
            }),
        );
        if (namespaces.size === 0) return { notApplicable: "the stack creates no Namespace" };
        return resources.flatMap((resource) => {
            if (!resource.type.startsWith("kubernetes:") || resource.type === NAMESPACE) return [];
            const name = resource.type === RELEASE ? record(resource.props)?.namespace : at(record(resource.props), ["metadata", "namespace"]);
            const namespace = typeof name === "string" ? namespaces.get(name) : undefined;
            if (!namespace || waitsFor(resource).includes(namespace)) return [];
            return [
                {
                    resource,
                    violation: {
                        field: resource.type === RELEASE ? "dependencies (namespace)" : "dependencies (metadata.namespace)",
                        actual: `without ${namespace.name}, the Namespace ${name}`,
                        expected: `a dependency on ${namespace.name}, which creates namespace ${name}`,
                        fix: `name the namespace by ${namespace.name}'s output (a data link), or add dependsOn: [${namespace.name}]`,
                    },
                },
            ];
        });
    },
);
