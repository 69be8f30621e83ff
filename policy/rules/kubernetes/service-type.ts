import { at, record } from "../../lib/kubernetes";
import { resourceRule, show } from "../../lib/rule";

export interface ServiceTypeConfig {
    /** Annotations that make a LoadBalancer internal (any one of them set to "true"). */
    internalAnnotations: string[];
}

/** NodePorts open every node; a public LoadBalancer bypasses the platform's ingress and WAF. */
export const serviceType = resourceRule<ServiceTypeConfig>(
    {
        name: "service-type",
        description: "No Service is a NodePort; a LoadBalancer Service is internal.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Use ClusterIP behind the ingress controller; for a LoadBalancer, annotate service.beta.kubernetes.io/azure-load-balancer-internal: \"true\".",
        configSchema: { properties: { internalAnnotations: { type: "array", items: { type: "string" }, default: ["service.beta.kubernetes.io/azure-load-balancer-internal"] } } },
    },
    ["kubernetes:core/v1:Service"],
    (props, config) => {
        const type = at(props, ["spec", "type"]) ?? "ClusterIP";
        if (type === "NodePort") {
            return [{ field: "spec.type", actual: show(type), expected: "ClusterIP (or an internal LoadBalancer)", fix: "use ClusterIP and route through the ingress controller" }];
        }
        const annotations = record(at(props, ["metadata", "annotations"])) ?? {};
        if (type === "LoadBalancer" && !config.internalAnnotations.some((a) => annotations[a] === "true")) {
            return [{ field: "metadata.annotations", actual: "no internal load balancer annotation", expected: `${config.internalAnnotations[0]}: "true"`, fix: "annotate the Service as internal, or expose it through the ingress controller" }];
        }
        return [];
    },
);
