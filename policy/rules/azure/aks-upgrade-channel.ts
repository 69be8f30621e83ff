import { resourceRule, show } from "../../lib/rule";

const CHANNELS = ["patch", "stable", "rapid", "node-image"];
const NODE_CHANNELS = ["NodeImage", "SecurityPatch"];

/** Clusters and node images receive security patches without a person remembering to. */
export const aksUpgradeChannel = resourceRule(
    {
        name: "aks-upgrade-channel",
        description: "AKS clusters set an automatic upgrade channel and a node OS upgrade channel.",
        severity: "medium",
        enforcementLevel: "mandatory",
        remediationSteps: "Set autoUpgradeProfile: { upgradeChannel: patch, nodeOSUpgradeChannel: NodeImage } with a maintenance window.",
    },
    ["azure-native:containerservice:ManagedCluster"],
    (props) => {
        const found = [];
        const profile = props.autoUpgradeProfile ?? {};
        if (!CHANNELS.includes(profile.upgradeChannel)) {
            found.push({ field: "autoUpgradeProfile.upgradeChannel", actual: show(profile.upgradeChannel), expected: CHANNELS.join(", "), fix: "set upgradeChannel: patch" });
        }
        if (!NODE_CHANNELS.includes(profile.nodeOSUpgradeChannel)) {
            found.push({ field: "autoUpgradeProfile.nodeOSUpgradeChannel", actual: show(profile.nodeOSUpgradeChannel), expected: NODE_CHANNELS.join(", "), fix: "set nodeOSUpgradeChannel: NodeImage" });
        }
        return found;
    },
);
