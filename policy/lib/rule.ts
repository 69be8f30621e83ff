/**
 * Helpers every rule uses: type-token matching (the pack judges resources by type and properties, so
 * it loads no provider SDK), the three outcomes (violation, pass, not applicable) and one message
 * shape: what, where, actual vs expected, and how to fix it.
 */
import { UnknownValueError } from "@pulumi/policy";
import type {
    EnforcementLevel,
    PolicyConfigSchema,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    Severity,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";

/** What every rule declares about itself. */
export interface RuleMeta {
    /** Kebab-case id, equal to the rule's file name. */
    readonly name: string;
    readonly description: string;
    readonly severity: Severity;
    /** Level when the stack's policy config does not set one. */
    readonly enforcementLevel: EnforcementLevel;
    readonly remediationSteps: string;
    readonly configSchema?: PolicyConfigSchema;
}

/** One finding, formatted by `formatViolation`. */
export interface Violation {
    /** The field path, e.g. "tags.owner" or "properties.retentionInDays". */
    readonly field: string;
    /** The value found, already readable ("missing", "30"). */
    readonly actual: string;
    readonly expected: string;
    readonly fix: string;
}

/** `<type> "<name>": <field> is <actual>; expected <expected>. Fix: <fix>` */
export function formatViolation(type: string, name: string, v: Violation): string {
    return `${type} "${name}": ${v.field} is ${v.actual}; expected ${v.expected}. Fix: ${v.fix}`;
}

/**
 * Shows a value in a message: strings quoted, absent values as "missing", objects as JSON with
 * sorted keys (so a message reads the same whichever way the properties arrived, e.g. over gRPC).
 */
export function show(value: unknown): string {
    if (value === undefined || value === null) {
        return "missing";
    }
    return JSON.stringify(sortedKeys(value)) ?? String(value);
}

function sortedKeys(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(sortedKeys);
    }
    if (value && typeof value === "object") {
        return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortedKeys((value as Record<string, unknown>)[k])]));
    }
    return value;
}

/**
 * An exemption from one rule: resources whose Pulumi name fully matches `pattern` (a regular
 * expression) are not reported, and the analyzer's not-applicable entry for the rule says which
 * resource, why, and what would have been reported. Never silent.
 */
export interface Exemption {
    readonly pattern: string;
    readonly reason: string;
}

/** Shortest reason an exemption may give: a sentence, not a shrug. */
export const MIN_EXEMPTION_REASON = 15;

/** The `exemptions` setting every rule accepts (added to each rule's config schema). */
export const EXEMPTIONS_SCHEMA = {
    type: "array",
    items: {
        type: "object",
        properties: { pattern: { type: "string", minLength: 1 }, reason: { type: "string", minLength: MIN_EXEMPTION_REASON } },
        required: ["pattern", "reason"],
        additionalProperties: false,
    },
    default: [],
} as const;

function withExemptions(meta: RuleMeta): RuleMeta {
    const schema = meta.configSchema ?? { properties: {} };
    return { ...meta, configSchema: { ...schema, properties: { ...schema.properties, exemptions: EXEMPTIONS_SCHEMA as never } } };
}

/** The exemption that covers a resource name, if any (an invalid pattern covers nothing). */
export function exemptionFor(exemptions: readonly Exemption[] | undefined, name: string): Exemption | undefined {
    return (exemptions ?? []).find((e) => {
        try {
            return new RegExp(`^(?:${e.pattern})$`).test(name);
        } catch {
            return false;
        }
    });
}

function exemptionNote(findings: { type: string; name: string; exemption: Exemption; message: string }[]): string {
    return findings.map((f) => `exempt: ${f.type} "${f.name}" (pattern "${f.exemption.pattern}"): ${f.exemption.reason}; would report: ${f.message}`).join(" | ");
}

/**
 * Why a rule could not judge: a value unknown until apply (a preview of new resources) or a shape
 * it cannot read. Rules never throw: this becomes a not-applicable entry with the reason.
 */
function unreadable(error: unknown): string {
    if (error instanceof UnknownValueError || (error as Error)?.name === "UnknownValueError") {
        return `skipped: ${(error as Error).message} (unknown until apply)`;
    }
    return `skipped: could not read the resource (${(error as Error)?.message ?? String(error)})`;
}

