import { topicReplication } from "../../../policy/rules/kafka/topic-replication";
import { resourceRuleTable } from "../../support/policy";
import { topic } from "../fixtures";

resourceRuleTable(topicReplication, {
    good: topic,
    config: { minimumReplicationFactor: 3, minimumInSyncReplicas: 2 },
    bad: [
        ["replication 1", (r) => (r.props.replicationFactor = 1), "replicationFactor is 1; expected at least 3"],
        ["min ISR 1", (r) => (r.props.config["min.insync.replicas"] = "1"), 'config["min.insync.replicas"] is "1"; expected at least 2'],
        ["min ISR equal to the replication", (r) => (r.props.config["min.insync.replicas"] = "3"), "expected below the replication factor 3"],
        ["no min ISR", (r) => delete r.props.config["min.insync.replicas"], 'config["min.insync.replicas"] is missing'],
    ],
});
