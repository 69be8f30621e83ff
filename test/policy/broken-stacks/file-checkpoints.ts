import * as pulumi from "@pulumi/pulumi";
import { changeOne, type Expected } from "./fixture";

/** The event-count job checkpoints to the pod's own disk. */
export const transform = changeOne("kubernetes:flink.apache.org/v1beta1:FlinkDeployment", "flink-event-count-deployment", (props) => {
    const flinkConfiguration = pulumi.output(props.spec.flinkConfiguration).apply((c: Record<string, string>) => ({ ...c, "state.checkpoints.dir": "file:///tmp/checkpoints" }));
    props.spec = { ...props.spec, flinkConfiguration };
});
export const expected: Expected = { policy: "durable-checkpoints", message: 'spec.flinkConfiguration["state.checkpoints.dir"] is "file:///tmp/checkpoints"; expected a durable store' };
