import { at, list, namespaceOf, ofType, record, resolvesPort, selects, showPorts, stringMap, workloadsOf } from "../../lib/kubernetes";
import { stackRule, show } from "../../lib/rule";

/**
 * A Service's selector matches the pods of a workload in its namespace, and each port's targetPort
 * resolves to a port those pods' containers declare (kube-linter's dangling-service check, plus ports).
 * Services without a selector (external endpoints) are not judged.
 */
export const serviceSelectsPods = stackRule(
    {
        name: "service-selects-pods",
        description: "Every Service selects a workload's pods in its namespace, and every targetPort resolves to a declared container port.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Build the Service's selector with selectorOf(<workload>) and its targetPort from the container's named port (workload-plan.ts does both).",
    },
    (resources) => {
        const workloads = workloadsOf(resources);
        return ofType(resources, "kubernetes:core/v1:Service").flatMap(({ resource, props }) => {
            const selector = stringMap(at(props, ["spec", "selector"]));
            if (Object.keys(selector).length === 0) {
                return [];
            }
            const namespace = namespaceOf(props);
            const targets = workloads.filter((w) => w.namespace === namespace && selects(selector, w.pod.labels));
            if (targets.length === 0) {
                return [{ resource, violation: { field: "spec.selector", actual: show(selector), expected: `the labels of a workload's pods in namespace ${namespace}`, fix: "select the workload's pods with the same label map its template uses" } }];
            }
            return list(at(props, ["spec", "ports"])).flatMap((p, i) => {
                const port = record(p);
                const target = port?.targetPort ?? port?.port;
                const containers = targets.flatMap((w) => w.pod.containers.filter((c) => !c.init));
                if (target === undefined || containers.some((c) => resolvesPort(c, target))) {
                    return [];
                }
                const declared = containers.map((c) => `${c.name}: ${showPorts(c)}`).join("; ");
                return [
                    {
                        resource,
                        violation: {
                            field: `spec.ports[${i}].targetPort`,
                            actual: show(target),
                            expected: `a port the selected pods declare (${targets.map((w) => `${w.kind} ${w.name}`).join(", ")}: ${declared || "none"})`,
                            fix: "set targetPort to the container's named port (and declare the port on the container)",
                        },
                    },
                ];
            });
        });
    },
);
