/**
 * The one naming function for Azure resources: `<project>-<stack>-<role>`, fitted to each resource
 * type's length and character rules. Names are explicit (no Pulumi auto-suffix) so that the portal,
 * cost reports and alerts show the same names in every environment. Types whose names are global
 * across Azure (storage accounts, registries) get a short suffix hashed from a seed the caller
 * passes (the resource group's ARM id, as Bicep's `uniqueString(resourceGroup().id)`), so the name
 * is unique per subscription and stack and identical on every run.
 */
import { createHash } from "node:crypto";

/** Azure's rules for one resource type. */
export interface NamingRule {
    /** Maximum length Azure accepts. */
    readonly maxLength: number;
    /** Minimum length Azure accepts. */
    readonly minLength: number;
    /** Characters Azure accepts, as a character class body (e.g. "a-z0-9-"); names are lower case. */
    readonly allowed: string;
    /** What joins the parts; "" for types that accept only letters and digits. */
    readonly separator: "-" | "";
    /** The name must be unique across all of Azure (DNS name), so it carries a hashed suffix. */
    readonly globallyUnique: boolean;
}

/** Characters of the hashed suffix of globally unique names (hex: valid in every type's alphabet). */
export const UNIQUE_SUFFIX_LENGTH = 6;

const hyphenated = (minLength: number, maxLength: number, allowed = "a-z0-9-"): NamingRule => ({
    minLength,
    maxLength,
    allowed,
    separator: "-",
    globallyUnique: false,
});

/** Rules per resource kind (see "Naming rules and restrictions for Azure resources"). */
export const NAMING_RULES = {
    resourceGroup: hyphenated(1, 90, "a-z0-9-_.()"),
    logAnalyticsWorkspace: hyphenated(4, 63),
    virtualNetwork: hyphenated(2, 64, "a-z0-9-_."),
    subnet: hyphenated(1, 80, "a-z0-9-_."),
    networkSecurityGroup: hyphenated(1, 80, "a-z0-9-_."),
    privateEndpoint: hyphenated(2, 64, "a-z0-9-_."),
    managedCluster: hyphenated(1, 63, "a-z0-9-_"),
    /** The cluster's DNS prefix: letters, digits and hyphens, at most 54. */
    dnsPrefix: hyphenated(1, 54),
    userAssignedIdentity: hyphenated(3, 128, "a-z0-9-_"),
    dataCollectionRule: hyphenated(3, 64, "a-z0-9-_"),
    dataCollectionEndpoint: hyphenated(3, 44),
    azureMonitorWorkspace: hyphenated(4, 44),
    actionGroup: hyphenated(1, 260, "a-z0-9-_."),
    prometheusRuleGroup: hyphenated(1, 260, "a-z0-9-_."),
    /** Custom Azure Policy definitions (subscription-wide: the stack's name keeps them apart). */
    policyDefinition: hyphenated(1, 64, "a-z0-9-_"),
    /** Managed Grafana workspaces: letters, digits, hyphens; 2-23 characters. */
    grafana: hyphenated(2, 23),
    containerRegistry: { minLength: 5, maxLength: 50, allowed: "a-z0-9", separator: "", globallyUnique: true },
    storageAccount: { minLength: 3, maxLength: 24, allowed: "a-z0-9", separator: "", globallyUnique: true },
    /** PostgreSQL flexible servers: a global DNS label, lower-case letters, digits and hyphens, 3-63. */
    postgresServer: { minLength: 3, maxLength: 63, allowed: "a-z0-9-", separator: "-", globallyUnique: true },
    /**
     * Key vaults: a global DNS label of 3-24 (letters, digits, hyphens; from a letter). Written like
     * a storage account's, without hyphens: the role keeps the 18 characters a suffix leaves.
     */
    keyVault: { minLength: 3, maxLength: 24, allowed: "a-z0-9", separator: "", globallyUnique: true },
} as const satisfies Record<string, NamingRule>;

export type NamedKind = keyof typeof NAMING_RULES;

