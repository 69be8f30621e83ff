import { show } from "../../lib/rule";
import { list, record } from "../../lib/kubernetes";
import { podSecurityRule, unsetOr } from "../../lib/pod-security";

/** Inline volume sources the restricted standard forbids (it allows configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected and secret). */
const FORBIDDEN = [
    "hostPath", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "nfs", "iscsi", "glusterfs", "rbd", "flexVolume", "cinder", "cephfs",
    "flocker", "fc", "azureFile", "vsphereVolume", "quobyte", "azureDisk", "portworxVolume", "photonPersistentDisk", "scaleIO", "storageos",
];

/** Inline volume sources bypass PersistentVolumes' access control; restricted pods use claims and projections. */
export const restrictedVolumeTypes = podSecurityRule(
    {
        name: "restricted-volume-types",
        description: "Pods use only the volume types the restricted standard allows (Pod Security Standards, restricted: Volume Types).",
        severity: "medium",
        enforcementLevel: "mandatory",
        remediationSteps: "Replace the inline volume source with a PersistentVolumeClaim (or a csi, ephemeral, configMap, secret, projected, downwardAPI or emptyDir volume).",
    },
    { level: "restricted", id: "Volume Types" },
    (pod) =>
        list(pod.spec.volumes).flatMap((v, i) => {
            const volume = record(v) ?? {};
            return FORBIDDEN.filter((source) => !unsetOr(volume[source])).map((source) => ({
                field: `${pod.path}.volumes[${i}].${source} (volume "${volume.name}")`,
                actual: show(volume[source]),
                expected: "configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected or secret",
                fix: "use a PersistentVolumeClaim or one of the allowed types",
            }));
        }),
);
