import { pdbForReplicatedWorkloads } from "../../../policy/rules/kubernetes/pdb-for-replicated-workloads";
import { stackRuleTable } from "../../support/policy";
import { apiStack, statefulStack } from "../fixtures";

stackRuleTable(pdbForReplicatedWorkloads, {
    good: () => [...apiStack(), ...statefulStack()],
    compliant: [["maxUnavailable 1", (s) => (s[3].props.spec = { selector: s[3].props.spec.selector, maxUnavailable: 1 })]],
    bad: [
        ["no PDB for three replicas", (s) => s.splice(3, 1), "(PodDisruptionBudget) is none selects its pods; expected a PDB for its 3 replicas"],
        ["a PDB that blocks every drain", (s) => (s[3].props.spec.minAvailable = 3), "(its PodDisruptionBudget) spec.minAvailable is 3; expected below its minimum of 3 replicas"],
    ],
});
