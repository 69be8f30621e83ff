import { noWindowsHostProcess } from "../../../policy/rules/kubernetes/no-windows-host-process";
import { resourceRuleTable } from "../../support/policy";
import { addEphemeral, container, deployment, podSpec } from "../fixtures";

resourceRuleTable(noWindowsHostProcess, {
    good: deployment,
    compliant: [["hostProcess false on pod and container", (r) => ((podSpec(r).securityContext.windowsOptions = { hostProcess: false }), (container(r).securityContext.windowsOptions = { hostProcess: false }))]],
    bad: [
        ["hostProcess on the pod", (r) => (podSpec(r).securityContext.windowsOptions = { hostProcess: true }), "spec.template.spec.securityContext.windowsOptions.hostProcess is true; expected unset or false"],
        ["hostProcess on a container", (r) => (container(r).securityContext.windowsOptions = { hostProcess: true }), 'containers[0].securityContext.windowsOptions.hostProcess (container "api") is true'],
        ["hostProcess on an ephemeral container", (r) => addEphemeral(r, { windowsOptions: { hostProcess: true } }), 'ephemeralContainers[0].securityContext.windowsOptions.hostProcess (container "debug") is true'],
    ],
});
