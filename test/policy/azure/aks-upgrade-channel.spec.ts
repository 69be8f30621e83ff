import { aksUpgradeChannel } from "../../../policy/rules/azure/aks-upgrade-channel";
import { resourceRuleTable } from "../../support/policy";
import { cluster } from "../fixtures";

resourceRuleTable(aksUpgradeChannel, {
    good: cluster,
    bad: [
        ["no upgrade channel", (r) => delete r.props.autoUpgradeProfile.upgradeChannel, "autoUpgradeProfile.upgradeChannel is missing; expected patch, stable, rapid, node-image"],
        ["node OS updates off", (r) => (r.props.autoUpgradeProfile.nodeOSUpgradeChannel = "None"), 'autoUpgradeProfile.nodeOSUpgradeChannel is "None"'],
    ],
});
