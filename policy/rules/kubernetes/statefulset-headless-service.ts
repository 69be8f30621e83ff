import { at, namespaceOf, nameOf, ofType } from "../../lib/kubernetes";
import { show, stackRule } from "../../lib/rule";

/** A StatefulSet's pods get stable DNS names only through the headless Service it names. */
export const statefulsetHeadlessService = stackRule(
    {
        name: "statefulset-headless-service",
        description: "Every StatefulSet names, in spec.serviceName, a headless Service (clusterIP: None) of its namespace.",
        severity: "medium",
        enforcementLevel: "mandatory",
        remediationSteps: "Create a Service with clusterIP: None selecting the StatefulSet's pods and set spec.serviceName to its name (Redis does).",
    },
    (resources) => {
        const headless = new Set(
            ofType(resources, "kubernetes:core/v1:Service")
                .filter(({ props }) => at(props, ["spec", "clusterIP"]) === "None")
                .map(({ resource, props }) => `${namespaceOf(props)}/${nameOf(props, resource.name)}`),
        );
        return ofType(resources, "kubernetes:apps/v1:StatefulSet").flatMap(({ resource, props }) => {
            const serviceName = at(props, ["spec", "serviceName"]);
            return typeof serviceName === "string" && headless.has(`${namespaceOf(props)}/${serviceName}`)
                ? []
                : [{ resource, violation: { field: "spec.serviceName", actual: show(serviceName), expected: `the name of a headless Service in ${namespaceOf(props)}`, fix: "create a headless Service (clusterIP: None) and name it in spec.serviceName" } }];
        });
    },
);
