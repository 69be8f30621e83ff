import { aksLocalAccountsDisabled } from "../../../policy/rules/azure/aks-local-accounts-disabled";
import { resourceRuleTable } from "../../support/policy";
import { cluster, registry } from "../fixtures";

resourceRuleTable(aksLocalAccountsDisabled, {
    good: cluster,
    bad: [
        ["local accounts on", (r) => (r.props.disableLocalAccounts = false), 'azure-native:containerservice:ManagedCluster "aks-cluster": disableLocalAccounts is false; expected true. Fix: set disableLocalAccounts: true'],
        ["the Azure default (unset)", (r) => delete r.props.disableLocalAccounts, "disableLocalAccounts is missing"],
    ],
    notApplicable: [["a registry", registry()]],
});
