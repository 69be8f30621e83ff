import { aksAzurePolicyAddon } from "../../../policy/rules/azure/aks-azure-policy-addon";
import { resourceRuleTable } from "../../support/policy";
import { cluster } from "../fixtures";

resourceRuleTable(aksAzurePolicyAddon, {
    good: cluster,
    bad: [["no add-on", (r) => delete r.props.addonProfiles, "addonProfiles.azurepolicy.enabled is missing; expected true"]],
});
