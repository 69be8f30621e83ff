import { show } from "../../lib/rule";
import { list, record } from "../../lib/kubernetes";
import { podSecurityRule, unsetOr } from "../../lib/pod-security";

/** A hostPath volume reads or writes the node's filesystem: container escapes start there. */
export const noHostPath = podSecurityRule(
    {
        name: "no-host-path",
        description: "No pod mounts a hostPath volume (Pod Security Standards, baseline: HostPath Volumes).",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Use an emptyDir, a ConfigMap/Secret, or a PersistentVolumeClaim instead of hostPath.",
    },
    { level: "baseline", id: "HostPath Volumes" },
    (pod) =>
        list(pod.spec.volumes).flatMap((v, i) => {
            const volume = record(v);
            return volume && !unsetOr(volume.hostPath)
                ? [{ field: `${pod.path}.volumes[${i}].hostPath (volume "${volume.name}")`, actual: show(volume.hostPath), expected: "no hostPath volume", fix: "replace it with an emptyDir or a PersistentVolumeClaim" }]
                : [];
        }),
);
