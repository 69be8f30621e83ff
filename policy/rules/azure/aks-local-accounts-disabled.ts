import { resourceRule, show } from "../../lib/rule";

/** Local accounts mean a static admin certificate that bypasses Entra ID and audit by identity. */
export const aksLocalAccountsDisabled = resourceRule(
    {
        name: "aks-local-accounts-disabled",
        description: "AKS clusters disable local accounts (no static admin credentials).",
        severity: "critical",
        enforcementLevel: "mandatory",
        remediationSteps: "Set disableLocalAccounts: true; people and Pulumi authenticate with Entra ID (kubelogin).",
    },
    ["azure-native:containerservice:ManagedCluster"],
    (props) => (props.disableLocalAccounts === true ? [] : [{ field: "disableLocalAccounts", actual: show(props.disableLocalAccounts), expected: "true", fix: "set disableLocalAccounts: true" }]),
);
