/**
 * Secrets from Azure Key Vault through the Secrets Store CSI driver (AKS's Key Vault provider
 * add-on): a SecretProviderClass per workload names its vault objects at pinned versions and reads
 * them with the workload's identity; the driver mounts them as files and, because the workloads read
 * settings from the environment, syncs them into a Kubernetes Secret of the workload's name that
 * exists only while a pod mounts the volume. Pure: the components create what this plans.
 */

/** The driver's API and its CSI driver name. */
export const SECRETS_STORE_API = "secrets-store.csi.x-k8s.io/v1";
export const SECRETS_STORE_DRIVER = "secrets-store.csi.k8s.io";
/** The volume and where it is mounted (read-only; the files are the same values as the synced Secret). */
export const SECRETS_STORE_VOLUME = "secrets-store";
export const SECRETS_STORE_MOUNT_PATH = "/mnt/secrets-store";
/** The pod-template annotation that carries the versions a pod reads: a new version rolls the pods. */
export const SECRET_VERSIONS_ANNOTATION = "streaming-platform.io/secret-versions";
/** Marks a Secret as the driver's (sync of a SecretProviderClass), for readers and the policy pack. */
export const SYNCED_FROM_KEY_VAULT_LABEL = "secrets-store.csi.k8s.io/managed";

/** Where a workload's secret settings come from on Azure: its vault objects, read with its identity. */
export interface KeyVaultSecretSource<T> {
    readonly vaultName: T;
    readonly tenantId: T;
    /** Client id of the workload's identity (workload identity federation, no pod identity). */
    readonly clientId: T;
    /** By setting (the key in the synced Secret, e.g. KAFKA_PASSWORD): the vault secret and its version. */
    readonly objects: Readonly<Record<string, { readonly secretName: string; readonly version: T }>>;
}

/** The provider's `objects` parameter: one secret per setting, at its version, its file named by the setting. */
export function vaultObjectsParameter(objects: Readonly<Record<string, { secretName: string; version: string }>>): string {
    const entries = Object.keys(objects)
        .sort()
        .map((setting) => `  - |\n    objectName: ${objects[setting].secretName}\n    objectType: secret\n    objectVersion: ${objects[setting].version}\n    objectAlias: ${setting}`);
    return `array:\n${entries.join("\n")}\n`;
}

/** The SecretProviderClass `name` in `namespace`, syncing every object into the Secret `secretName`. */
export function secretProviderClassManifest(
    name: string,
    namespace: string,
    secretName: string,
    source: KeyVaultSecretSource<string>,
): Record<string, unknown> {
    const settings = Object.keys(source.objects).sort();
    if (settings.length === 0) throw new Error(`SecretProviderClass ${namespace}/${name}: no objects; a workload without secret settings needs none`);
    return {
        apiVersion: SECRETS_STORE_API,
        kind: "SecretProviderClass",
        metadata: { name, namespace },
        spec: {
            provider: "azure",
            parameters: {
                usePodIdentity: "false",
                clientID: source.clientId,
                keyvaultName: source.vaultName,
                tenantId: source.tenantId,
                objects: vaultObjectsParameter(source.objects),
            },
            secretObjects: [{ secretName, type: "Opaque", labels: { [SYNCED_FROM_KEY_VAULT_LABEL]: "true" }, data: settings.map((setting) => ({ objectName: setting, key: setting })) }],
        },
    };
}

/** The pod's CSI volume for a SecretProviderClass. */
export function secretsStoreVolume<T>(providerClass: T) {
    return { name: SECRETS_STORE_VOLUME, csi: { driver: SECRETS_STORE_DRIVER, readOnly: true, volumeAttributes: { secretProviderClass: providerClass } } };
}

/** Its mount in a container (the mount is what makes the driver fetch and sync). */
export function secretsStoreMount() {
    return { name: SECRETS_STORE_VOLUME, mountPath: SECRETS_STORE_MOUNT_PATH, readOnly: true };
}

/** `setting=version` lines, sorted: the pod annotation that changes exactly when a version does. */
export function secretVersionsAnnotation(versions: Readonly<Record<string, string>>): string {
    return Object.keys(versions)
        .sort()
        .map((setting) => `${setting}=${versions[setting]}`)
        .join(",");
}
