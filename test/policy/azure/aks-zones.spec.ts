import { aksZones } from "../../../policy/rules/azure/aks-zones";
import { stackRuleTable, type TestResource } from "../../support/policy";
import { cluster } from "../fixtures";

const pool = (name: string, zones: string[] | undefined, extra: Record<string, unknown> = {}): TestResource => ({
    type: "azure-native:containerservice:AgentPool",
    name,
    props: { resourceName: "aks", mode: "User", vmSize: "Standard_E4s_v5", ...(zones ? { availabilityZones: zones } : {}), ...extra },
});
const stateful = { nodeLabels: { "streaming-platform.io/node-pool": "stateful" }, nodeTaints: ["streaming-platform.io/node-pool=stateful:NoSchedule"] };

stackRuleTable(aksZones, {
    good: () => [cluster(), pool("aks-pool-user", ["1", "2", "3"], { vmSize: "Standard_D8s_v5" }), pool("aks-pool-stateful-1", ["1"], stateful), pool("aks-pool-stateful-2", ["2"], stateful), pool("aks-pool-stateful-3", ["3"], stateful)],
    config: { minimumZones: 3 },
    bad: [
        ["an inline pool in one zone", (s) => (s[0].props.agentPoolProfiles[0].availabilityZones = ["1"]), 'agentPoolProfiles[0].availabilityZones (pool "system") is ["1"]; expected at least 3 zones'],
        ["a user pool without zones", (s) => delete s[1].props.availabilityZones, 'azure-native:containerservice:AgentPool "aks-pool-user": availabilityZones is []; expected at least 3 zones'],
        ["a per-zone set missing a zone (both remaining pools reported)", (s) => s.splice(4, 1), '(with 1 per-zone sibling(s): ["1","2"]); expected at least 3 zones', 2],
        ["a single-zone pool that is no sibling of the others (another VM size)", (s) => (s[4].props.vmSize = "Standard_E8s_v5"), "expected at least 3 zones", 3],
    ],
});
