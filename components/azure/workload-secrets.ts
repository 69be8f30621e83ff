import * as pulumi from "@pulumi/pulumi";
import * as keyvault from "@pulumi/azure-native/keyvault";
import { assignRoles, type Principal } from "./roles";
import type { KeyVault } from "./key-vault";

/** A secret setting of a workload, as its SecretProviderClass names it in the vault. */
export interface VaultObject {
    /** The secret's name in the vault. */
    readonly secretName: string;
    /** The version Pulumi last wrote (a new value is a new version); known once the reader's grant exists. */
    readonly version: pulumi.Output<string>;
}

export interface WorkloadSecretsArgs {
    readonly vault: Pick<KeyVault, "vaultName" | "vaultId">;
    readonly resourceGroupName: pulumi.Input<string>;
    /** The workload's name: every secret it owns is `<owner>-<setting in kebab case>`. */
    readonly owner: string;
    /** The settings, by environment variable name (KAFKA_PASSWORD), with their values. */
    readonly values: Readonly<Record<string, pulumi.Input<string>>>;
    /** The workload's identity: it gets `Key Vault Secrets User` on each of these secrets, and nothing else in the vault. */
    readonly reader: Principal;
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** `KAFKA_PASSWORD` of `api` -> `api-kafka-password` (a vault secret name: letters, digits, hyphens). */
export function vaultSecretName(owner: string, setting: string): string {
    const name = `${owner}-${setting}`.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/-{2,}/g, "-").replace(/^-|-$/g, "");
    if (name.length === 0 || name.length > 127) throw new Error(`vault secret for ${owner}'s ${setting}: "${name}" is not 1-127 letters, digits and hyphens`);
    return name;
}

/**
 * One workload's secret settings in the stack's Key Vault: a secret per setting, written through
 * Azure Resource Manager from the program's values (generated passwords, secret stack settings), and
 * the workload's identity allowed to read exactly those. Each reader owns its copies, so revoking one
 * workload touches no other. `objects` carry each secret's version: a workload's pods pin the
 * versions, so a new value rolls exactly the workloads that read it.
 */
export class WorkloadSecrets extends pulumi.ComponentResource {
    readonly objects: Readonly<Record<string, VaultObject>>;

    constructor(name: string, args: WorkloadSecretsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("streaming-platform:azure:WorkloadSecrets", name, {}, opts);
        const names = Object.keys(args.values).map((setting) => [setting, vaultSecretName(args.owner, setting)] as const);
        const clashes = names.filter(([, secret], i) => names.findIndex(([, other]) => other === secret) !== i);
        if (clashes.length > 0) {
            throw new Error(`WorkloadSecrets "${name}": settings ${clashes.map(([setting]) => setting).join(", ")} map to vault names already taken (${clashes.map(([, s]) => s).join(", ")}); rename one`);
        }
        this.objects = Object.fromEntries(
            names.map(([setting, secretName]) => {
                // Resource names by setting: `<name>-kafka-password` (the vault name repeats the owner).
                const label = secretName.slice(vaultSecretName(args.owner, "").length + 1) || secretName;
                const secret = new keyvault.Secret(
                    `${name}-${label}`,
                    {
                        resourceGroupName: args.resourceGroupName,
                        vaultName: args.vault.vaultName,
                        secretName,
                        properties: { value: pulumi.secret(args.values[setting]), contentType: "text/plain" },
                        tags: args.tags,
                    },
                    { parent: this },
                );
                const [grant] = assignRoles(`${name}-${label}`, args.reader, [{ role: "Key Vault Secrets User", scope: secret.id, label: "read" }], { parent: this });
                // Through the grant's id: a pod that pins this version mounts only once it may read it.
                const version = pulumi.all([secret.properties, grant.id]).apply(([properties]) => secretVersion(properties.secretUriWithVersion));
                return [setting, { secretName, version }];
            }),
        );
        this.registerOutputs({ secretNames: names.map(([, secret]) => secret) });
    }
}

/** The version part of `https://<vault>.vault.azure.net/secrets/<name>/<version>`. */
export function secretVersion(uriWithVersion: string): string {
    const match = /\/secrets\/[A-Za-z0-9-]+\/([0-9a-f]{32})$/.exec(uriWithVersion);
    if (!match) throw new Error(`Key Vault secret URI ${JSON.stringify(uriWithVersion)}: expected https://<vault>.vault.azure.net/secrets/<name>/<32 hex digits of version>`);
    return match[1];
}
