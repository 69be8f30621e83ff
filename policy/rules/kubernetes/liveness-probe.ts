import { workloadRule, where } from "../../lib/kubernetes";

/**
 * Long-running containers declare a liveness probe, so a hung process is restarted; slow starters
 * add a startup probe so liveness does not kill them while they boot. Advisory: a wrong liveness
 * probe causes restarts of its own.
 */
export const livenessProbe = workloadRule(
    {
        name: "liveness-probe",
        description: "Every long-running container declares a liveness probe (and a startup probe when it starts slowly).",
        severity: "low",
        enforcementLevel: "advisory",
        remediationSteps: "Add a livenessProbe on a cheap endpoint that fails only when the process is stuck (AppService uses the health path); add a startupProbe if start-up exceeds the liveness budget.",
    },
    (pod, _config, props) => {
        if (props.kind === "Job" || props.kind === "CronJob" || pod.path.includes("jobTemplate") || pod.spec.restartPolicy === "Never" || pod.spec.restartPolicy === "OnFailure") {
            return { notApplicable: "skipped: run-to-completion pods need no liveness probe" };
        }
        return pod.containers
            .filter((c) => !c.init && !c.spec.livenessProbe)
            .map((c) => ({ field: where(c, "livenessProbe"), actual: "missing", expected: "a liveness probe", fix: "add a livenessProbe (and a startupProbe for slow starts)" }));
    },
);
