import * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions/customResource";
import { Secret } from "@pulumi/kubernetes/core/v1/secret";
import type { Provider } from "@pulumi/kubernetes/provider";
import { SECRETS_STORE_API, secretProviderClassManifest, type KeyVaultSecretSource } from "./secrets-store";

/**
 * Where a workload's secret settings come from: values the program writes into a Kubernetes Secret
 * (a local cluster), or its objects in Azure Key Vault, synced by the Secrets Store CSI driver.
 */
export type SecretContent =
    | { readonly kind: "values"; readonly values: Readonly<Record<string, pulumi.Input<string>>> }
    | {
          readonly kind: "key-vault";
          readonly source: KeyVaultSecretSource<pulumi.Input<string>>;
          /** What installs the SecretProviderClass definition (the cluster's Key Vault provider add-on): no data link reaches it. */
          readonly definedBy: pulumi.Resource;
      };

/** What a workload's pod needs of its Secret. */
export interface WorkloadSecret {
    /** The Secret's name, once what makes it exists (a data link for the pod). */
    readonly secretName: pulumi.Output<string>;
    /** The SecretProviderClass to mount (Key Vault), else undefined. */
    readonly providerClass: pulumi.Output<string> | undefined;
    /** What the pod checksum covers: the values, or the vault versions (a new version rolls the pods). */
    readonly fingerprint: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** The settings it holds. */
    readonly keys: readonly string[];
    /** The Secret, or the SecretProviderClass that makes it (what the pods wait for). */
    readonly resource: pulumi.CustomResource;
}

/** The settings `content` holds. */
export function secretKeysOf(content: SecretContent): string[] {
    return Object.keys(content.kind === "values" ? content.values : content.source.objects).sort();
}

/**
 * Creates the Secret `secretName` in `namespace` (values), or the SecretProviderClass of the same
 * name that syncs it from Key Vault; `name` prefixes the resource names. Children of `opts.parent`.
 */
export function workloadSecret(
    name: string,
    where: {
        readonly namespace: pulumi.Input<string>;
        readonly secretName: string;
        readonly labels?: Readonly<Record<string, string>>;
        /** The Secret resource's name (kept from before Key Vault, so existing stacks keep their URNs). @default `${name}-secret` */
        readonly resourceName?: string;
    },
    content: SecretContent,
    opts: { readonly parent: pulumi.Resource; readonly provider: Provider },
): WorkloadSecret {
    if (content.kind === "values") {
        const secret = new Secret(
            where.resourceName ?? `${name}-secret`,
            { metadata: { name: where.secretName, namespace: where.namespace, labels: where.labels }, type: "Opaque", stringData: pulumi.secret(pulumi.all(content.values)) },
            opts,
        );
        return { secretName: secret.metadata.name, providerClass: undefined, fingerprint: content.values, keys: secretKeysOf(content), resource: secret };
    }
    const { source } = content;
    const versions = Object.fromEntries(Object.entries(source.objects).map(([setting, object]) => [setting, object.version]));
    const manifest = pulumi
        .all([where.namespace, source.vaultName, source.tenantId, source.clientId, pulumi.all(Object.fromEntries(Object.entries(source.objects).map(([k, o]) => [k, pulumi.all([o.secretName, o.version])])))])
        .apply(([namespace, vaultName, tenantId, clientId, objects]) =>
            secretProviderClassManifest(where.secretName, namespace, where.secretName, {
                vaultName,
                tenantId,
                clientId,
                objects: Object.fromEntries(Object.entries(objects).map(([k, [secretName, version]]) => [k, { secretName, version }])),
            }),
        );
    const spc = new CustomResource(
        `${name}-secret-provider-class`,
        {
            apiVersion: SECRETS_STORE_API,
            kind: "SecretProviderClass",
            metadata: { name: where.secretName, namespace: where.namespace, labels: where.labels },
            spec: manifest.apply((m) => m.spec),
        },
        { ...opts, dependsOn: [content.definedBy] },
    );
    const providerClass = spc.metadata.name;
    return { secretName: providerClass, providerClass, fingerprint: versions, keys: secretKeysOf(content), resource: spc };
}

/**
 * Where a workload's secret values go, decided by the wiring: into a Kubernetes Secret as they are
 * (`valuesInSecret`), or into Key Vault for the owner's identity to read (Azure). `parent` owns
 * whatever the store creates.
 */
export type SecretStore = (owner: string, values: Readonly<Record<string, pulumi.Input<string>>>, parent?: pulumi.Resource) => SecretContent;

/** The values as they are, for a Kubernetes Secret. */
export const valuesInSecret: SecretStore = (_owner, values) => ({ kind: "values", values });
