import { noPrivilegedContainers } from "../../../policy/rules/kubernetes/no-privileged-containers";
import { resourceRuleTable } from "../../support/policy";
import { addEphemeral, container, deployment, registry } from "../fixtures";

resourceRuleTable(noPrivilegedContainers, {
    good: deployment,
    compliant: [["no securityContext.privileged at all", (r) => delete container(r).securityContext.privileged]],
    bad: [["a privileged container", (r) => (container(r).securityContext.privileged = true), 'spec.template.spec.containers[0].securityContext.privileged (container "api") is true; expected unset or false'],
        ["a privileged ephemeral container", (r) => addEphemeral(r, { privileged: true }), 'ephemeralContainers[0].securityContext.privileged (container "debug") is true'],
    ],
    notApplicable: [["a registry", registry()]],
});
