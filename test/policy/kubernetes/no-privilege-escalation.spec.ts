import { noPrivilegeEscalation } from "../../../policy/rules/kubernetes/no-privilege-escalation";
import { resourceRuleTable } from "../../support/policy";
import { container, deployment } from "../fixtures";

resourceRuleTable(noPrivilegeEscalation, {
    good: deployment,
    bad: [
        ["escalation allowed", (r) => (container(r).securityContext.allowPrivilegeEscalation = true), "allowPrivilegeEscalation (container \"api\") is true; expected false"],
        ["escalation not set (Kubernetes allows it by default)", (r) => delete container(r).securityContext.allowPrivilegeEscalation, "allowPrivilegeEscalation (container \"api\") is missing; expected false"],
        ["an init container without it", (r) => (r.props.spec.template.spec.initContainers = [{ name: "migrate", image: "x" }]), 'initContainers[0].securityContext.allowPrivilegeEscalation (container "migrate") is missing'],
    ],
});
