import { noHostNamespaces } from "../../../policy/rules/kubernetes/no-host-namespaces";
import { resourceRuleTable } from "../../support/policy";
import { deployment, podSpec } from "../fixtures";

resourceRuleTable(noHostNamespaces, {
    good: deployment,
    compliant: [["hostNetwork: false", (r) => (podSpec(r).hostNetwork = false)]],
    bad: [
        ["hostNetwork", (r) => (podSpec(r).hostNetwork = true), "spec.template.spec.hostNetwork is true; expected unset or false"],
        ["hostPID", (r) => (podSpec(r).hostPID = true), "spec.template.spec.hostPID is true"],
        ["hostIPC", (r) => (podSpec(r).hostIPC = true), "spec.template.spec.hostIPC is true"],
    ],
});
