import { resourceRule, show } from "../../lib/rule";

export interface StorageRedundancyConfig {
    /** SKUs the stack's storage accounts may use. */
    allowedSkus: string[];
}

/** Data survives what the environment must survive: a zone (ZRS) or a region (GZRS) in prod. */
export const storageRedundancy = resourceRule<StorageRedundancyConfig>(
    {
        name: "storage-redundancy",
        description: "Storage accounts use one of the stack's allowed redundancy SKUs.",
        severity: "medium",
        enforcementLevel: "advisory",
        remediationSteps: "Use the profile's storageSku (prod: Standard_GZRS).",
        configSchema: {
            properties: {
                allowedSkus: { type: "array", items: { type: "string" }, default: ["Standard_LRS", "Standard_ZRS", "Standard_GRS", "Standard_GZRS", "Standard_RAGRS", "Standard_RAGZRS"] },
            },
        },
    },
    ["azure-native:storage:StorageAccount"],
    (props, config) =>
        config.allowedSkus.includes(props.sku?.name)
            ? []
            : [{ field: "sku.name", actual: show(props.sku?.name), expected: `one of ${config.allowedSkus.join(", ")}`, fix: "use the profile's storage SKU" }],
);
