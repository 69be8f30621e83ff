import { at, record } from "../../lib/kubernetes";
import { resourceRule, show, type Violation } from "../../lib/rule";

const STATEFUL_UPGRADES = ["savepoint", "last-state"];
/** Durable object stores a restarted job can read from any node. */
const DURABLE = /^(abfss?|wasbs?|s3a?|gs|hdfs):\/\//;

/** A job that upgrades from its state needs state that survives the pod: periodic checkpoints to durable storage, and HA metadata. */
export const durableCheckpoints = resourceRule(
    {
        name: "durable-checkpoints",
        description: "FlinkDeployments with savepoint or last-state upgrades set a checkpoint interval, durable (non-file://) checkpoint and savepoint directories, and Kubernetes HA with durable storage.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Use FlinkJob (components/kubernetes/flink-job.ts): it sets execution.checkpointing.interval, state.checkpoints.dir and state.savepoints.dir on abfss:// and high-availability.type: kubernetes.",
    },
    ["kubernetes:flink.apache.org/v1beta1:FlinkDeployment"],
    (props) => {
        const mode = at(props, ["spec", "job", "upgradeMode"]);
        if (!STATEFUL_UPGRADES.includes(mode as string)) {
            return { notApplicable: `skipped: upgradeMode ${show(mode)} keeps no state across upgrades` };
        }
        const conf = record(at(props, ["spec", "flinkConfiguration"])) ?? {};
        const found: Violation[] = [];
        const interval = conf["execution.checkpointing.interval"];
        if (typeof interval !== "string" || interval === "" || /^0+\s*(ms|s|min)?$/.test(interval)) {
            found.push({ field: 'spec.flinkConfiguration["execution.checkpointing.interval"]', actual: show(interval), expected: "a checkpoint interval (e.g. 60s)", fix: "set flinkCheckpointIntervalSeconds" });
        }
        for (const key of ["state.checkpoints.dir", "state.savepoints.dir", "high-availability.storageDir"]) {
            const dir = conf[key];
            if (typeof dir !== "string" || !DURABLE.test(dir)) {
                found.push({ field: `spec.flinkConfiguration["${key}"]`, actual: show(dir), expected: "a durable store (abfss://...), not file:// or a pod path", fix: "point it at the checkpoint account (abfss://<container>@<account>.dfs.core.windows.net/...)" });
            }
        }
        if (conf["high-availability.type"] !== "kubernetes" && conf["high-availability"] !== "kubernetes") {
            found.push({ field: 'spec.flinkConfiguration["high-availability.type"]', actual: show(conf["high-availability.type"]), expected: '"kubernetes"', fix: "enable Kubernetes HA" });
        }
        return found;
    },
);