/**
 * Tells the analyzer a rule does not apply (the SDK throws an error it catches and reports as
 * not-applicable). Most resources are not of a multi-type rule's types, so this runs thousands of
 * times per preview; the error's stack trace is never read, and capturing it was the largest cost
 * of those calls, so none is captured.
 */
function notApplicable(args: ResourceValidationArgs | StackValidationArgs, reason: string): never {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
        args.notApplicable(reason);
    } finally {
        Error.stackTraceLimit = limit;
    }
    throw new Error(`the policy SDK's notApplicable returned for "${reason}"`);
}

/** What a check found: violations (none: compliant), or why it does not apply to this resource. */
export type Finding = Violation[] | { readonly notApplicable: string };

type ResourceCheck<C> = (props: Record<string, any>, config: C, args: ResourceValidationArgs) => Finding;

/** The types a rule judges: a list of type tokens, or a test with a description of what it accepts. */
export type RuleTypes = readonly string[] | { readonly test: (type: string) => boolean; readonly description: string };

/** A rule over resources of the given types; other types are reported as not applicable. */
export function resourceRule<C extends object = Record<string, never>>(
    meta: RuleMeta,
    types: RuleTypes,
    check: ResourceCheck<C>,
): ResourceValidationPolicy {
    const applies = "test" in types ? types.test : (type: string) => (types as readonly string[]).includes(type);
    const description = "test" in types ? types.description : (types as readonly string[]).join(", ");
    const validateResource = (args: ResourceValidationArgs, report: ReportViolation) => {
        if (!applies(args.type)) {
            notApplicable(args, `applies to ${description}`);
            return;
        }
        const config = args.getConfig<C & { exemptions?: Exemption[] }>();
        let finding: Finding;
        try {
            finding = check(args.props, config, args);
        } catch (error) {
            notApplicable(args, unreadable(error));
            return;
        }
        if (!Array.isArray(finding)) {
            notApplicable(args, finding.notApplicable);
            return;
        }
        const found = finding;
        const messages = found.map((v) => formatViolation(args.type, args.name, v));
        const exemption = exemptionFor(config.exemptions, args.name);
        if (exemption && messages.length > 0) {
            notApplicable(args, exemptionNote(messages.map((message) => ({ type: args.type, name: args.name, exemption, message }))));
            return;
        }
        messages.forEach((m) => report(m));
    };
    // A rule of one type tells the analyzer so: it then skips other types without deserializing
    // their properties for this rule (the SDK's own fast path for typed policies).
    if (!("test" in types) && (types as readonly string[]).length === 1) {
        (validateResource as { __pulumiType?: string }).__pulumiType = (types as readonly string[])[0];
    }
    return { ...withExemptions(meta), validateResource };
}

/** One resource of the stack as a stack rule sees it. */
export type StackResource = StackValidationArgs["resources"][number];

type StackCheck<C> = (resources: readonly StackResource[], config: C) => { resource: StackResource; violation: Violation }[] | { readonly notApplicable: string };

/**
 * A rule over the whole stack; each finding is reported against its resource's URN. Findings on
 * exempted resources are listed in the rule's not-applicable entry, after the others are reported.
 */
export function stackRule<C extends object = Record<string, never>>(meta: RuleMeta, check: StackCheck<C>): StackValidationPolicy {
    return {
        ...withExemptions(meta),
        validateStack: (args: StackValidationArgs, report: ReportViolation) => {
            const config = args.getConfig<C & { exemptions?: Exemption[] }>();
            let outcome: ReturnType<StackCheck<C>>;
            try {
                outcome = check(args.resources, config);
            } catch (error) {
                notApplicable(args, unreadable(error));
                return;
            }
            if (!Array.isArray(outcome)) {
                notApplicable(args, (outcome as { notApplicable: string }).notApplicable);
                return;
            }
            const found = outcome;
            const exempted: { type: string; name: string; exemption: Exemption; message: string }[] = [];
            for (const { resource, violation } of found) {
                const message = formatViolation(resource.type, resource.name, violation);
                const exemption = exemptionFor(config.exemptions, resource.name);
                if (exemption) {
                    exempted.push({ type: resource.type, name: resource.name, exemption, message });
                } else {
                    report(message, resource.urn);
                }
            }
            if (exempted.length > 0) {
                notApplicable(args, exemptionNote(exempted));
            }
        },
    };
}

/** Names of variables and build args that hold secrets (case-insensitive), shared by the rules that look for them. */
export const SECRET_NAME_PATTERN = "(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|CREDENTIALS?|NPM_?AUTH)";
