import { hpaOwnsReplicas } from "../../../policy/rules/kubernetes/hpa-owns-replicas";
import { stackRuleTable } from "../../support/policy";
import { apiStack, statefulStack } from "../fixtures";

stackRuleTable(hpaOwnsReplicas, {
    good: () => [...apiStack(), ...statefulStack()],
    bad: [["replicas set under an HPA", (s) => (s[0].props.spec.replicas = 3), "spec.replicas is 3; expected unset (a HorizontalPodAutoscaler scales this workload)"]],
});
