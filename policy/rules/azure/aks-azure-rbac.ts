import { resourceRule, show } from "../../lib/rule";

/** Entra ID authentication with Azure RBAC authorization: access is granted and audited by Azure role. */
export const aksAzureRbac = resourceRule(
    {
        name: "aks-azure-rbac",
        description: "AKS clusters use managed Entra ID integration with Azure RBAC for Kubernetes authorization, and Kubernetes RBAC on.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Set aadProfile: { managed: true, enableAzureRBAC: true } and enableRBAC: true.",
    },
    ["azure-native:containerservice:ManagedCluster"],
    (props) => {
        const found = [];
        if (props.aadProfile?.managed !== true || props.aadProfile?.enableAzureRBAC !== true) {
            found.push({ field: "aadProfile", actual: show(props.aadProfile), expected: "{ managed: true, enableAzureRBAC: true }", fix: "enable managed Entra ID with Azure RBAC" });
        }
        if (props.enableRBAC === false) {
            found.push({ field: "enableRBAC", actual: "false", expected: "true", fix: "enable Kubernetes RBAC" });
        }
        return found;
    },
);
