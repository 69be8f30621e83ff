/**
 * The one naming function for Azure resources: `<project>-<stack>-<role>`, fitted to each resource
 * type's length and character rules. Names are explicit (no Pulumi auto-suffix) so that the portal,
 * cost reports and alerts show the same names in every environment.
 */

/** Azure's rules for one resource type. */
export interface NamingRule {
    /** Maximum length Azure accepts. */
    readonly maxLength: number;
    /** Minimum length Azure accepts. */
    readonly minLength: number;
    /** Characters Azure accepts, as a character class body (e.g. "a-z0-9-"). */
    readonly allowed: string;
    /** Whether Azure folds names to lower case (we emit lower case either way). */
    readonly separator: "-" | "";
}

/** Rules per resource kind (see "Naming rules and restrictions for Azure resources"). */
export const NAMING_RULES = {
    resourceGroup: { minLength: 1, maxLength: 90, allowed: "a-z0-9-_.()", separator: "-" },
    logAnalyticsWorkspace: { minLength: 4, maxLength: 63, allowed: "a-z0-9-", separator: "-" },
} as const satisfies Record<string, NamingRule>;

export type NamedKind = keyof typeof NAMING_RULES;

/** The parts every name is made of. */
export interface NameParts {
    readonly project: string;
    readonly stack: string;
    /** What the resource is for, e.g. "rg", "logs". */
    readonly role: string;
}

/**
 * `<project>-<stack>-<role>` for `kind`, lower-cased, with characters Azure rejects removed. When the
 * result is too long, the project part is shortened first (the stack and role are what tell
 * resources apart); throws if even that cannot fit, which only a misconfigured project can cause.
 */
export function azureName(kind: NamedKind, parts: NameParts): string {
    const rule: NamingRule = NAMING_RULES[kind];
    const clean = (text: string) => text.toLowerCase().replace(new RegExp(`[^${rule.allowed}]`, "g"), "");
    const [project, stack, role] = [clean(parts.project), clean(parts.stack), clean(parts.role)];
    const fixedLength = stack.length + role.length + 2 * rule.separator.length;
    const room = rule.maxLength - fixedLength;
    if (room < 1) {
        throw new Error(`cannot name a ${kind} for stack "${parts.stack}", role "${parts.role}": over ${rule.maxLength} characters`);
    }
    const name = [project.slice(0, room), stack, role].join(rule.separator);
    if (name.length < rule.minLength) {
        throw new Error(`the ${kind} name "${name}" is shorter than ${rule.minLength} characters`);
    }
    return name;
}
