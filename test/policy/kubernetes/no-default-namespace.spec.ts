import { noDefaultNamespace } from "../../../policy/rules/kubernetes/no-default-namespace";
import { resourceRuleTable } from "../../support/policy";
import { deployment, service } from "../fixtures";

resourceRuleTable(noDefaultNamespace, {
    good: deployment,
    bad: [
        ["the default namespace", (r) => (r.props.metadata.namespace = "default"), 'metadata.namespace is "default"; expected a platform namespace'],
        ["no namespace", (r) => delete r.props.metadata.namespace, "metadata.namespace is missing"],
    ],
    notApplicable: [
        ["a Namespace", { type: "kubernetes:core/v1:Namespace", name: "apps", props: { metadata: { name: "apps" } } }],
        ["a Helm release", { type: "kubernetes:helm.sh/v3:Release", name: "flink-operator", props: {} }],
        ["an Azure resource", { type: "azure-native:storage:StorageAccount", name: "lake", props: {} }],
    ],
});

resourceRuleTable(noDefaultNamespace, { good: service, bad: [["a Service in default", (r) => (r.props.metadata.namespace = "default"), "metadata.namespace is \"default\""]] });
