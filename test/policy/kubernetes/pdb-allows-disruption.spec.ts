import { pdbAllowsDisruption } from "../../../policy/rules/kubernetes/pdb-allows-disruption";
import { resourceRuleTable } from "../../support/policy";
import { pdb } from "../fixtures";

resourceRuleTable(pdbAllowsDisruption, {
    good: pdb,
    compliant: [
        ["maxUnavailable 1", (r) => (delete r.props.spec.minAvailable, (r.props.spec.maxUnavailable = 1))],
        ["maxUnavailable 25%", (r) => (delete r.props.spec.minAvailable, (r.props.spec.maxUnavailable = "25%"))],
        ["minAvailable 50%", (r) => (r.props.spec.minAvailable = "50%")],
    ],
    bad: [
        ["maxUnavailable 0", (r) => (delete r.props.spec.minAvailable, (r.props.spec.maxUnavailable = 0)), "spec.maxUnavailable is 0; expected at least 1"],
        ["maxUnavailable 0%", (r) => (delete r.props.spec.minAvailable, (r.props.spec.maxUnavailable = "0%")), 'spec.maxUnavailable is "0%"; expected at least 1'],
        ["minAvailable 100%", (r) => (r.props.spec.minAvailable = "100%"), 'spec.minAvailable is "100%"; expected below 100%'],
    ],
});
