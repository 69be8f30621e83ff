import { runAsNonRoot } from "../../../policy/rules/kubernetes/run-as-non-root";
import { resourceRuleTable } from "../../support/policy";
import { addEphemeral, container, deployment, podSpec } from "../fixtures";

resourceRuleTable(runAsNonRoot, {
    good: deployment,
    compliant: [
        ["set only on the pod", (r) => delete container(r).securityContext.runAsNonRoot],
        ["runAsNonRoot without a numeric uid (the kubelet refuses a root image)", (r) => (delete container(r).securityContext.runAsUser, delete podSpec(r).securityContext.runAsUser)],
        ["set only on the containers", (r) => delete podSpec(r).securityContext.runAsNonRoot],
    ],
    bad: [
        ["runAsNonRoot false on the container", (r) => (container(r).securityContext.runAsNonRoot = false), 'securityContext.runAsNonRoot (container "api") is false; expected true'],
        ["false on the pod, true on every container", (r) => (podSpec(r).securityContext.runAsNonRoot = false), "spec.template.spec.securityContext.runAsNonRoot is false; expected true or unset"],
        ["nothing on pod or container", (r) => (delete container(r).securityContext.runAsNonRoot, delete podSpec(r).securityContext.runAsNonRoot), 'securityContext.runAsNonRoot (container "api") is missing; expected true'],
        ["an ephemeral container without it when the pod does not set it", (r) => (delete podSpec(r).securityContext.runAsNonRoot, addEphemeral(r, {})), 'ephemeralContainers[0].securityContext.runAsNonRoot (container "debug") is missing'],
    ],
});
