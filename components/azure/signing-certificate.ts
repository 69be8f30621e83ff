import * as pulumi from "@pulumi/pulumi";
import { Command } from "@pulumi/command/local";
import { shellQuote } from "../build/promoted-image";

/** Extended key usage "code signing": what the Notary Project requires of a signing certificate. */
const CODE_SIGNING_EKU = "1.3.6.1.5.5.7.3.3";
/** Months a signing certificate is valid; Key Vault mails the contacts this many days before it expires. */
export const SIGNING_CERTIFICATE = { validityInMonths: 12, warnDaysBeforeExpiry: 30, keySize: 3072 } as const;

/** The certificate's name in the vault for a key generation: a new generation is a new certificate. */
export function signingCertificateName(generation: number): string {
    if (!Number.isInteger(generation) || generation < 1) throw new Error(`image signing key generation ${generation}: expected a whole number from 1`);
    return `image-signing-${generation}`;
}

/** The X.509 subject (the Notary Project needs C, ST and O); the verifier trusts exactly this identity. */
export function signingSubject(project: string, stack: string): string {
    return `CN=${project} ${stack} images,O=${project},ST=Unspecified,C=ZZ`;
}

/** Key Vault's certificate policy: self-signed, RSA 3072 not exportable, code signing only. */
export function signingCertificatePolicy(subject: string): Record<string, unknown> {
    return {
        issuerParameters: { name: "Self" },
        keyProperties: { exportable: false, keyType: "RSA", keySize: SIGNING_CERTIFICATE.keySize, reuseKey: false },
        secretProperties: { contentType: "application/x-pem-file" },
        x509CertificateProperties: { subject, ekus: [CODE_SIGNING_EKU], keyUsage: ["digitalSignature"], validityInMonths: SIGNING_CERTIFICATE.validityInMonths },
        lifetimeActions: [{ action: { actionType: "EmailContacts" }, trigger: { daysBeforeExpiry: SIGNING_CERTIFICATE.warnDaysBeforeExpiry } }],
    };
}

/** Creates the certificate unless it exists, then prints its key id (what Notation signs with). */
export function certificateCommand(vaultName: string, certificateName: string, subject: string): string {
    const where = `--vault-name ${shellQuote(vaultName)} --name ${shellQuote(certificateName)} --only-show-errors`;
    return [
        `(az keyvault certificate show ${where} --output none 2>/dev/null || az keyvault certificate create ${where} --policy ${shellQuote(JSON.stringify(signingCertificatePolicy(subject)))} --output none)`,
        `az keyvault certificate show ${where} --query kid --output tsv`,
    ].join(" && ");
}

export interface SigningCertificateArgs {
    readonly vaultName: pulumi.Input<string>;
    /** The vault's URI: known once its name resolves from the runners (a private endpoint). */
    readonly vaultUri: pulumi.Input<string>;
    /** The key generation (stack setting imageSigningKeyGeneration). */
    readonly generation: number;
    readonly subject: string;
    /** The deployer's grants to create certificates and sign (their ids: the command waits for them). */
    readonly grants: pulumi.Input<pulumi.Input<string>[]>;
}

/**
 * The stack's image-signing certificate in Key Vault, created by the deployer with the Azure CLI
 * (Key Vault certificates have no Resource Manager API): self-signed, its key non-exportable, valid
 * SIGNING_CERTIFICATE.validityInMonths. Rotation is a new generation: a new certificate, every image
 * signed again, and the verifier trusting the new one and the one before (README "Supply chain").
 */
export class SigningCertificate extends pulumi.ComponentResource {
    readonly create: Command;
    /** The certificate's name in the vault. */
    readonly certificateName: string;
    /** `https://<vault>.vault.azure.net/keys/<name>/<version>`: what Notation signs with. */
    readonly keyId: pulumi.Output<string>;

    constructor(name: string, args: SigningCertificateArgs, opts?: pulumi.ComponentResourceOptions) {
        super("streaming-platform:azure:SigningCertificate", name, {}, opts);
        this.certificateName = signingCertificateName(args.generation);
        this.create = new Command(
            `${name}-create`,
            {
                // Through the grants and the vault URI: the command runs once both hold.
                create: pulumi
                    .all([args.vaultName, args.vaultUri, args.grants])
                    .apply(([vaultName]) => certificateCommand(vaultName, this.certificateName, args.subject)),
                triggers: [args.vaultName, this.certificateName, args.subject],
                logging: "stderr",
            },
            { parent: this },
        );
        this.keyId = this.create.stdout.apply((out) => out.trim());
        this.registerOutputs({ certificateName: this.certificateName, keyId: this.keyId });
    }
}
