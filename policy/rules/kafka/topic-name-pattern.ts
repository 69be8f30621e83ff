import { resourceRule, show } from "../../lib/rule";

export interface TopicNamePatternConfig {
    /** Names of catalog topics: <domain>.<entity>.<event>. */
    topicPattern: string;
    /** Names of dead-letter topics: <topic>.<group>.dlt. */
    deadLetterPattern: string;
}

/** One naming scheme makes topics findable and ACL prefixes meaningful. */
export const topicNamePattern = resourceRule<TopicNamePatternConfig>(
    {
        name: "topic-name-pattern",
        description: "Kafka topics are named <domain>.<entity>.<event>, dead-letter topics <topic>.<group>.dlt (patterns in config).",
        severity: "medium",
        enforcementLevel: "mandatory",
        remediationSteps: "Declare the topic in the stack's kafkaTopics catalog (domain, entity, event); TopicCatalog names it and its dead-letter topics.",
        configSchema: {
            properties: {
                topicPattern: { type: "string", default: "[a-z0-9-]+\\.[a-z0-9-]+\\.[a-z0-9-]+" },
                deadLetterPattern: { type: "string", default: "[a-z0-9-]+\\.[a-z0-9-]+\\.[a-z0-9-]+\\.[a-z0-9-]+\\.dlt" },
            },
        },
    },
    ["kafka:index/topic:Topic"],
    (props, config) => {
        const name = props.name;
        const ok = typeof name === "string" && [config.topicPattern, config.deadLetterPattern].some((p) => new RegExp(`^(?:${p})$`).test(name));
        return ok ? [] : [{ field: "name", actual: show(name), expected: `<domain>.<entity>.<event> (${config.topicPattern}) or a dead-letter topic (${config.deadLetterPattern})`, fix: "rename the catalog entry's domain/entity/event to lowercase segments" }];
    },
);
