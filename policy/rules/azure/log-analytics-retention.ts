import { resourceRule, show } from "../../lib/rule";

export interface LogAnalyticsRetentionConfig {
    /** Fewest days of retention the workspace may keep. */
    minimumRetentionDays: number;
}

/** Logs (including the Kubernetes audit log) are kept long enough to investigate an incident. */
export const logAnalyticsRetention = resourceRule<LogAnalyticsRetentionConfig>(
    {
        name: "log-analytics-retention",
        description: "Log Analytics workspaces keep logs at least the stack's minimum number of days.",
        severity: "medium",
        enforcementLevel: "advisory",
        remediationSteps:
            "Raise the stack's retention with `pulumi config set logRetentionDays <days>` " +
            "(or rely on the profile default: dev 30, prod 90).",
        configSchema: {
            properties: {
                minimumRetentionDays: { type: "integer", minimum: 7, maximum: 730, default: 30 },
            },
        },
    },
    ["azure-native:operationalinsights:Workspace"],
    (props, config) => {
        const days = props.retentionInDays;
        if (typeof days === "number" && days >= config.minimumRetentionDays) {
            return [];
        }
        return [
            {
                field: "retentionInDays",
                actual: show(days),
                expected: `at least ${config.minimumRetentionDays} days`,
                fix: `pulumi config set logRetentionDays ${config.minimumRetentionDays}`,
            },
        ];
    },
);
