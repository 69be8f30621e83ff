import { durableCheckpoints } from "../../../policy/rules/flink/durable-checkpoints";
import { resourceRuleTable } from "../../support/policy";
import { flinkDeployment } from "../fixtures";

const conf = (r: { props: Record<string, any> }) => r.props.spec.flinkConfiguration;

resourceRuleTable(durableCheckpoints, {
    good: flinkDeployment,
    compliant: [["last-state upgrades", (r) => (r.props.spec.job.upgradeMode = "last-state")]],
    bad: [
        ["file:// checkpoints", (r) => (conf(r)["state.checkpoints.dir"] = "file:///tmp/checkpoints"), 'spec.flinkConfiguration["state.checkpoints.dir"] is "file:///tmp/checkpoints"; expected a durable store'],
        ["no savepoint dir", (r) => delete conf(r)["state.savepoints.dir"], 'spec.flinkConfiguration["state.savepoints.dir"] is missing'],
        ["no checkpoint interval", (r) => delete conf(r)["execution.checkpointing.interval"], '["execution.checkpointing.interval"] is missing; expected a checkpoint interval'],
        ["no HA", (r) => (delete conf(r)["high-availability.type"], delete conf(r)["high-availability.storageDir"]), "spec.flinkConfiguration", 2],
    ],
    notApplicable: [["a stateless upgrade mode", { ...flinkDeployment(), props: { spec: { job: { upgradeMode: "stateless" } } } }]],
});
