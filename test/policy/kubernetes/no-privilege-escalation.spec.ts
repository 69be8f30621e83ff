import { noPrivilegeEscalation } from "../../../policy/rules/kubernetes/no-privilege-escalation";
import { resourceRuleTable } from "../../support/policy";
import { addEphemeral, container, deployment, podSpec } from "../fixtures";

resourceRuleTable(noPrivilegeEscalation, {
    good: deployment,
    bad: [
        ["escalation allowed", (r) => (container(r).securityContext.allowPrivilegeEscalation = true), "allowPrivilegeEscalation (container \"api\") is true; expected false"],
        ["escalation not set (Kubernetes allows it by default)", (r) => delete container(r).securityContext.allowPrivilegeEscalation, "allowPrivilegeEscalation (container \"api\") is missing; expected false"],
        ["an init container without it", (r) => (r.props.spec.template.spec.initContainers = [{ name: "migrate", image: "x" }]), 'initContainers[0].securityContext.allowPrivilegeEscalation (container "migrate") is missing'],
        ["an ephemeral container without it", (r) => addEphemeral(r, {}), 'ephemeralContainers[0].securityContext.allowPrivilegeEscalation (container "debug") is missing'],
    ],
    compliant: [["a Windows pod (the API forbids the field there)", (r) => ((podSpec(r).os = { name: "windows" }), delete container(r).securityContext.allowPrivilegeEscalation)]],
});
