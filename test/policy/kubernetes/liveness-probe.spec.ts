import { livenessProbe } from "../../../policy/rules/kubernetes/liveness-probe";
import { resourceRuleTable } from "../../support/policy";
import { container, deployment } from "../fixtures";

resourceRuleTable(livenessProbe, {
    good: deployment,
    bad: [["no liveness probe", (r) => delete container(r).livenessProbe, 'livenessProbe (container "api") is missing; expected a liveness probe']],
    notApplicable: [["a Job", { type: "kubernetes:batch/v1:Job", name: "migrate", props: { spec: { template: { spec: { restartPolicy: "Never", containers: [{ name: "m" }] } } } } }]],
});
