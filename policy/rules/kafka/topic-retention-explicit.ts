import { resourceRule, show } from "../../lib/rule";

/** Retention is a decision per topic, not a broker default nobody chose. */
export const topicRetentionExplicit = resourceRule(
    {
        name: "topic-retention-explicit",
        description: "Kafka topics set retention.ms and cleanup.policy explicitly.",
        severity: "low",
        enforcementLevel: "mandatory",
        remediationSteps: "Give the catalog entry retentionHours and cleanupPolicy; TopicCatalog writes both into the topic's config.",
    },
    ["kafka:index/topic:Topic"],
    (props) =>
        (["retention.ms", "cleanup.policy"] as const)
            .filter((key) => typeof props.config?.[key] !== "string" || props.config[key] === "")
            .map((key) => ({ field: `config["${key}"]`, actual: show(props.config?.[key]), expected: "an explicit value", fix: `set ${key} (the catalog's ${key === "retention.ms" ? "retentionHours" : "cleanupPolicy"})` })),
);
