import { consumerGroupDeadLetter } from "../../../policy/rules/kafka/consumer-group-dead-letter";
import { stackRuleTable } from "../../support/policy";
import { catalogStack } from "../fixtures";

const named = (name: string) => (s: { name: string }) => s.name === name;

stackRuleTable(consumerGroupDeadLetter, {
    good: catalogStack,
    bad: [
        ["no dead-letter topic", (s) => s.splice(s.findIndex(named("topics-web.event.received.worker.dlt")), 1), 'reads web.event.received, no topic web.event.received.worker.dlt; expected a dead-letter topic web.event.received.worker.dlt'],
        [
            "no Write on it",
            (s) => s.splice(s.findIndex(named("topics-worker-write-topic-web.event.received.worker.dlt")), 1),
            "aclPrincipal is User:svc-worker cannot write web.event.received.worker.dlt; expected Write on its dead-letter topic",
        ],
    ],
});
