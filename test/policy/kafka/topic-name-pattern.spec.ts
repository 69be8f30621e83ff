import { topicNamePattern } from "../../../policy/rules/kafka/topic-name-pattern";
import { resourceRuleTable } from "../../support/policy";
import { topic } from "../fixtures";

resourceRuleTable(topicNamePattern, {
    good: topic,
    compliant: [["a dead-letter topic", (r) => (r.props.name = "web.event.received.worker.dlt")]],
    bad: [
        ["camel case", (r) => (r.props.name = "WebEventReceived"), 'name is "WebEventReceived"; expected <domain>.<entity>.<event>'],
        ["two segments", (r) => (r.props.name = "web.events"), '"web.events"'],
        ["underscores", (r) => (r.props.name = "web.user_event.created"), '"web.user_event.created"'],
    ],
});

resourceRuleTable(topicNamePattern, {
    good: () => ({ ...topic(), props: { ...topic().props, name: "acme.web.event.received" } }),
    config: { topicPattern: "acme\\.[a-z0-9-]+\\.[a-z0-9-]+\\.[a-z0-9-]+" },
    bad: [["a name without the configured prefix", (r) => (r.props.name = "web.event.received"), "(acme\\.[a-z0-9-]+"]],
});
