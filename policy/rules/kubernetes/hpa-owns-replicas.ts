import { at, hpaMinimums, namespaceOf, nameOf, record, workloadKey } from "../../lib/kubernetes";
import { stackRule, show } from "../../lib/rule";

/** A Deployment that also sets replicas resets the HPA's count on every apply: the HPA owns the field. */
export const hpaOwnsReplicas = stackRule(
    {
        name: "hpa-owns-replicas",
        description: "A Deployment or StatefulSet scaled by a HorizontalPodAutoscaler leaves spec.replicas unset.",
        severity: "medium",
        enforcementLevel: "mandatory",
        remediationSteps: "Remove spec.replicas from the workload; set the HPA's minReplicas instead (AppService does).",
    },
    (resources) => {
        const scaled = hpaMinimums(resources);
        return resources
            .filter((r) => r.type === "kubernetes:apps/v1:Deployment" || r.type === "kubernetes:apps/v1:StatefulSet")
            .flatMap((resource) => {
                const props = record(resource.props) ?? {};
                const kind = resource.type.split(":").pop() ?? "";
                const replicas = at(props, ["spec", "replicas"]);
                return scaled.has(workloadKey(namespaceOf(props), kind, nameOf(props, resource.name))) && replicas !== undefined
                    ? [{ resource, violation: { field: "spec.replicas", actual: show(replicas), expected: "unset (a HorizontalPodAutoscaler scales this workload)", fix: "remove spec.replicas; the HPA's minReplicas sets the floor" } }]
                    : [];
            });
    },
);
