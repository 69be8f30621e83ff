import { noHostPath } from "../../../policy/rules/kubernetes/no-host-path";
import { resourceRuleTable } from "../../support/policy";
import { deployment, podSpec } from "../fixtures";

resourceRuleTable(noHostPath, {
    good: deployment,
    bad: [["a hostPath volume", (r) => podSpec(r).volumes.push({ name: "docker", hostPath: { path: "/var/run/docker.sock" } }), 'spec.template.spec.volumes[1].hostPath (volume "docker") is {"path":"/var/run/docker.sock"}; expected no hostPath volume']],
});
