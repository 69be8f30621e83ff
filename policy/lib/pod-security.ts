/**
 * The Pod Security Standards as the pack judges them: one rule per control of the upstream standard
 * (kubernetes/pod-security-admission, `policy/check_*.go`), with its exact allowed values, judged
 * at the level the workload's namespace enforces and at the standard's version the cluster runs.
 *
 * Two settings every control rule accepts (CrossGuard config is per rule; a test keeps the pack's
 * config files giving every control the same values):
 * - `podSecurityLevels`: `[{ namespace, level }]`, the first whose pattern (a regular expression over
 *   the whole namespace name) matches gives the namespace's level, as its
 *   `pod-security.kubernetes.io/enforce` label does; a namespace no entry matches is judged at
 *   `restricted`. At `baseline`, restricted-only controls do not apply; at `privileged`, none does.
 * - `podSecurityVersion`: the standard's version, `latest` or the cluster's `1.N` (as the namespaces'
 *   `enforce-version` label pins it): sysctls, SELinux types, host probes and the user-namespace
 *   relaxations changed between versions.
 */
import type { PolicyConfigSchema } from "@pulumi/policy";
import { namespaceOf, workloadRule, type Json, type PodView } from "./kubernetes";
import type { Finding, RuleMeta } from "./rule";

export const POD_SECURITY_LEVELS = ["privileged", "baseline", "restricted"] as const;
export type PodSecurityLevel = (typeof POD_SECURITY_LEVELS)[number];

export interface PodSecurityConfig {
    readonly podSecurityLevels?: readonly { readonly namespace: string; readonly level: PodSecurityLevel }[];
    readonly podSecurityVersion?: string;
}

/** The settings' schema, added to every control rule's own. */
export const POD_SECURITY_SCHEMA: Record<keyof PodSecurityConfig, PolicyConfigSchema["properties"][string]> = {
    podSecurityLevels: {
        type: "array",
        items: {
            type: "object",
            properties: { namespace: { type: "string", minLength: 1 }, level: { type: "string", enum: [...POD_SECURITY_LEVELS] } },
            required: ["namespace", "level"],
            additionalProperties: false,
        },
        default: [],
    },
    podSecurityVersion: { type: "string", pattern: "^(latest|1\\.[0-9]+)$", default: "latest" },
};

/** The level a namespace is judged at: the first matching entry's (an invalid pattern matches nothing), else restricted. */
export function levelOf(namespace: string, levels: PodSecurityConfig["podSecurityLevels"]): PodSecurityLevel {
    const entry = (levels ?? []).find((e) => {
        try {
            return new RegExp(`^(?:${e.namespace})$`).test(namespace);
        } catch {
            return false;
        }
    });
    return entry?.level ?? "restricted";
}

/** Is the standard's `version` ("latest" or "1.N") at least 1.`minor`? */
export function versionAtLeast(version: string | undefined, minor: number): boolean {
    const match = /^1\.(\d+)$/.exec(version ?? "latest");
    return match ? Number(match[1]) >= minor : true;
}

/** What a control's check gets besides the pod. */
export interface ControlContext {
    /** The level the namespace enforces (baseline or restricted: privileged namespaces are not judged). */
    readonly level: Exclude<PodSecurityLevel, "privileged">;
    readonly namespace: string;
    /** Is the judged version of the standard at least 1.`minor`? */
    readonly atLeast: (minor: number) => boolean;
    readonly props: Json;
}

/**
 * A rule for one control of the standard, at its level (a baseline control also applies to
 * restricted namespaces). Exemptions, messages and the never-throw guarantee are workloadRule's.
 */
export function podSecurityRule(
    meta: RuleMeta,
    control: { readonly level: "baseline" | "restricted"; readonly id: string },
    check: (pod: PodView, context: ControlContext) => Finding,
) {
    const schema = meta.configSchema ?? { properties: {} };
    return workloadRule<PodSecurityConfig>(
        { ...meta, configSchema: { ...schema, properties: { ...schema.properties, ...POD_SECURITY_SCHEMA } } },
        (pod, config, props) => {
            const namespace = namespaceOf(props);
            const level = levelOf(namespace, config.podSecurityLevels);
            if (level === "privileged" || (control.level === "restricted" && level === "baseline")) {
                return { notApplicable: `skipped: namespace "${namespace}" is judged at ${level} (podSecurityLevels) and ${control.id} is a ${control.level} control` };
            }
            const version = config.podSecurityVersion ?? "latest";
            return check(pod, { level, namespace, atLeast: (minor) => versionAtLeast(version, minor), props });
        },
    );
}

/** A Windows pod (`spec.os.name: windows`): the standard exempts it from the Linux-only restricted controls since 1.25. */
export function isWindowsPod(pod: PodView, context: ControlContext): boolean {
    return context.atLeast(25) && pod.spec.os?.name === "windows";
}

/** A pod in a user namespace (`hostUsers: false`): since 1.35 the standard relaxes the root-user controls for it. */
export function inUserNamespace(pod: PodView, context: ControlContext): boolean {
    return context.atLeast(35) && pod.spec.hostUsers === false;
}

/**
 * Is `value` unset (undefined or null, as the API reads a missing field) or one of `allowed`? The
 * standard's "Allowed Values" lists read this way: "undefined/nil, false", "undefined, Default", ...
 */
export function unsetOr(value: unknown, allowed: readonly unknown[] = []): boolean {
    return value === undefined || value === null || allowed.includes(value);
}
