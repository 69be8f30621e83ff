import { at, hpaMinimums, namespaceOf, ofType, selects, stringMap, workloadKey, workloadsOf } from "../../lib/kubernetes";
import { stackRule, show } from "../../lib/rule";

/**
 * A workload of more than one pod has a PodDisruptionBudget that keeps some of them through node
 * drains and still lets a drain proceed: minAvailable below its minimum replica count (or
 * maxUnavailable of at least one). kube-linter and Polaris check parts of this; here the HPA's
 * minimum counts, because that is the count a drain meets.
 */
export const pdbForReplicatedWorkloads = stackRule(
    {
        name: "pdb-for-replicated-workloads",
        description: "Every Deployment or StatefulSet with more than one replica has a PodDisruptionBudget that allows disruption and fits its (HPA) minimum.",
        severity: "medium",
        enforcementLevel: "mandatory",
        remediationSteps: "Add a PDB selecting the pods with minAvailable = minimum replicas - 1 (pdbMinAvailable in workload-plan.ts), or maxUnavailable: 1.",
    },
    (resources) => {
        const hpaMin = hpaMinimums(resources);
        const pdbs = ofType(resources, "kubernetes:policy/v1:PodDisruptionBudget").map(({ props }) => ({
            namespace: namespaceOf(props),
            selector: stringMap(at(props, ["spec", "selector", "matchLabels"])),
            minAvailable: at(props, ["spec", "minAvailable"]),
            maxUnavailable: at(props, ["spec", "maxUnavailable"]),
        }));
        return workloadsOf(resources)
            .filter((w) => w.kind === "Deployment" || w.kind === "StatefulSet")
            .flatMap((w) => {
                const viaHpa = hpaMin.get(workloadKey(w.namespace, w.kind, w.name));
                const minimum = typeof viaHpa === "number" ? viaHpa : (w.replicas ?? 1);
                if (minimum <= 1) {
                    return [];
                }
                const pdb = pdbs.find((p) => p.namespace === w.namespace && selects(p.selector, w.pod.labels));
                if (!pdb) {
                    return [{ resource: w.resource, violation: { field: "(PodDisruptionBudget)", actual: "none selects its pods", expected: `a PDB for its ${minimum} replicas`, fix: `add a PDB with minAvailable: ${minimum - 1}` } }];
                }
                const blocks =
                    typeof pdb.minAvailable === "number" ? pdb.minAvailable >= minimum : pdb.minAvailable === "100%" || pdb.maxUnavailable === 0 || pdb.maxUnavailable === "0%";
                return blocks
                    ? [
                          {
                              resource: w.resource,
                              violation: {
                                  field: "(its PodDisruptionBudget) spec.minAvailable",
                                  actual: show(pdb.minAvailable ?? pdb.maxUnavailable),
                                  expected: `below its minimum of ${minimum} replicas, so a node drain can proceed`,
                                  fix: `set minAvailable: ${minimum - 1}`,
                              },
                          },
                      ]
                    : [];
            });
    },
);
