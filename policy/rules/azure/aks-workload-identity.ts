import { resourceRule, show } from "../../lib/rule";

/** Pods get Azure tokens through federated workload identity, never stored client secrets. */
export const aksWorkloadIdentity = resourceRule(
    {
        name: "aks-workload-identity",
        description: "AKS clusters enable the OIDC issuer and workload identity.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Set oidcIssuerProfile.enabled: true and securityProfile.workloadIdentity.enabled: true.",
    },
    ["azure-native:containerservice:ManagedCluster"],
    (props) => {
        const found = [];
        if (props.oidcIssuerProfile?.enabled !== true) {
            found.push({ field: "oidcIssuerProfile.enabled", actual: show(props.oidcIssuerProfile?.enabled), expected: "true", fix: "enable the OIDC issuer" });
        }
        if (props.securityProfile?.workloadIdentity?.enabled !== true) {
            found.push({ field: "securityProfile.workloadIdentity.enabled", actual: show(props.securityProfile?.workloadIdentity?.enabled), expected: "true", fix: "enable workload identity" });
        }
        return found;
    },
);
