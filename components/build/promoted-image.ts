import * as pulumi from "@pulumi/pulumi";
import { Command } from "@pulumi/command/local";

/** A pushed image's parts: `<loginServer>/<repository>:<tag>@sha256:<hex>`. */
export interface ImageRef {
    readonly loginServer: string;
    readonly repository: string;
    readonly tag: string;
    readonly digest: string;
}

const REF = /^([a-z0-9.-]+(?::\d+)?)\/([a-z0-9]+(?:[._/-][a-z0-9]+)*):([A-Za-z0-9_][A-Za-z0-9_.-]{0,127})@(sha256:[0-9a-f]{64})$/;

/** Parses a ref as ServiceImage.ref has it; an error names the ref and the expected form. */
export function parseImageRef(ref: string): ImageRef {
    const match = REF.exec(ref);
    if (!match) {
        throw new Error(`image ref ${JSON.stringify(ref)}: expected <registry>/<repository>:<tag>@sha256:<64 hex digits> (a ServiceImage ref of the source stack)`);
    }
    return { loginServer: match[1], repository: match[2], tag: match[3], digest: match[4] };
}

/** A word for sh: single-quoted, with single quotes inside escaped. */
export function shellQuote(value: string): string {
    return `'${value.replace(/'/g, "'\\''")}'`;
}

/** The command that prints the digest `name` (`<repository>:<tag>` or `<repository>@<digest>`) has in `registryName`. */
export function showDigestCommand(registryName: string, name: string): string {
    return `az acr manifest show-metadata --registry ${shellQuote(registryName)} --name ${shellQuote(name)} --query digest --output tsv --only-show-errors`;
}

/** The command that prints the deployer's registry token for `registryName` (what `az acr login` exchanges; never on a command line). */
export function registryTokenCommand(registryName: string): string {
    return `az acr login --name ${shellQuote(registryName)} --expose-token --output tsv --query accessToken --only-show-errors`;
}

/** `value` once `command` has run: what uses it waits for the command (a data link, known in previews). */
export function afterCommand<T>(command: Command, value: pulumi.Input<T>): pulumi.Output<T> {
    return pulumi.all([command.urn, value]).apply(([, v]) => v as T);
}

/**
 * The shell command that copies exactly `source` into `registryName`: `az acr import` copies the
 * manifest and its blobs byte for byte, so the digest stays the same (no rebuild, no re-push), under
 * the source's tag; then it checks that the digest is there. `--force` makes a re-run (after an
 * interrupted update) overwrite the tag with the same digest instead of failing.
 */
export function importCommand(source: ImageRef, sourceRegistryId: string, registryName: string): string {
    const quote = shellQuote;
    return [
        `az acr import --name ${quote(registryName)} --registry ${quote(sourceRegistryId)} --source ${quote(`${source.repository}@${source.digest}`)} --image ${quote(`${source.repository}:${source.tag}`)} --force --only-show-errors`,
        showDigestCommand(registryName, `${source.repository}@${source.digest}`),
    ].join(" && ");
}

export interface PromotedImageArgs {
    /** The source stack's ref of the image (its `images` output): what is promoted, digest and tag. */
    readonly sourceRef: pulumi.Input<string>;
    /** ARM id of the source stack's registry (`az acr import --registry`). */
    readonly sourceRegistryId: pulumi.Input<string>;
    /** This stack's registry: its name (for the import) and login server (for the ref workloads use). */
    readonly registry: { readonly name: pulumi.Input<string>; readonly loginServer: pulumi.Input<string> };
    /**
     * Resources the import must wait for without a data link (the deployer's AcrPush assignment).
     * @default - none
     */
    readonly importAfter?: readonly pulumi.Resource[];
}

/**
 * One image promoted from another stack (build once, deploy the same bytes everywhere): the source
 * stack's digest imported into this stack's registry under the same tag, on the deploying runner
 * with the Azure CLI, logged in as the deployer, who needs the import action here (Contributor, as
 * the identity that deploys the stack has), AcrPush here for the check that reads it back, and
 * AcrPull on the source registry. Runs again only when the source ref changes. `ref` is this
 * registry's `<repository>:<tag>@<digest>`; it carries the dependency on the import, so workloads
 * roll only after it.
 */
export class PromotedImage extends pulumi.ComponentResource {
    readonly import: Command;
    /** `<loginServer>/<repository>:<tag>@sha256:<digest>`, with the source's tag and digest. */
    readonly ref: pulumi.Output<string>;
    /** The digest, as in the source stack. */
    readonly digest: pulumi.Output<string>;

    constructor(name: string, args: PromotedImageArgs, opts?: pulumi.ComponentResourceOptions) {
        super("streaming-platform:build:PromotedImage", name, {}, opts);
        const source = pulumi.output(args.sourceRef).apply(parseImageRef);
        this.import = new Command(
            `${name}-import`,
            {
                create: pulumi.all([source, args.sourceRegistryId, args.registry.name]).apply(([image, sourceRegistryId, registryName]) => importCommand(image, sourceRegistryId, registryName)),
                // Importing again is what an update means; deleting leaves the image (the registry's retention cleans up).
                triggers: [args.sourceRef],
                // The check after the import reads the registry's data plane: the login server (which
                // waits until the runner resolves it, e.g. a private endpoint's DNS) is its address.
                environment: { REGISTRY_LOGIN_SERVER: args.registry.loginServer },
                logging: "stdoutAndStderr",
            },
            { parent: this, dependsOn: args.importAfter ? [...args.importAfter] : undefined },
        );
        this.digest = source.digest;
        // Through the command's urn: the ref carries the dependency (workloads wait for the import)
        // and stays known in previews, so the policies can judge the images workloads will run.
        this.ref = pulumi
            .all([this.import.urn, args.registry.loginServer, source])
            .apply(([, loginServer, image]) => `${loginServer}/${image.repository}:${image.tag}@${image.digest}`);
        this.registerOutputs({ ref: this.ref, digest: this.digest });
    }
}
