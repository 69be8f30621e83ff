import { minimumReplicas } from "../../../policy/rules/kubernetes/minimum-replicas";
import { stackRuleTable } from "../../support/policy";
import { apiStack } from "../fixtures";

stackRuleTable(minimumReplicas, {
    good: apiStack,
    config: { minimumReplicas: 2 },
    compliant: [["replicas on a Deployment without an HPA", (s) => ((s[0].props.spec.replicas = 2), s.splice(2, 1))]],
    bad: [
        ["an HPA minimum below the stack's", (s) => (s[2].props.spec.minReplicas = 1), "(its HorizontalPodAutoscaler) spec.minReplicas is 1; expected at least 2"],
        ["no HPA and no replicas (1)", (s) => s.splice(2, 1), "spec.replicas is 1; expected at least 2"],
        ["an HPA on its own (its Deployment managed elsewhere) below the stack's minimum", (s) => ((s[2].props.spec.minReplicas = 1), s.splice(0, 1)), 'HorizontalPodAutoscaler "app-api-hpa": spec.minReplicas is 1; expected at least 2'],
    ],
});
