import { containerResources } from "../../../policy/rules/kubernetes/container-resources";
import { resourceRuleTable } from "../../support/policy";
import { container, deployment } from "../fixtures";

resourceRuleTable(containerResources, {
    good: deployment,
    compliant: [["a CPU limit too", (r) => (container(r).resources.limits.cpu = "1")]],
    bad: [
        ["no CPU request", (r) => delete container(r).resources.requests.cpu, 'resources.requests.cpu (container "api") is missing; expected a quantity'],
        ["no memory limit", (r) => delete container(r).resources.limits, 'resources.limits.memory (container "api") is missing'],
        ["no resources at all", (r) => delete container(r).resources, '(container "api")', 3],
    ],
});
