import type * as pulumi from "@pulumi/pulumi";
import { type Expected } from "./fixture";

/** prod's lake lifecycle rule loses its prefix: it would delete files under every container, the Iceberg warehouse's included. */
export const transform: pulumi.ResourceTransformation = (args) => {
    if (args.type !== "azure-native:storage:ManagementPolicy" || args.name !== "lake-lifecycle") return undefined;
    const policy = args.props.policy as { rules: { definition: { filters: Record<string, unknown> } }[] };
    const rules = policy.rules.map((r) => ({ ...r, definition: { ...r.definition, filters: { ...r.definition.filters, prefixMatch: undefined } } }));
    return { props: { ...args.props, policy: { ...policy, rules } }, opts: args.opts };
};
export const expected: Expected = {
    policy: "lifecycle-spares-table-data",
    message: 'azure-native:storage:ManagementPolicy "lake-lifecycle": policy.rules[0] "expire-landing" definition.filters.prefixMatch is no prefix (the whole account), reaching the Iceberg warehouse warehouse',
};
