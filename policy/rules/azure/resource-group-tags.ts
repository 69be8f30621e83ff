import { resourceRule, show } from "../../lib/rule";

export interface ResourceGroupTagsConfig {
    /** Tags every resource group must carry with a non-empty value. */
    requiredTags: string[];
}

/** Resource groups carry the ownership and cost tags that every report and alert routes by. */
export const resourceGroupTags = resourceRule<ResourceGroupTagsConfig>(
    {
        name: "resource-group-tags",
        description: "Resource groups carry the tags that ownership, cost reports and alert routing rely on.",
        severity: "medium",
        enforcementLevel: "advisory",
        remediationSteps:
            "Tags come from the stack config (owner) and the program (project, environment, managed-by) in infra/config.ts; " +
            "set the missing value with `pulumi config set owner <team>` or add it to the tags there.",
        configSchema: {
            properties: {
                requiredTags: {
                    type: "array",
                    items: { type: "string" },
                    default: ["owner", "environment", "project", "managed-by"],
                },
            },
        },
    },
    ["azure-native:resources:ResourceGroup"],
    (props, config) => {
        const tags: Record<string, unknown> = props.tags ?? {};
        return config.requiredTags
            .filter((tag) => typeof tags[tag] !== "string" || tags[tag] === "")
            .map((tag) => ({
                field: `tags.${tag}`,
                actual: show(tags[tag]),
                expected: `a non-empty "${tag}" tag (required tags: ${config.requiredTags.join(", ")})`,
                fix: `add the "${tag}" tag to the resource group's tags (infra/config.ts builds them from the stack config)`,
            }));
    },
);
