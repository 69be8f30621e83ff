import { acrPremiumPrivate } from "../../../policy/rules/azure/acr-premium-private";
import { resourceRuleTable } from "../../support/policy";
import { registry } from "../fixtures";

resourceRuleTable(acrPremiumPrivate, {
    good: registry,
    bad: [
        ["Basic", (r) => (r.props.sku.name = "Basic"), 'sku.name is "Basic"; expected "Premium"'],
        ["a public endpoint", (r) => (r.props.publicNetworkAccess = "Enabled"), 'publicNetworkAccess is "Enabled"'],
    ],
});
