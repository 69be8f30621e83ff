import { rollingUpdateKeepsCapacity } from "../../../policy/rules/kubernetes/rolling-update-keeps-capacity";
import { resourceRuleTable } from "../../support/policy";
import { deployment } from "../fixtures";

resourceRuleTable(rollingUpdateKeepsCapacity, {
    good: deployment,
    compliant: [["a surge percentage", (r) => (r.props.spec.strategy.rollingUpdate.maxSurge = "25%")]],
    bad: [
        ["Recreate", (r) => (r.props.spec.strategy = { type: "Recreate" }), 'spec.strategy.type is "Recreate"; expected "RollingUpdate"'],
        ["the Kubernetes default maxUnavailable", (r) => delete r.props.spec.strategy, "spec.strategy.rollingUpdate.maxUnavailable is missing (Kubernetes defaults to 25%); expected 0"],
        ["maxUnavailable 1", (r) => (r.props.spec.strategy.rollingUpdate.maxUnavailable = 1), "maxUnavailable is 1; expected 0"],
        ["no surge", (r) => (r.props.spec.strategy.rollingUpdate.maxSurge = 0), "maxSurge is 0; expected at least 1 pod"],
    ],
});
