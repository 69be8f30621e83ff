import { resourceRule, show } from "../../lib/rule";

const ENGINES = ["cilium", "azure", "calico"];

/** Without a network policy engine every NetworkPolicy is silently ignored. */
export const aksNetworkPolicy = resourceRule(
    {
        name: "aks-network-policy",
        description: "AKS clusters run a network policy engine (cilium, azure or calico).",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Set networkProfile.networkPolicy (cilium with Azure CNI overlay and the cilium dataplane).",
    },
    ["azure-native:containerservice:ManagedCluster"],
    (props) =>
        ENGINES.includes(props.networkProfile?.networkPolicy)
            ? []
            : [{ field: "networkProfile.networkPolicy", actual: show(props.networkProfile?.networkPolicy), expected: ENGINES.join(", "), fix: "set networkProfile.networkPolicy: cilium" }],
);
