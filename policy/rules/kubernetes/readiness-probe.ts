import { at, namespaceOf, ofType, selects, stringMap, where, workloadsOf } from "../../lib/kubernetes";
import { stackRule } from "../../lib/rule";

/** A pod behind a Service gets traffic as soon as it runs unless a readiness probe says it can serve. */
export const readinessProbe = stackRule(
    {
        name: "readiness-probe",
        description: "Every container of a pod that a Service selects declares a readiness probe.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Add a readinessProbe on the container's named port (AppService sets one from the workload's readiness path).",
    },
    (resources) => {
        const services = ofType(resources, "kubernetes:core/v1:Service").map(({ props }) => ({ namespace: namespaceOf(props), selector: stringMap(at(props, ["spec", "selector"])) }));
        return workloadsOf(resources)
            .filter((w) => services.some((s) => s.namespace === w.namespace && selects(s.selector, w.pod.labels)))
            .flatMap((w) =>
                w.pod.containers
                    .filter((c) => !c.init && !c.spec.readinessProbe)
                    .map((c) => ({
                        resource: w.resource,
                        violation: { field: where(c, "readinessProbe"), actual: "missing", expected: "a readiness probe (a Service selects this pod)", fix: "add a readinessProbe on the container's named port" },
                    })),
            );
    },
);
