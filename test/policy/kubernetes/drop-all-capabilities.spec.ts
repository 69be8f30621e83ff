import { dropAllCapabilities } from "../../../policy/rules/kubernetes/drop-all-capabilities";
import { resourceRuleTable } from "../../support/policy";
import { container, deployment } from "../fixtures";

resourceRuleTable(dropAllCapabilities, {
    good: deployment,
    compliant: [["ALL dropped, one added back", (r) => (container(r).securityContext.capabilities.add = ["NET_BIND_SERVICE"])]],
    bad: [
        ["only NET_RAW dropped", (r) => (container(r).securityContext.capabilities.drop = ["NET_RAW"]), 'capabilities.drop (container "api") is ["NET_RAW"]; expected ["ALL"]'],
        ["no capabilities field", (r) => delete container(r).securityContext.capabilities, "capabilities.drop (container \"api\") is missing"],
    ],
});
