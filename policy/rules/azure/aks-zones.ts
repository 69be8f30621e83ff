import { list, record } from "../../lib/kubernetes";
import { resourceRule, show } from "../../lib/rule";

export interface AksZonesConfig {
    /** Fewest availability zones each node pool must span. */
    minimumZones: number;
}

/** Node pools spread over zones survive a zone's loss (prod: three zones). */
export const aksZones = resourceRule<AksZonesConfig>(
    {
        name: "aks-zones",
        description: "Every AKS node pool spans at least the stack's minimum number of availability zones.",
        severity: "medium",
        enforcementLevel: "advisory",
        remediationSteps: "Use a profile with availabilityZones (prod: 1, 2, 3); zones are fixed at pool creation.",
        configSchema: { properties: { minimumZones: { type: "integer", minimum: 0, maximum: 3, default: 1 } } },
    },
    ["azure-native:containerservice:ManagedCluster", "azure-native:containerservice:AgentPool"],
    (props, config, args) => {
        const pools = args.type === "azure-native:containerservice:AgentPool" ? [{ field: "availabilityZones", zones: props.availabilityZones }] : list(props.agentPoolProfiles).map((p, i) => ({ field: `agentPoolProfiles[${i}].availabilityZones (pool "${record(p)?.name}")`, zones: record(p)?.availabilityZones }));
        return pools
            .filter((p) => list(p.zones).length < config.minimumZones)
            .map((p) => ({ field: p.field, actual: show(p.zones ?? []), expected: `at least ${config.minimumZones} zones`, fix: "create the pool across the region's zones (profile trait availabilityZones)" }));
    },
);
