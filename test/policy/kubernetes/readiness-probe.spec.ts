import { readinessProbe } from "../../../policy/rules/kubernetes/readiness-probe";
import { stackRuleTable } from "../../support/policy";
import { apiStack, container } from "../fixtures";

stackRuleTable(readinessProbe, {
    good: apiStack,
    compliant: [["no probe on a pod no Service selects", (s) => (delete container(s[0]).readinessProbe, s.splice(1, 1))]],
    bad: [["a selected pod without a readiness probe", (s) => delete container(s[0]).readinessProbe, 'readinessProbe (container "api") is missing; expected a readiness probe (a Service selects this pod)']],
});
