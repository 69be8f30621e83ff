import { resourceRule, show } from "../../lib/rule";

/** The API server is private or limited to known ranges, never open to the whole internet (prod: mandatory). */
export const aksApiServerAccess = resourceRule(
    {
        name: "aks-api-server-access",
        description: "AKS API servers are private or restricted to authorized IP ranges (none of them 0.0.0.0/0).",
        severity: "high",
        enforcementLevel: "advisory",
        remediationSteps: "Set apiServerAccess to private (prod) or authorized-ranges with apiServerAuthorizedRanges (pulumi config).",
    },
    ["azure-native:containerservice:ManagedCluster"],
    (props) => {
        const access = props.apiServerAccessProfile ?? {};
        if (access.enablePrivateCluster === true) {
            return [];
        }
        const ranges: unknown[] = Array.isArray(access.authorizedIPRanges) ? access.authorizedIPRanges : [];
        if (ranges.length === 0 || ranges.some((r) => typeof r === "string" && r.endsWith("/0"))) {
            return [{ field: "apiServerAccessProfile", actual: show(access), expected: "enablePrivateCluster: true, or authorizedIPRanges without /0", fix: "pulumi config set apiServerAccess private (or authorized-ranges with your ranges)" }];
        }
        return [];
    },
);
