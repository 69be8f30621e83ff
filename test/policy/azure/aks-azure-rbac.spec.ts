import { aksAzureRbac } from "../../../policy/rules/azure/aks-azure-rbac";
import { resourceRuleTable } from "../../support/policy";
import { cluster } from "../fixtures";

resourceRuleTable(aksAzureRbac, {
    good: cluster,
    bad: [
        ["Kubernetes RBAC only", (r) => (r.props.aadProfile.enableAzureRBAC = false), 'aadProfile is {"enableAzureRBAC":false,"managed":true}; expected { managed: true, enableAzureRBAC: true }'],
        ["RBAC off", (r) => (r.props.enableRBAC = false), "enableRBAC is false; expected true"],
    ],
});
