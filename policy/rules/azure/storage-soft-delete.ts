import { resourceRule, show } from "../../lib/rule";

export interface StorageSoftDeleteConfig {
    /** Fewest days deleted blobs and containers stay recoverable. */
    minimumDays: number;
}

/** A mistaken delete (or a compromised key) is recoverable for a while. */
export const storageSoftDelete = resourceRule<StorageSoftDeleteConfig>(
    {
        name: "storage-soft-delete",
        description: "Blob services keep deleted blobs and containers recoverable for at least the stack's minimum days.",
        severity: "medium",
        enforcementLevel: "mandatory",
        remediationSteps: "Set deleteRetentionPolicy and containerDeleteRetentionPolicy { enabled: true, days } (profile trait softDeleteDays).",
        configSchema: { properties: { minimumDays: { type: "integer", minimum: 1, maximum: 365, default: 7 } } },
    },
    ["azure-native:storage:BlobServiceProperties"],
    (props, config) =>
        (["deleteRetentionPolicy", "containerDeleteRetentionPolicy"] as const)
            .filter((field) => props[field]?.enabled !== true || !(props[field]?.days >= config.minimumDays))
            .map((field) => ({ field, actual: show(props[field]), expected: `{ enabled: true, days: >= ${config.minimumDays} }`, fix: `enable ${field} with at least ${config.minimumDays} days` })),
);
