import { seccompRuntimeDefault } from "../../../policy/rules/kubernetes/seccomp-runtime-default";
import { resourceRuleTable } from "../../support/policy";
import { container, deployment, podSpec } from "../fixtures";

resourceRuleTable(seccompRuntimeDefault, {
    good: deployment,
    compliant: [["only the pod's profile", (r) => delete container(r).securityContext.seccompProfile]],
    bad: [
        ["Unconfined on the container", (r) => (container(r).securityContext.seccompProfile = { type: "Unconfined" }), 'seccompProfile.type (container "api") is "Unconfined"; expected RuntimeDefault or Localhost'],
        ["no profile anywhere", (r) => (delete container(r).securityContext.seccompProfile, delete podSpec(r).securityContext.seccompProfile), "seccompProfile.type (container \"api\") is missing"],
    ],
});
