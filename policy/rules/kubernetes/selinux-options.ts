import { show, type Violation } from "../../lib/rule";
import { record, where } from "../../lib/kubernetes";
import { podSecurityRule, unsetOr } from "../../lib/pod-security";

const TYPES = ["", "container_t", "container_init_t", "container_kvm_t"];
/** Added to the allowed types by the standard's 1.31 version. */
const TYPES_1_31 = [...TYPES, "container_engine_t"];

/** A custom SELinux user, role or type lifts the container out of the confinement the node's policy gives it. */
export const selinuxOptions = podSecurityRule(
    {
        name: "selinux-options",
        description: "seLinuxOptions sets no user or role and only a container type (Pod Security Standards, baseline: SELinux).",
        severity: "medium",
        enforcementLevel: "mandatory",
        remediationSteps: "Remove seLinuxOptions.user and .role; leave .type unset or use container_t.",
    },
    { level: "baseline", id: "SELinux" },
    (pod, context) => {
        const types = context.atLeast(31) ? TYPES_1_31 : TYPES;
        const found: Violation[] = [];
        const judge = (field: (key: string) => string, value: unknown) => {
            const options = record(value);
            if (!options) {
                return;
            }
            if (!unsetOr(options.type, types)) {
                found.push({ field: field("type"), actual: show(options.type), expected: `unset or one of ${types.filter(Boolean).join(", ")}`, fix: "remove the type (the runtime's container_t applies)" });
            }
            for (const key of ["user", "role"]) {
                if (!unsetOr(options[key], [""])) {
                    found.push({ field: field(key), actual: show(options[key]), expected: "unset", fix: `remove seLinuxOptions.${key}` });
                }
            }
        };
        judge((key) => `${pod.path}.securityContext.seLinuxOptions.${key}`, pod.spec.securityContext?.seLinuxOptions);
        for (const c of pod.allContainers) {
            judge((key) => where(c, `securityContext.seLinuxOptions.${key}`), c.spec.securityContext?.seLinuxOptions);
        }
        return found;
    },
);
