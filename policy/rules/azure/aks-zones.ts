import { list, ofType, record } from "../../lib/kubernetes";
import { show, stackRule, type StackResource, type Violation } from "../../lib/rule";

export interface AksZonesConfig {
    /** Fewest availability zones each node pool (or set of per-zone pools) must span. */
    minimumZones: number;
}

/** What makes pools one zonal set: the same cluster, mode, VM size, labels and taints (a pool per zone of one role). */
function setKey(props: Record<string, any>): string {
    return JSON.stringify([props.resourceName ?? null, props.mode ?? null, props.vmSize ?? null, props.nodeLabels ?? {}, [...list(props.nodeTaints)].sort()]);
}

/**
 * Node pools spread over zones survive a zone's loss (prod: three zones). A pool may sit in one zone
 * when it is one of a set of per-zone pools (same cluster, mode, VM size, labels and taints) that
 * together span the zones: the autoscaler then grows the zone a Pending pod's zonal disk needs.
 */
export const aksZones = stackRule<AksZonesConfig>(
    {
        name: "aks-zones",
        description: "Every AKS node pool, or set of per-zone pools of one role, spans at least the stack's minimum number of availability zones.",
        severity: "medium",
        enforcementLevel: "advisory",
        remediationSteps: "Use a profile with availabilityZones (prod: 1, 2, 3); zones are fixed at pool creation. Per-zone pools need a sibling in each zone.",
        configSchema: { properties: { minimumZones: { type: "integer", minimum: 0, maximum: 3, default: 1 } } },
    },
    (resources, config) => {
        const found: { resource: StackResource; violation: Violation }[] = [];
        const fix = "create the pool across the region's zones (profile trait availabilityZones), or one pool per zone of the same role";
        for (const { resource, props } of ofType(resources, "azure-native:containerservice:ManagedCluster")) {
            list(props.agentPoolProfiles).forEach((p, i) => {
                const zones = list(record(p)?.availabilityZones);
                if (zones.length < config.minimumZones) {
                    found.push({ resource, violation: { field: `agentPoolProfiles[${i}].availabilityZones (pool "${record(p)?.name}")`, actual: show(zones), expected: `at least ${config.minimumZones} zones`, fix } });
                }
            });
        }
        const pools = ofType(resources, "azure-native:containerservice:AgentPool");
        const sets = new Map<string, typeof pools>();
        for (const pool of pools) {
            sets.set(setKey(pool.props), [...(sets.get(setKey(pool.props)) ?? []), pool]);
        }
        for (const set of sets.values()) {
            const covered = new Set(set.flatMap(({ props }) => list(props.availabilityZones).map(String)));
            if (covered.size >= config.minimumZones) {
                continue;
            }
            for (const { resource, props } of set) {
                const siblings = set.length > 1 ? ` (with ${set.length - 1} per-zone sibling(s): ${show([...covered].sort())})` : "";
                found.push({ resource, violation: { field: "availabilityZones", actual: `${show(props.availabilityZones ?? [])}${siblings}`, expected: `at least ${config.minimumZones} zones`, fix } });
            }
        }
        return found;
    },
);
