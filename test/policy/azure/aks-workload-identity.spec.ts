import { aksWorkloadIdentity } from "../../../policy/rules/azure/aks-workload-identity";
import { resourceRuleTable } from "../../support/policy";
import { cluster } from "../fixtures";

resourceRuleTable(aksWorkloadIdentity, {
    good: cluster,
    bad: [
        ["no OIDC issuer", (r) => delete r.props.oidcIssuerProfile, "oidcIssuerProfile.enabled is missing; expected true"],
        ["no workload identity", (r) => (r.props.securityProfile.workloadIdentity.enabled = false), "securityProfile.workloadIdentity.enabled is false"],
    ],
});
