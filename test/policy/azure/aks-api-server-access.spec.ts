import { aksApiServerAccess } from "../../../policy/rules/azure/aks-api-server-access";
import { resourceRuleTable } from "../../support/policy";
import { cluster } from "../fixtures";

resourceRuleTable(aksApiServerAccess, {
    good: cluster,
    compliant: [["authorized ranges", (r) => (r.props.apiServerAccessProfile = { enablePrivateCluster: false, authorizedIPRanges: ["203.0.113.0/24"] })]],
    bad: [
        ["a public API server", (r) => (r.props.apiServerAccessProfile = { enablePrivateCluster: false }), 'apiServerAccessProfile is {"enablePrivateCluster":false}; expected enablePrivateCluster: true, or authorizedIPRanges without /0'],
        ["ranges that admit everyone", (r) => (r.props.apiServerAccessProfile = { authorizedIPRanges: ["0.0.0.0/0"] }), '"authorizedIPRanges":["0.0.0.0/0"]'],
    ],
});
