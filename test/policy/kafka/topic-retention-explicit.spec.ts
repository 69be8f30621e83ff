import { topicRetentionExplicit } from "../../../policy/rules/kafka/topic-retention-explicit";
import { resourceRuleTable } from "../../support/policy";
import { topic } from "../fixtures";

resourceRuleTable(topicRetentionExplicit, {
    good: topic,
    bad: [
        ["no retention.ms", (r) => delete r.props.config["retention.ms"], 'config["retention.ms"] is missing; expected an explicit value'],
        ["no config at all", (r) => delete r.props.config, "is missing", 2],
    ],
});
