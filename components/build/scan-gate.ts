import * as pulumi from "@pulumi/pulumi";
import { Command } from "@pulumi/command/local";
import { ACR_TOKEN_USERNAME } from "./acr-login";
import { afterCommand, parseImageRef, registryTokenCommand, shellQuote } from "./promoted-image";

/** What refuses an image: a critical vulnerability that has a fixed version to move to. */
export const SCAN_GATE = { severity: "CRITICAL", ignoreUnfixed: true } as const;

/**
 * The shell command that scans `ref` where it is (the source stack's registry) with Trivy, logged in
 * with the deployer's token for `registryName`, and fails on any finding of SCAN_GATE's severity that
 * has a fix, printing the table of findings (the update's log shows them).
 */
export function scanCommand(ref: string, registryName: string): string {
    const { loginServer, repository, digest } = parseImageRef(ref);
    return [
        `TRIVY_PASSWORD=$(${registryTokenCommand(registryName)})`,
        `TRIVY_USERNAME=${ACR_TOKEN_USERNAME} TRIVY_PASSWORD="$TRIVY_PASSWORD" trivy image --scanners vuln --severity ${SCAN_GATE.severity}${SCAN_GATE.ignoreUnfixed ? " --ignore-unfixed" : ""} --exit-code 1 --no-progress --format table ${shellQuote(`${loginServer}/${repository}@${digest}`)}`,
    ].join(" && ");
}

export interface ScanGateArgs {
    /** The image to scan, digest-pinned (the source stack's ref). */
    readonly ref: pulumi.Input<string>;
    /** The name of the registry it is in. */
    readonly registryName: pulumi.Input<string>;
}

/**
 * A vulnerability gate in front of one image: Trivy scans the digest and fails the update when it
 * finds a critical vulnerability with a fix, so the image goes no further. It runs once per digest
 * (a rerun of the promotion after a fixed base image brings a new digest). `ref` is the scanned
 * ref through the gate: what takes the image waits for a pass.
 */
export class ScanGate extends pulumi.ComponentResource {
    readonly scan: Command;
    readonly ref: pulumi.Output<string>;

    constructor(name: string, args: ScanGateArgs, opts?: pulumi.ComponentResourceOptions) {
        super("streaming-platform:build:ScanGate", name, {}, opts);
        this.scan = new Command(
            `${name}-scan`,
            {
                create: pulumi.all([args.ref, args.registryName]).apply(([ref, registryName]) => scanCommand(ref, registryName)),
                triggers: [args.ref],
                logging: "stdoutAndStderr",
            },
            { parent: this },
        );
        this.ref = afterCommand(this.scan, args.ref);
        this.registerOutputs({ ref: this.ref });
    }
}
