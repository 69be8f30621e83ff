import { aksZones } from "../../../policy/rules/azure/aks-zones";
import { resourceRuleTable } from "../../support/policy";
import { cluster } from "../fixtures";

resourceRuleTable(aksZones, {
    good: cluster,
    config: { minimumZones: 3 },
    bad: [["a pool in one zone", (r) => (r.props.agentPoolProfiles[0].availabilityZones = ["1"]), 'agentPoolProfiles[0].availabilityZones (pool "system") is ["1"]; expected at least 3 zones']],
});

resourceRuleTable(aksZones, {
    good: () => ({ type: "azure-native:containerservice:AgentPool", name: "aks-pool-user", props: { availabilityZones: ["1", "2", "3"] } }),
    config: { minimumZones: 3 },
    bad: [["a user pool without zones", (r) => delete r.props.availabilityZones, "availabilityZones is []; expected at least 3 zones"]],
});
