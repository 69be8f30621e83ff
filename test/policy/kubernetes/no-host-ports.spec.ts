import { noHostPorts } from "../../../policy/rules/kubernetes/no-host-ports";
import { resourceRuleTable } from "../../support/policy";
import { addInit, container, deployment } from "../fixtures";

resourceRuleTable(noHostPorts, {
    good: deployment,
    bad: [["a hostPort", (r) => (container(r).ports[0].hostPort = 5000), 'containers[0].ports[0].hostPort (container "api") is 5000; expected unset or 0'],
        ["a hostPort on an init container", (r) => (addInit(r).ports = [{ containerPort: 8080, hostPort: 8080 }]), 'initContainers[0].ports[0].hostPort (container "init") is 8080'],
    ],
    compliant: [["hostPort 0 (the API's unset)", (r) => (container(r).ports[0].hostPort = 0)]],
});
