import { at, record } from "../../lib/kubernetes";
import { resourceRule, show } from "../../lib/rule";

const ENFORCE = "pod-security.kubernetes.io/enforce";
const ENFORCE_VERSION = "pod-security.kubernetes.io/enforce-version";
const LEVELS = ["privileged", "baseline", "restricted"];

interface NamespacePodSecurityConfig {
    /** The weakest level a namespace may enforce. */
    minimumLevel: "baseline" | "restricted";
}

/**
 * Every Namespace the stack creates has Pod Security Admission enforce a level (at least the
 * configured one, baseline by default) pinned to a version of the standard: a namespace without
 * the label admits privileged pods whatever the pack judged, and an unpinned one changes rules
 * under its workloads at the next cluster upgrade. The pack's Pod Security controls
 * (podSecurityLevels) follow the same levels.
 */
export const namespacePodSecurity = resourceRule<NamespacePodSecurityConfig>(
    {
        name: "namespace-pod-security",
        description: "Every Namespace enforces a Pod Security level (at least baseline) pinned to a version of the standard.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Label the namespace pod-security.kubernetes.io/enforce: restricted (or baseline for charts that need it) and pod-security.kubernetes.io/enforce-version: v<cluster minor> (the Namespaces component does).",
        configSchema: { properties: { minimumLevel: { type: "string", enum: ["baseline", "restricted"], default: "baseline" } } },
    },
    ["kubernetes:core/v1:Namespace"],
    (props, config) => {
        const labels = record(at(props, ["metadata", "labels"])) ?? {};
        const level = labels[ENFORCE];
        const found = [];
        if (!LEVELS.includes(level as string) || LEVELS.indexOf(level as string) < LEVELS.indexOf(config.minimumLevel)) {
            found.push({
                field: `metadata.labels["${ENFORCE}"]`,
                actual: show(level),
                expected: `${config.minimumLevel === "baseline" ? "baseline or restricted" : "restricted"} (without it, admission lets privileged pods in)`,
                fix: `label the namespace ${ENFORCE}: restricted, or baseline for charts that need it`,
            });
        }
        const version = labels[ENFORCE_VERSION];
        if (typeof version !== "string" || !/^v1\.\d+$/.test(version)) {
            found.push({
                field: `metadata.labels["${ENFORCE_VERSION}"]`,
                actual: show(version),
                expected: "a pinned version of the standard, v1.<minor> (not latest: the rules would change at the next upgrade)",
                fix: "pin it to the cluster's minor version, e.g. v1.33",
            });
        }
        return found;
    },
);
