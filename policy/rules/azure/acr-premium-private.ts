import { resourceRule, show } from "../../lib/rule";

/** Prod registries are Premium (private link, retention, zone redundancy) and refuse public network access. */
export const acrPremiumPrivate = resourceRule(
    {
        name: "acr-premium-private",
        description: "Container registries are Premium and refuse public network access.",
        severity: "medium",
        enforcementLevel: "advisory",
        remediationSteps: "Use a profile with registrySku Premium and privateEndpoints (prod).",
    },
    ["azure-native:containerregistry:Registry"],
    (props) => {
        const found = [];
        if (props.sku?.name !== "Premium") {
            found.push({ field: "sku.name", actual: show(props.sku?.name), expected: '"Premium"', fix: "use the Premium SKU" });
        }
        if (props.publicNetworkAccess !== "Disabled") {
            found.push({ field: "publicNetworkAccess", actual: show(props.publicNetworkAccess), expected: '"Disabled" (reached through its private endpoint)', fix: "disable public network access and add a private endpoint" });
        }
        return found;
    },
);
