import { at, list, namespaceOf, nameOf, record, stringMap, workloadsOf, type StackWorkload } from "../../lib/kubernetes";
import { stackRule, type StackResource } from "../../lib/rule";

const SECRET = "kubernetes:core/v1:Secret";
const PROVIDER_CLASS = /^kubernetes:secrets-store\.csi\.x-k8s\.io\/[a-z0-9]+:SecretProviderClass$/;
const CSI_DRIVER = "secrets-store.csi.k8s.io";

/** The Secrets a pod reads, by name, each with the first field that reads it: environment (one key, or all of it) and secret volumes. */
function secretsRead(workload: StackWorkload): Map<string, string> {
    const read = new Map<string, string>();
    for (const container of workload.pod.allContainers) {
        list(container.spec.env).forEach((entry, i) => {
            const name = at(entry, ["valueFrom", "secretKeyRef", "name"]);
            if (typeof name === "string" && !read.has(name)) read.set(name, `${container.path}.env[${i}]`);
        });
        list(container.spec.envFrom).forEach((entry, i) => {
            const name = at(entry, ["secretRef", "name"]);
            if (typeof name === "string" && !read.has(name)) read.set(name, `${container.path}.envFrom[${i}]`);
        });
    }
    list(workload.pod.spec.volumes).forEach((volume, i) => {
        const name = at(volume, ["secret", "secretName"]);
        if (typeof name === "string" && !read.has(name)) read.set(name, `${workload.pod.path}.volumes[${i}]`);
    });
    return read;
}

/** The SecretProviderClasses a pod mounts (the mount is what makes the driver sync their Secrets). */
function providerClassesMounted(workload: StackWorkload): Set<string> {
    return new Set(
        list(workload.pod.spec.volumes).flatMap((volume) => {
            const csi = record(at(volume, ["csi"]));
            const name = at(csi, ["volumeAttributes", "secretProviderClass"]);
            return csi?.driver === CSI_DRIVER && typeof name === "string" ? [name] : [];
        }),
    );
}

/**
 * The credentials the workloads read come from Key Vault: a Secret a pod of the stack reads is
 * synced by a SecretProviderClass of the stack (the Secrets Store CSI driver) and never written by
 * the stack itself, where its value would come from the program's inputs and sit in state and in
 * etcd as a plain Kubernetes object. A pod that reads a synced Secret mounts its SecretProviderClass:
 * the driver syncs only while a pod mounts it, so without the mount the pod never starts.
 */
export const secretsFromKeyVault = stackRule(
    {
        name: "secrets-from-key-vault",
        description: "Every Secret a workload of the stack reads is synced from Key Vault by a SecretProviderClass the pod mounts, never a Kubernetes Secret the stack writes.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps:
            "Put the value in the stack's Key Vault (WorkloadSecrets) and hand the workload a SecretProviderClass that syncs the Secret it reads (the wiring's secretStoreFor does both), mounted in its pod.",
    },
    (resources) => {
        const workloads = workloadsOf(resources);
        const reads = workloads.map((workload) => ({ workload, read: secretsRead(workload) })).filter(({ read }) => read.size > 0);
        if (reads.length === 0) return { notApplicable: "no workload of the stack reads a Secret" };
        const key = (namespace: string, name: string) => `${namespace}/${name}`;
        const written = new Map<string, StackResource>();
        for (const resource of resources.filter((r) => r.type === SECRET)) {
            const props = record(resource.props) ?? {};
            written.set(key(namespaceOf(props), nameOf(props, resource.name)), resource);
        }
        // Synced Secret (namespace/name) -> the SecretProviderClass that syncs it.
        const synced = new Map<string, string>();
        for (const resource of resources.filter((r) => PROVIDER_CLASS.test(r.type))) {
            const props = record(resource.props) ?? {};
            for (const object of list(at(props, ["spec", "secretObjects"]))) {
                const secretName = at(object, ["secretName"]);
                if (typeof secretName === "string") synced.set(key(namespaceOf(props), secretName), nameOf(props, resource.name));
            }
        }
        const findings: { resource: StackResource; violation: { field: string; actual: string; expected: string; fix: string } }[] = [];
        const reported = new Set<string>();
        for (const { workload, read } of reads) {
            const mounted = providerClassesMounted(workload);
            for (const [name, field] of read) {
                const where = key(workload.namespace, name);
                const secret = written.get(where);
                if (secret && !reported.has(where)) {
                    reported.add(where);
                    const readers = reads.filter((r) => r.workload.namespace === workload.namespace && r.read.has(name)).map((r) => `${r.workload.kind} ${r.workload.name}`);
                    findings.push({
                        resource: secret,
                        violation: {
                            field: "data",
                            actual: `the stack writes Secret ${where}'s values, read by ${readers.join(", ")} (${Object.keys({ ...stringMap(at(secret.props, ["stringData"])), ...stringMap(at(secret.props, ["data"])) }).sort().join(", ") || "its keys"})`,
                            expected: "a Secret synced from Key Vault by a SecretProviderClass (spec.secretObjects), its values never in the stack",
                            fix: "store the values in the stack's Key Vault and sync the Secret with a SecretProviderClass the workload mounts (secretStoreFor in the wiring)",
                        },
                    });
                }
                const providerClass = synced.get(where);
                if (providerClass && !mounted.has(providerClass)) {
                    findings.push({
                        resource: workload.resource,
                        violation: {
                            field,
                            actual: `reads Secret ${name}, which SecretProviderClass ${providerClass} syncs, and the pod mounts ${[...mounted].join(", ") || "no SecretProviderClass"}`,
                            expected: `a ${CSI_DRIVER} volume with volumeAttributes.secretProviderClass ${providerClass} (the driver syncs the Secret only while a pod mounts it)`,
                            fix: `add the volume (secretsStoreVolume("${providerClass}")) and mount it in a container`,
                        },
                    });
                }
            }
        }
        return findings;
    },
);
