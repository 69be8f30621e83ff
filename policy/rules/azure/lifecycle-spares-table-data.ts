import type { PolicyResource } from "@pulumi/policy";
import { at } from "../../lib/kubernetes";
import { stackRule, show } from "../../lib/rule";

/** Container metadata that marks an Iceberg warehouse (DataLake's WAREHOUSE_METADATA_KEY). */
export const WAREHOUSE_METADATA_KEY = "icebergwarehouse";

/** Whether a lifecycle rule's blob prefix reaches into `container` (an empty prefix reaches every container). */
export function prefixCovers(prefix: string, container: string): boolean {
    const root = `${container}/`;
    return prefix === "" || root.startsWith(prefix) || prefix.startsWith(root);
}

/** Same account: equal names, or a name not known yet (judged as the same, to be safe). */
const sameAccount = (a: unknown, b: unknown) => typeof a !== "string" || typeof b !== "string" || a === b;

/**
 * An Iceberg table's files are referenced by its metadata: a Blob lifecycle rule that deletes (or
 * archives, which makes unreadable) a data or manifest file under a table corrupts it, and the
 * table's own maintenance already expires data the Iceberg way. So no lifecycle rule of an account
 * may reach a container marked as a warehouse.
 */
export const lifecycleSparesTableData = stackRule(
    {
        name: "lifecycle-spares-table-data",
        description: "No storage lifecycle rule reaches an Iceberg warehouse container (its tables expire data through their maintenance, never by blob deletion).",
        severity: "critical",
        enforcementLevel: "mandatory",
        remediationSteps: "Give the rule a prefix outside the warehouse (e.g. landing/), or drop it and set the table's retention (lakeBronzeRetentionDays, lakeSilverRetentionDays).",
    },
    (resources) => {
        const warehouses = resources.filter(
            (r) => r.type === "azure-native:storage:BlobContainer" && String(at(r.props, ["metadata", WAREHOUSE_METADATA_KEY]) ?? "") === "true",
        );
        return resources
            .filter((r) => r.type === "azure-native:storage:ManagementPolicy")
            .flatMap((policy: PolicyResource) => {
                const rules = (at(policy.props, ["policy", "rules"]) ?? []) as Record<string, any>[];
                return rules.flatMap((rule, i) => {
                    if (rule?.enabled === false) return [];
                    const prefixes = (at(rule, ["definition", "filters", "prefixMatch"]) ?? []) as string[];
                    const reach = prefixes.length === 0 ? [""] : prefixes;
                    const hit = warehouses.filter(
                        (w) => sameAccount(at(w.props, ["accountName"]), at(policy.props, ["accountName"])) && reach.some((p) => prefixCovers(p, String(at(w.props, ["containerName"]) ?? w.name))),
                    );
                    if (hit.length === 0) return [];
                    const containers = hit.map((w) => String(at(w.props, ["containerName"]) ?? w.name));
                    return [
                        {
                            resource: policy,
                            violation: {
                                field: `policy.rules[${i}] "${rule?.name ?? i}" definition.filters.prefixMatch`,
                                actual: `${prefixes.length === 0 ? "no prefix (the whole account)" : show(prefixes)}, reaching the Iceberg warehouse ${containers.join(", ")} (actions ${show(rule?.definition?.actions)})`,
                                expected: `prefixes outside ${containers.map((c) => `${c}/`).join(", ")}`,
                                fix: `scope the rule to files that are not tables (e.g. landing/); expire table data with the tables' retention (the lake's maintenance job), never with blob lifecycle`,
                            },
                        },
                    ];
                });
            });
    },
);
