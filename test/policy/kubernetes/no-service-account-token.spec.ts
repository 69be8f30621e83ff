import { noServiceAccountToken } from "../../../policy/rules/kubernetes/no-service-account-token";
import { resourceRuleTable } from "../../support/policy";
import { deployment, podSpec } from "../fixtures";

const annotate = (r: { props: Record<string, any> }, value: string) => (r.props.spec.template.metadata.annotations = { ...r.props.spec.template.metadata.annotations, "streaming-platform.io/kubernetes-api": value });

resourceRuleTable(noServiceAccountToken, {
    good: deployment,
    compliant: [["a workload that declares why it calls the API", (r) => ((podSpec(r).automountServiceAccountToken = true), annotate(r, "leader election through Lease objects"))]],
    bad: [
        ["the field unset (Kubernetes mounts the token by default)", (r) => delete podSpec(r).automountServiceAccountToken, "spec.template.spec.automountServiceAccountToken is missing; expected false"],
        ["the token mounted without a reason", (r) => (podSpec(r).automountServiceAccountToken = true), "spec.template.spec.automountServiceAccountToken is true; expected false"],
        ["a reason too short to be one", (r) => ((podSpec(r).automountServiceAccountToken = true), annotate(r, "needed")), "is true; expected false (or the template's streaming-platform.io/kubernetes-api annotation"],
    ],
});
