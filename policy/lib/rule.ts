/**
 * Helpers every rule uses: type-token matching (the pack judges resources by type and properties, so
 * it loads no provider SDK), the three outcomes (violation, pass, not applicable) and one message
 * shape: what, where, actual vs expected, and how to fix it.
 */
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

/** Shows a value in a message: strings quoted, absent values as "missing". */
export function show(value: unknown): string {
    if (value === undefined || value === null) {
        return "missing";
    }
    return typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
}

type ResourceCheck<C> = (props: Record<string, any>, config: C, args: ResourceValidationArgs) => Violation[];

/** A rule over resources of the given type tokens; other types are reported as not applicable. */
export function resourceRule<C extends object = Record<string, never>>(
    meta: RuleMeta,
    types: readonly string[],
    check: ResourceCheck<C>,
): ResourceValidationPolicy {
    return {
        ...meta,
        validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
            if (!types.includes(args.type)) {
                args.notApplicable(`applies to ${types.join(", ")}`);
                return;
            }
            for (const violation of check(args.props, args.getConfig<C>(), args)) {
                report(formatViolation(args.type, args.name, violation));
            }
        },
    };
}

/** One resource of the stack as a stack rule sees it. */
export type StackResource = StackValidationArgs["resources"][number];

type StackCheck<C> = (resources: readonly StackResource[], config: C) => { resource: StackResource; violation: Violation }[];

/** A rule over the whole stack; each finding is reported against its resource's URN. */
export function stackRule<C extends object = Record<string, never>>(meta: RuleMeta, check: StackCheck<C>): StackValidationPolicy {
    return {
        ...meta,
        validateStack: (args: StackValidationArgs, report: ReportViolation) => {
            for (const { resource, violation } of check(args.resources, args.getConfig<C>())) {
                report(formatViolation(resource.type, resource.name, violation), resource.urn);
            }
        },
    };
}