/** The parts every name is made of. */
export interface NameParts {
    readonly project: string;
    readonly stack: string;
    /** What the resource is for, e.g. "rg", "logs". */
    readonly role: string;
    /**
     * Seed of the hashed suffix of globally unique names; required for those kinds.
     * @default - none (an error for globally unique kinds)
     */
    readonly uniqueSeed?: string;
}

/** Characters of the hash that stands for the cut-off end of a stack name too long to fit. */
const STACK_HASH_LENGTH = 4;

/**
 * `text` if it fits `room`, else its start plus a short hash of the whole (`original`), so two long
 * stack names that share a beginning still give different names.
 */
function fit(text: string, room: number, original: string): string {
    if (text.length <= room) {
        return text;
    }
    const hash = uniqueSuffix(original).slice(0, Math.min(STACK_HASH_LENGTH, room));
    return text.slice(0, room - hash.length).replace(/[-_.()]+$/, "") + hash;
}

/** The hashed suffix for `seed`: lower-case hex, UNIQUE_SUFFIX_LENGTH characters. */
export function uniqueSuffix(seed: string): string {
    return createHash("sha256").update(seed).digest("hex").slice(0, UNIQUE_SUFFIX_LENGTH);
}

/**
 * `<project>-<stack>-<role>[<suffix>]` for `kind`, lower-cased, with characters Azure rejects removed
 * and separators never doubled or at either end. When the result is too long, the project part is
 * shortened first (the stack and role are what tell resources apart), then the stack, whose cut
 * end is replaced by a short hash of the whole stack name; throws only when the role alone cannot
 * fit, which is a programming error.
 */
export function azureName(kind: NamedKind, parts: NameParts): string {
    const rule: NamingRule = NAMING_RULES[kind];
    const trimSeparators = (text: string) => text.replace(/^[-_.()]+|[-_.()]+$/g, "").replace(/-{2,}/g, "-");
    const clean = (text: string) => trimSeparators(text.toLowerCase().replace(new RegExp(`[^${rule.allowed}]`, "g"), ""));
    const [project, stack, role] = [clean(parts.project), clean(parts.stack), clean(parts.role)];
    if (role === "") {
        throw new Error(`cannot name a ${kind} with role "${parts.role}": it has no character a ${kind} name allows`);
    }
    let suffix = "";
    if (rule.globallyUnique) {
        if (parts.uniqueSeed === undefined) {
            throw new Error(`a ${kind} name must be globally unique: pass uniqueSeed (e.g. the resource group's id)`);
        }
        suffix = uniqueSuffix(parts.uniqueSeed);
    }
    const join = (...pieces: string[]) => pieces.filter((p) => p !== "").join(rule.separator);
    // Room left once the role and suffix are placed; the stack fills it first, the project gets the rest.
    const separators = 2 * rule.separator.length;
    const stackRoom = rule.maxLength - role.length - suffix.length - separators;
    if (stackRoom < 0) {
        throw new Error(`cannot name a ${kind} with role "${parts.role}": over ${rule.maxLength} characters on its own`);
    }
    const fittedStack = fit(stack, stackRoom, parts.stack);
    const projectRoom = stackRoom - fittedStack.length;
    const name = join(trimSeparators(project.slice(0, projectRoom)), fittedStack, role) + suffix;
    if (name.length < rule.minLength) {
        throw new Error(`the ${kind} name "${name}" is shorter than ${rule.minLength} characters; use a longer role than "${parts.role}"`);
    }
    return name;
}

/** Names resources of one stack: `namer("subnet", "nodes")`. Components receive one instead of the parts. */
export type Namer = (kind: Exclude<NamedKind, GloballyUniqueKind>, role: string) => string;

/** Kinds whose names carry a hashed suffix (their names are computed where the seed is known). */
export type GloballyUniqueKind = "containerRegistry" | "storageAccount" | "postgresServer" | "keyVault";

/** The namer of `project`/`stack`. */
export function namer(project: string, stack: string): Namer {
    return (kind, role) => azureName(kind, { project, stack, role });
}
