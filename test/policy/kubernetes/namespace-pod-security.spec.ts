import { namespacePodSecurity } from "../../../policy/rules/kubernetes/namespace-pod-security";
import { resourceRuleTable, type TestResource } from "../../support/policy";
import { deployment } from "../fixtures";

/** A namespace as the Namespaces component labels it. */
const namespace = (): TestResource => ({
    type: "kubernetes:core/v1:Namespace",
    name: "namespaces-apps",
    props: {
        metadata: {
            name: "apps",
            labels: {
                "pod-security.kubernetes.io/enforce": "restricted",
                "pod-security.kubernetes.io/enforce-version": "v1.33",
                "pod-security.kubernetes.io/audit": "restricted",
                "pod-security.kubernetes.io/warn": "restricted",
            },
        },
    },
});
const labels = (r: TestResource) => r.props.metadata.labels;

resourceRuleTable(namespacePodSecurity, {
    good: namespace,
    compliant: [["baseline for an operator's chart", (r) => (labels(r)["pod-security.kubernetes.io/enforce"] = "baseline")]],
    bad: [
        ["no enforce label (admission lets privileged pods in)", (r) => delete labels(r)["pod-security.kubernetes.io/enforce"], 'metadata.labels["pod-security.kubernetes.io/enforce"] is missing; expected baseline or restricted'],
        ["enforce privileged", (r) => (labels(r)["pod-security.kubernetes.io/enforce"] = "privileged"), 'is "privileged"; expected baseline or restricted'],
        ["a misspelt level (admission rejects the label and enforces nothing)", (r) => (labels(r)["pod-security.kubernetes.io/enforce"] = "Restricted"), 'is "Restricted"'],
        ["an unpinned version", (r) => (labels(r)["pod-security.kubernetes.io/enforce-version"] = "latest"), 'metadata.labels["pod-security.kubernetes.io/enforce-version"] is "latest"; expected a pinned version'],
        ["no labels at all (level and version both reported)", (r) => delete r.props.metadata.labels, "is missing; expected", 2],
    ],
    notApplicable: [["a Deployment", deployment()]],
});

resourceRuleTable(namespacePodSecurity, {
    good: namespace,
    config: { minimumLevel: "restricted" },
    bad: [["baseline when the stack asks for restricted", (r) => (labels(r)["pod-security.kubernetes.io/enforce"] = "baseline"), 'is "baseline"; expected restricted']],
});
