import { show } from "../../lib/rule";
import { where, workloadRule } from "../../lib/kubernetes";

/** A read-only root filesystem keeps an intruder from changing the image's binaries; writable paths are emptyDirs. */
export const readOnlyRootFilesystem = workloadRule(
    {
        name: "read-only-root-filesystem",
        description: "Every container mounts its root filesystem read-only.",
        severity: "medium",
        enforcementLevel: "advisory",
        remediationSteps: "Set `securityContext.readOnlyRootFilesystem: true` and mount an emptyDir at each path the process writes (AppService's writablePaths).",
    },
    (pod) =>
        pod.containers
            .filter((c) => c.spec.securityContext?.readOnlyRootFilesystem !== true)
            .map((c) => ({ field: where(c, "securityContext.readOnlyRootFilesystem"), actual: show(c.spec.securityContext?.readOnlyRootFilesystem), expected: "true", fix: "set readOnlyRootFilesystem: true and mount emptyDirs where the process writes" })),
);
