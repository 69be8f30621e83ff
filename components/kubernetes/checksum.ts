/**
 * The pod-template checksum of a workload's settings, keyed with a random key of its own kept in
 * Pulumi state (see `configChecksum`): a change to any setting rolls exactly the pods that read it,
 * and the annotation, readable by anyone who can read pods, reveals nothing about the secrets.
 */
import * as pulumi from "@pulumi/pulumi";
import { RandomPassword } from "@pulumi/random/randomPassword";
import { CHECKSUM_KEY_LENGTH, configChecksum } from "./workload-plan";

/** Creates `<name>-checksum-key` under `parent` and returns the keyed checksum (not secret: it reveals nothing). */
export function keyedChecksum(
    name: string,
    parent: pulumi.Resource,
    config: Readonly<Record<string, string>>,
    secrets: pulumi.Input<Record<string, pulumi.Input<string>>>,
): pulumi.Output<string> {
    const key = new RandomPassword(`${name}-checksum-key`, { length: CHECKSUM_KEY_LENGTH, special: false }, { parent });
    return pulumi.unsecret(pulumi.all([pulumi.output(secrets), key.result]).apply(([values, k]) => configChecksum(config, values as Record<string, string>, k)));
}
