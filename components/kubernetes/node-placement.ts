/**
 * Putting a workload on a dedicated node pool: the pool's nodes carry a label and a taint of the
 * same key and value (AksCluster's STATEFUL_NODES); the workload requires the label and tolerates
 * the taint, so it runs there and nothing else does.
 */
export interface NodePlacement {
    readonly labelKey: string;
    readonly labelValue: string;
    readonly taintEffect: "NoSchedule" | "NoExecute" | "PreferNoSchedule";
}

/** The toleration of the pool's taint. */
export function placementTolerations(placement: NodePlacement | undefined) {
    return placement ? [{ key: placement.labelKey, operator: "Equal", value: placement.labelValue, effect: placement.taintEffect }] : [];
}

/** Required node affinity for the pool's label (Strimzi's pod template has no nodeSelector). */
export function placementAffinity(placement: NodePlacement | undefined) {
    return placement
        ? { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: placement.labelKey, operator: "In", values: [placement.labelValue] }] }] } } }
        : undefined;
}
