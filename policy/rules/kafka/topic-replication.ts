import { resourceRule, show } from "../../lib/rule";

export interface TopicReplicationConfig {
    minimumReplicationFactor: number;
    minimumInSyncReplicas: number;
}

/** Enough copies that a broker's loss loses no acknowledged write (prod: RF 3, min ISR 2). */
export const topicReplication = resourceRule<TopicReplicationConfig>(
    {
        name: "topic-replication",
        description: "Kafka topics have at least the stack's replication factor and min.insync.replicas, and min ISR below the replication factor.",
        severity: "high",
        enforcementLevel: "advisory",
        remediationSteps: "Replication comes from the stack profile (kafka.replicationFactor, minInSyncReplicas); the catalog applies it to every topic.",
        configSchema: {
            properties: {
                minimumReplicationFactor: { type: "integer", minimum: 1, maximum: 5, default: 1 },
                minimumInSyncReplicas: { type: "integer", minimum: 1, maximum: 5, default: 1 },
            },
        },
    },
    ["kafka:index/topic:Topic"],
    (props, config) => {
        const found = [];
        const rf = props.replicationFactor;
        const minIsr = Number(props.config?.["min.insync.replicas"]);
        if (typeof rf !== "number" || rf < config.minimumReplicationFactor) {
            found.push({ field: "replicationFactor", actual: show(rf), expected: `at least ${config.minimumReplicationFactor}`, fix: "use a profile with a higher Kafka replication factor" });
        }
        if (!Number.isInteger(minIsr) || minIsr < config.minimumInSyncReplicas) {
            found.push({ field: 'config["min.insync.replicas"]', actual: show(props.config?.["min.insync.replicas"]), expected: `at least ${config.minimumInSyncReplicas}`, fix: "set min.insync.replicas from the profile" });
        } else if (typeof rf === "number" && rf > 1 && minIsr >= rf) {
            found.push({ field: 'config["min.insync.replicas"]', actual: String(minIsr), expected: `below the replication factor ${rf} (else one broker down stops every write)`, fix: "set min.insync.replicas to replicationFactor - 1" });
        }
        return found;
    },
);
