import { show } from "../../lib/rule";
import { list, record, workloadRule } from "../../lib/kubernetes";

/** A hostPath volume reads or writes the node's filesystem: container escapes start there. */
export const noHostPath = workloadRule(
    {
        name: "no-host-path",
        description: "No pod mounts a hostPath volume.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Use an emptyDir, a ConfigMap/Secret, or a PersistentVolumeClaim instead of hostPath.",
    },
    (pod) =>
        list(pod.spec.volumes).flatMap((v, i) => {
            const volume = record(v);
            return volume?.hostPath
                ? [{ field: `${pod.path}.volumes[${i}].hostPath (volume "${volume.name}")`, actual: show(volume.hostPath), expected: "no hostPath volume", fix: "replace it with an emptyDir or a PersistentVolumeClaim" }]
                : [];
        }),
);
