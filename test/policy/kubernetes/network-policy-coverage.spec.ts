import { networkPolicyCoverage } from "../../../policy/rules/kubernetes/network-policy-coverage";
import { stackRuleTable } from "../../support/policy";
import { apiStack } from "../fixtures";

const defaultDeny = { type: "kubernetes:networking.k8s.io/v1:NetworkPolicy", name: "deny", props: { metadata: { name: "default-deny", namespace: "apps" }, spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } } };

stackRuleTable(networkPolicyCoverage, {
    good: () => [...apiStack(), defaultDeny],
    bad: [
        ["only the namespace's default-deny", (s) => s.splice(4, 1), "spec.template.metadata.labels is"],
        ["a policy in another namespace", (s) => (s[4].props.metadata.namespace = "data"), '(no NetworkPolicy in apps selects them); expected pods selected by a NetworkPolicy'],
    ],
});
