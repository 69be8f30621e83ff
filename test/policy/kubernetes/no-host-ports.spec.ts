import { noHostPorts } from "../../../policy/rules/kubernetes/no-host-ports";
import { resourceRuleTable } from "../../support/policy";
import { container, deployment } from "../fixtures";

resourceRuleTable(noHostPorts, {
    good: deployment,
    bad: [["a hostPort", (r) => (container(r).ports[0].hostPort = 5000), 'containers[0].ports[0].hostPort (container "api") is 5000; expected unset']],
});
