import { show, type Violation } from "../../lib/rule";
import { where } from "../../lib/kubernetes";
import { podSecurityRule, unsetOr } from "../../lib/pod-security";

const ANNOTATION_PREFIX = "container.apparmor.security.beta.kubernetes.io/";
const ALLOWED_TYPES = ["RuntimeDefault", "Localhost"];
const allowedAnnotation = (value: string) => value === "" || value === "runtime/default" || value.startsWith("localhost/");

/** The runtime's default AppArmor profile confines a container; the standard forbids turning it off. */
export const apparmorProfile = podSecurityRule(
    {
        name: "apparmor-profile",
        description: "No pod or container disables or replaces the default AppArmor profile (Pod Security Standards, baseline: AppArmor).",
        severity: "medium",
        enforcementLevel: "mandatory",
        remediationSteps: "Leave `appArmorProfile` unset or set its type to RuntimeDefault (or Localhost with a profile on the nodes); drop `unconfined` annotations.",
    },
    { level: "baseline", id: "AppArmor" },
    (pod) => {
        const found: Violation[] = [];
        const judge = (field: string, type: unknown) => {
            if (!unsetOr(type, ALLOWED_TYPES)) {
                found.push({ field, actual: show(type), expected: "unset, RuntimeDefault or Localhost", fix: "set appArmorProfile.type: RuntimeDefault" });
            }
        };
        judge(`${pod.path}.securityContext.appArmorProfile.type`, pod.spec.securityContext?.appArmorProfile?.type);
        for (const c of pod.allContainers) {
            judge(where(c, "securityContext.appArmorProfile.type"), c.spec.securityContext?.appArmorProfile?.type);
        }
        for (const [key, value] of Object.entries(pod.annotations)) {
            if (key.startsWith(ANNOTATION_PREFIX) && !allowedAnnotation(value)) {
                found.push({ field: `${pod.metadataPath}.annotations["${key}"]`, actual: show(value), expected: '"runtime/default", "localhost/<profile>" or empty', fix: "remove the annotation (or use runtime/default)" });
            }
        }
        return found;
    },
);
