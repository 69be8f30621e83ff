import { dropAllCapabilities } from "../../../policy/rules/kubernetes/drop-all-capabilities";
import { resourceRuleTable } from "../../support/policy";
import { container, deployment } from "../fixtures";

resourceRuleTable(dropAllCapabilities, {
    good: deployment,
    compliant: [
        ["ALL dropped, NET_BIND_SERVICE added back", (r) => (container(r).securityContext.capabilities.add = ["NET_BIND_SERVICE"])],
        ["ALL dropped, CAP_NET_BIND_SERVICE (the kernel's spelling) added back", (r) => (container(r).securityContext.capabilities.add = ["CAP_NET_BIND_SERVICE"])],
    ],
    bad: [
        ["ALL dropped, SYS_ADMIN added back", (r) => (container(r).securityContext.capabilities.add = ["SYS_ADMIN"]), 'capabilities.add (container "api") is ["SYS_ADMIN"]; expected nothing but NET_BIND_SERVICE'],
        ["ALL dropped, NET_RAW added to an init container", (r) => (r.props.spec.template.spec.initContainers = [{ ...structuredClone(container(r)), name: "init", securityContext: { ...structuredClone(container(r).securityContext), capabilities: { drop: ["ALL"], add: ["NET_BIND_SERVICE", "net_raw"] } } }]), 'initContainers[0].securityContext.capabilities.add (container "init") is ["NET_BIND_SERVICE","net_raw"]'],
        ["only NET_RAW dropped", (r) => (container(r).securityContext.capabilities.drop = ["NET_RAW"]), 'capabilities.drop (container "api") is ["NET_RAW"]; expected ["ALL"]'],
        ["no capabilities field", (r) => delete container(r).securityContext.capabilities, "capabilities.drop (container \"api\") is missing"],
    ],
});
