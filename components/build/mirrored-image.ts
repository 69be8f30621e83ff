import * as pulumi from "@pulumi/pulumi";
import { Command } from "@pulumi/command/local";
import { shellQuote, showDigestCommand } from "./promoted-image";
import { mirrorRef, mirrorRepository, upstreamRef, type ThirdPartyImage } from "./third-party-images";

/**
 * The shell command that copies a third-party image into `registryName` under
 * `mirror/<upstream path>:<tag>` and prints the digest it holds there. `az acr import` copies the
 * manifest (a multi-platform index with its platforms) and blobs byte for byte, so a pinned digest
 * stays the same; a pinned import that ends with another digest fails, naming both.
 */
export function mirrorCommand(image: ThirdPartyImage, registryName: string): string {
    const target = `${mirrorRepository(image)}:${image.tag}`;
    const steps = [
        `az acr import --name ${shellQuote(registryName)} --source ${shellQuote(upstreamRef(image))} --image ${shellQuote(target)} --force --only-show-errors`,
        `digest=$(${showDigestCommand(registryName, target)})`,
    ];
    if (image.digest) {
        steps.push(`if [ "$digest" != ${shellQuote(image.digest)} ]; then echo ${shellQuote(`${upstreamRef(image)}: the registry holds `)}"$digest"${shellQuote(`, not the pinned ${image.digest}`)} >&2; exit 1; fi`);
    }
    steps.push(`echo "$digest"`);
    return steps.join(" && ");
}

export interface MirroredImageArgs {
    /** The image, from THIRD_PARTY_IMAGES. */
    readonly image: ThirdPartyImage;
    /** This stack's registry: its name (for the import) and login server (for the ref workloads use). */
    readonly registry: { readonly name: pulumi.Input<string>; readonly loginServer: pulumi.Input<string> };
    /**
     * Resources the import must wait for without a data link (the deployer's AcrPush assignment).
     * @default - none
     */
    readonly importAfter?: readonly pulumi.Resource[];
}

/**
 * One third-party image copied into the stack's registry, on the deploying runner with the Azure
 * CLI as the deployer (who needs the import action, as the identity that deploys the stack has).
 * A pinned image is imported by its digest and checked; an unpinned one by its tag, once: the
 * import runs again only when the entry changes, so the digest it printed stays the one this stack
 * (and every stack promoting from it) runs. `ref` is `<loginServer>/mirror/<path>:<tag>@<digest>`
 * and carries the dependency on the import.
 */
export class MirroredImage extends pulumi.ComponentResource {
    readonly import: Command;
    readonly ref: pulumi.Output<string>;
    readonly digest: pulumi.Output<string>;

    constructor(name: string, args: MirroredImageArgs, opts?: pulumi.ComponentResourceOptions) {
        super("streaming-platform:build:MirroredImage", name, {}, opts);
        const { image } = args;
        this.import = new Command(
            `${name}-import`,
            {
                create: pulumi.output(args.registry.name).apply((registryName) => mirrorCommand(image, registryName)),
                triggers: [upstreamRef(image)],
                environment: { REGISTRY_LOGIN_SERVER: args.registry.loginServer },
                logging: "stderr",
            },
            { parent: this, dependsOn: args.importAfter ? [...args.importAfter] : undefined },
        );
        // A pinned digest is known at preview (the policies judge it); an unpinned one once imported.
        this.digest = image.digest ? this.import.urn.apply(() => image.digest!) : this.import.stdout.apply((out) => out.trim());
        this.ref = pulumi.all([args.registry.loginServer, this.digest]).apply(([loginServer, digest]) => mirrorRef(loginServer, image, digest));
        this.registerOutputs({ ref: this.ref, digest: this.digest });
    }
}
