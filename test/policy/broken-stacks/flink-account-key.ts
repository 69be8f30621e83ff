import * as pulumi from "@pulumi/pulumi";
import { changeOne, type Expected } from "./fixture";

/** The event-count job's configuration carries the checkpoint account's key, stock-Flink style. */
export const transform = changeOne("kubernetes:flink.apache.org/v1beta1:FlinkDeployment", "flink-event-count-deployment", (props) => {
    const flinkConfiguration = pulumi.output(props.spec.flinkConfiguration).apply((c: Record<string, string>) => {
        const host = Object.keys(c).find((key) => key.startsWith("fs.azure.account.auth.type."))!.slice("fs.azure.account.auth.type.".length);
        return { ...c, [`fs.azure.account.key.${host}`]: "a2V5" };
    });
    props.spec = { ...props.spec, flinkConfiguration };
});
export const expected: Expected = { policy: "flink-storage-workload-identity", message: "is set (value hidden); expected no account key" };
