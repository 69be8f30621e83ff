import { at, hpaMinimums, namespaceOf, nameOf, ofType, record, workloadKey } from "../../lib/kubernetes";
import { stackRule, show } from "../../lib/rule";

export interface MinimumReplicasConfig {
    /** Fewest pods a Deployment may run: its HPA's minReplicas, else its replicas (default 1). */
    minimumReplicas: number;
}

/** Enough pods that one node's loss or one rollout step never takes a service away (per stack). */
export const minimumReplicas = stackRule<MinimumReplicasConfig>(
    {
        name: "minimum-replicas",
        description: "Every Deployment runs at least the stack's minimum number of replicas (its HPA's minReplicas, or spec.replicas), and no HorizontalPodAutoscaler goes below it.",
        severity: "medium",
        enforcementLevel: "advisory",
        remediationSteps: "Raise the profile's appReplicas.min (stacks/profiles.ts); the HPA's minReplicas follows.",
        configSchema: { properties: { minimumReplicas: { type: "integer", minimum: 1, maximum: 100, default: 1 } } },
    },
    (resources, config) => {
        const hpaMin = hpaMinimums(resources);
        const deployments = new Set(ofType(resources, "kubernetes:apps/v1:Deployment").map(({ resource, props }) => workloadKey(namespaceOf(props), "Deployment", nameOf(props, resource.name))));
        // An HPA judged on its own: its target may be managed elsewhere (another stack, a chart).
        const autoscalers = ofType(resources, "kubernetes:autoscaling/v2:HorizontalPodAutoscaler").flatMap(({ resource, props }) => {
            const ref = record(at(props, ["spec", "scaleTargetRef"]));
            if (deployments.has(workloadKey(namespaceOf(props), String(ref?.kind), String(ref?.name)))) return [];
            const min = at(props, ["spec", "minReplicas"]) ?? 1;
            return typeof min === "number" && min >= config.minimumReplicas
                ? []
                : [{ resource, violation: { field: "spec.minReplicas", actual: show(min), expected: `at least ${config.minimumReplicas}`, fix: "raise minReplicas to the stack's minimum" } }];
        });
        return [...autoscalers, ...ofType(resources, "kubernetes:apps/v1:Deployment").flatMap(({ resource, props }) => {
            const key = workloadKey(namespaceOf(props), "Deployment", nameOf(props, resource.name));
            const viaHpa = hpaMin.has(key);
            const count = viaHpa ? hpaMin.get(key) : (at(props, ["spec", "replicas"]) ?? 1);
            return typeof count === "number" && count >= config.minimumReplicas
                ? []
                : [
                      {
                          resource,
                          violation: {
                              field: viaHpa ? "(its HorizontalPodAutoscaler) spec.minReplicas" : "spec.replicas",
                              actual: show(count),
                              expected: `at least ${config.minimumReplicas}`,
                              fix: "raise the profile's appReplicas.min",
                          },
                      },
                  ];
        })];
    },
);
