import { resourceRule, show } from "../../lib/rule";

/** The Azure Policy add-on enforces the cluster-side guardrails (Gatekeeper) that previews cannot see. */
export const aksAzurePolicyAddon = resourceRule(
    {
        name: "aks-azure-policy-addon",
        description: "AKS clusters enable the Azure Policy add-on.",
        severity: "medium",
        enforcementLevel: "mandatory",
        remediationSteps: "Set addonProfiles.azurepolicy.enabled: true.",
    },
    ["azure-native:containerservice:ManagedCluster"],
    (props) =>
        props.addonProfiles?.azurepolicy?.enabled === true
            ? []
            : [{ field: "addonProfiles.azurepolicy.enabled", actual: show(props.addonProfiles?.azurepolicy?.enabled), expected: "true", fix: "enable the azurepolicy add-on" }],
);
