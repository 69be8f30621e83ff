import { runAsNonRoot } from "../../../policy/rules/kubernetes/run-as-non-root";
import { resourceRuleTable } from "../../support/policy";
import { container, deployment, podSpec } from "../fixtures";

resourceRuleTable(runAsNonRoot, {
    good: deployment,
    compliant: [
        ["settings only on the pod", (r) => (delete container(r).securityContext.runAsNonRoot, delete container(r).securityContext.runAsUser)],
        ["runAsNonRoot without a numeric uid (the kubelet refuses a root image)", (r) => (delete container(r).securityContext.runAsUser, delete podSpec(r).securityContext.runAsUser)],
    ],
    bad: [
        ["uid 0", (r) => (container(r).securityContext.runAsUser = 0), 'securityContext.runAsUser (container "api") is 0; expected unset or a numeric uid above 0'],
        ["runAsNonRoot false on the container", (r) => (container(r).securityContext.runAsNonRoot = false), 'securityContext.runAsNonRoot (container "api") is false; expected true'],
        [
            "nothing on pod or container",
            (r) => (delete container(r).securityContext.runAsNonRoot, delete container(r).securityContext.runAsUser, delete podSpec(r).securityContext.runAsNonRoot, delete podSpec(r).securityContext.runAsUser),
            'securityContext.runAsNonRoot (container "api") is missing; expected true',
        ],
        ["runAsNonRoot on the pod but uid 0 on the container", (r) => (delete container(r).securityContext.runAsNonRoot, (container(r).securityContext.runAsUser = 0)), 'securityContext.runAsUser (container "api") is 0; expected unset or a numeric uid above 0'],
    ],
});
