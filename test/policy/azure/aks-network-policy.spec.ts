import { aksNetworkPolicy } from "../../../policy/rules/azure/aks-network-policy";
import { resourceRuleTable } from "../../support/policy";
import { cluster } from "../fixtures";

resourceRuleTable(aksNetworkPolicy, {
    good: cluster,
    compliant: [["calico", (r) => (r.props.networkProfile.networkPolicy = "calico")]],
    bad: [["no engine", (r) => delete r.props.networkProfile.networkPolicy, "networkProfile.networkPolicy is missing; expected cilium, azure, calico"]],
});
