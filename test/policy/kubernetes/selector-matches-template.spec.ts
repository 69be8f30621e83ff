import { selectorMatchesTemplate } from "../../../policy/rules/kubernetes/selector-matches-template";
import { resourceRuleTable } from "../../support/policy";
import { deployment } from "../fixtures";

resourceRuleTable(selectorMatchesTemplate, {
    good: deployment,
    bad: [
        ["a selector label the template lacks", (r) => (r.props.spec.selector.matchLabels.tier = "web"), "spec.selector.matchLabels is"],
        ["an empty selector", (r) => (r.props.spec.selector.matchLabels = {}), 'spec.selector.matchLabels is {}; expected a non-empty subset of the template\'s labels'],
    ],
});
