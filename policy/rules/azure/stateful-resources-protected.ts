import { stackRule } from "../../lib/rule";

export interface StatefulResourcesProtectedConfig {
    /** Type tokens of resources whose loss loses data or identity. */
    statefulTypes: string[];
}

/**
 * Stateful resources carry `protect: true`, so neither `pulumi destroy` nor a replacing change can
 * delete them without someone first unprotecting them on purpose.
 */
export const statefulResourcesProtected = stackRule<StatefulResourcesProtectedConfig>(
    {
        name: "stateful-resources-protected",
        description: "Stateful resources (resource groups, workspaces, clusters, registries, storage, Kafka brokers and topics) are protected.",
        severity: "high",
        enforcementLevel: "advisory",
        remediationSteps:
            "Stateful resources take `protect` from the stack profile's trait protectStatefulResources (stacks/profiles.ts); " +
            "use a profile that protects them, or pass `protect: true` where the resource is created.",
        configSchema: {
            properties: {
                statefulTypes: {
                    type: "array",
                    items: { type: "string" },
                    default: [
                        "azure-native:resources:ResourceGroup",
                        "azure-native:operationalinsights:Workspace",
                        "azure-native:containerservice:ManagedCluster",
                        "azure-native:containerregistry:Registry",
                        "azure-native:storage:StorageAccount",
                        "azure-native:dbforpostgresql:Server",
                        "azure-native:dbforpostgresql:Database",
                        "azure-native:keyvault:Vault",
                        "azure-native:monitor:AzureMonitorWorkspace",
                        "kubernetes:kafka.strimzi.io/v1:Kafka",
                        "kubernetes:kafka.strimzi.io/v1:KafkaNodePool",
                        "kafka:index/topic:Topic",
                    ],
                },
            },
        },
    },
    (resources, config) =>
        resources
            .filter((r) => config.statefulTypes.includes(r.type) && !r.opts.protect)
            .map((resource) => ({
                resource,
                violation: {
                    field: "options.protect",
                    actual: "false",
                    expected: "true for a stateful resource",
                    fix: "create it with `protect: true` (the profile trait protectStatefulResources does this for every stateful resource)",
                },
            })),
);
