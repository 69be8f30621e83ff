import { resourceRule, show } from "../../lib/rule";

/** Account keys open everything in the account and leave no identity in the logs: Entra ID only. */
export const storageSharedKeyDisabled = resourceRule(
    {
        name: "storage-shared-key-disabled",
        description: "Storage accounts disable shared key access (Entra ID only).",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Set allowSharedKeyAccess: false; grant data roles to identities. An account that must keep its key (stock Flink's checkpoints) needs an exemption with the reason.",
    },
    ["azure-native:storage:StorageAccount"],
    (props) =>
        props.allowSharedKeyAccess === false
            ? []
            : [{ field: "allowSharedKeyAccess", actual: show(props.allowSharedKeyAccess), expected: "false", fix: "disable shared key access and use Entra ID roles" }],
);
