import * as pulumi from "@pulumi/pulumi";
import { Command } from "@pulumi/command/local";
import { ACR_TOKEN_USERNAME } from "./acr-login";
import { afterCommand, parseImageRef, registryTokenCommand, shellQuote } from "./promoted-image";

/** The Notation plugin that signs with a Key Vault key, and the signature format verifiers expect. */
export const NOTATION_PLUGIN = "azure-kv";
export const SIGNATURE_FORMAT = "cose";

/**
 * The shell command that signs `ref` (by digest) in `registryName` with the Key Vault certificate
 * `keyId`: Notation logs in with the deployer's registry token (as `az acr login` would), then its
 * azure-kv plugin signs in Key Vault (the key never leaves it) and pushes the signature as a
 * referrer of the image's digest.
 */
export function signCommand(ref: string, keyId: string, registryName: string): string {
    const { loginServer, repository, digest } = parseImageRef(ref);
    return [
        // Taken first, so a failed token exchange fails the command (a pipe would hide it).
        `token=$(${registryTokenCommand(registryName)})`,
        `printf '%s' "$token" | notation login --username ${ACR_TOKEN_USERNAME} --password-stdin ${shellQuote(loginServer)}`,
        `notation sign --signature-format ${SIGNATURE_FORMAT} --plugin ${NOTATION_PLUGIN} --id ${shellQuote(keyId)} --plugin-config self_signed=true ${shellQuote(`${loginServer}/${repository}@${digest}`)}`,
    ].join(" && ");
}

export interface ImageSignatureArgs {
    /** The image, `<loginServer>/<repository>:<tag>@<digest>` (a ServiceImage, MirroredImage or PromotedImage ref). */
    readonly ref: pulumi.Input<string>;
    /** The registry's name (for the deployer's token). */
    readonly registryName: pulumi.Input<string>;
    /** The signing certificate's key id in Key Vault (SigningCertificate.keyId). */
    readonly keyId: pulumi.Input<string>;
}

/**
 * A Notation signature on one image of the stack's registry, made on the deploying runner (the
 * deployer needs `Key Vault Crypto User` on the vault and AcrPush on the registry). It runs again
 * when the image or the key changes (a rotated certificate re-signs every image). `ref` is the
 * image's ref through the signature: workloads that use it start only once it is signed.
 */
export class ImageSignature extends pulumi.ComponentResource {
    readonly sign: Command;
    readonly ref: pulumi.Output<string>;

    constructor(name: string, args: ImageSignatureArgs, opts?: pulumi.ComponentResourceOptions) {
        super("streaming-platform:build:ImageSignature", name, {}, opts);
        this.sign = new Command(
            `${name}-sign`,
            {
                create: pulumi.all([args.ref, args.keyId, args.registryName]).apply(([ref, keyId, registryName]) => signCommand(ref, keyId, registryName)),
                triggers: [args.ref, args.keyId],
                logging: "stdoutAndStderr",
            },
            { parent: this },
        );
        this.ref = afterCommand(this.sign, args.ref);
        this.registerOutputs({ ref: this.ref });
    }
}
