import { networkPolicyCoverage } from "../../../policy/rules/kubernetes/network-policy-coverage";
import { stackRuleTable } from "../../support/policy";
import { apiStack } from "../fixtures";

const namespaceDefault = (name: string, policyTypes: string[]) => ({
    type: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
    name,
    props: { metadata: { name, namespace: "apps" }, spec: { podSelector: {}, policyTypes } },
});
const defaultDeny = namespaceDefault("default-deny", ["Ingress", "Egress"]);
const own = (s: { props: any }[]) => s[4].props.spec;

stackRuleTable(networkPolicyCoverage, {
    good: () => [...apiStack(), defaultDeny],
    compliant: [
        ["its own policy covers both directions, no namespace default", (s) => s.splice(5, 1)],
        ["its own policy covers ingress, the namespace denies egress by default", (s) => ((own(s).policyTypes = ["Ingress"]), delete own(s).egress, (s[5] = namespaceDefault("default-deny", ["Egress"])))],
        ["its own policy selects the pods by expression", (s) => (own(s).podSelector = { matchExpressions: [{ key: "app.kubernetes.io/name", operator: "In", values: ["api", "web"] }] })],
        ["policyTypes unset with egress rules (the API defaults both)", (s) => (s.splice(5, 1), delete own(s).policyTypes)],
    ],
    bad: [
        ["only the namespace's default-deny", (s) => s.splice(4, 1), "(no NetworkPolicy in apps selects them)"],
        ["a policy in another namespace", (s) => (s[4].props.metadata.namespace = "data"), "(no NetworkPolicy in apps selects them); expected pods selected by a NetworkPolicy"],
        ["its own policy covers only ingress, no namespace default", (s) => (s.splice(5, 1), (own(s).policyTypes = ["Ingress"])), 'open for Egress (policies selecting them: app-api-network-policy ["Ingress"]); expected a policy selecting the pods with policyTypes including Egress'],
        ["policyTypes unset and no egress rules, no namespace default (ingress only)", (s) => (s.splice(5, 1), delete own(s).policyTypes, delete own(s).egress), "open for Egress"],
        ["the namespace default covers only ingress, its own policy only ingress", (s) => ((own(s).policyTypes = ["Ingress"]), (s[5] = namespaceDefault("default-deny", ["Ingress"]))), "open for Egress"],
        ["an expression that does not match the pods", (s) => (own(s).podSelector = { matchExpressions: [{ key: "app.kubernetes.io/name", operator: "NotIn", values: ["api"] }] }), "(no NetworkPolicy in apps selects them)"],
    ],
});
