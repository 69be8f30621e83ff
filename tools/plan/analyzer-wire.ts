/**
 * The Analyzer protocol's messages as bytes, built from a resource's plain fields and its
 * properties already serialized (struct-wire.ts), and its answers read back.
 *
 * Each request is written field by field in the order, and with the omissions, of the SDK's
 * generated classes (`analyzer_pb.js`): byte for byte what those classes would serialize. Of an
 * answer, only what the plan reports is decoded: every diagnostic, and the not-applicable entries
 * that carry news (exemptions and skips; not the "applies to <type>" entries that every rule sends
 * for most resources).
 */
import type { EnforcementLevel } from "./policy-config";

/* eslint-disable @typescript-eslint/no-require-imports */
const { BinaryWriter } = require("google-protobuf") as typeof import("google-protobuf");
const analyzerPb = require("@pulumi/pulumi/proto/analyzer_pb") as typeof import("@pulumi/pulumi/proto/analyzer_pb");

/** A resource as the analyzer's thread receives it: plain fields and its properties as Struct bytes. */
export interface WireResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    /** @default - none */
    readonly parent?: string;
    readonly dependencies: readonly string[];
    readonly protect: boolean;
    readonly ignoreChanges: readonly string[];
    /** The URN of its provider resource (without the `::<id>`). @default - none */
    readonly provider?: string;
    /** Its inputs: a serialized google.protobuf.Struct. */
    readonly inputs: Uint8Array;
    /** Its state (the inputs with the outputs over them): a serialized Struct. */
    readonly state: Uint8Array;
}

// Field numbers of pulumirpc's analyzer.proto (AnalyzeRequest and AnalyzerResource share 1-6).
const FIELD = { type: 1, properties: 2, urn: 3, name: 4, options: 5, provider: 6, parent: 7, dependencies: 8 } as const;
const STACK_RESOURCES = 1;

/** The message fields every request kind starts with; `properties` written as given. */
function writeHead(writer: InstanceType<typeof BinaryWriter>, r: Pick<WireResource, "type" | "urn" | "name">, properties: Uint8Array): void {
    if (r.type.length > 0) writer.writeString(FIELD.type, r.type);
    writer.writeBytes(FIELD.properties, properties);
    if (r.urn.length > 0) writer.writeString(FIELD.urn, r.urn);
    if (r.name.length > 0) writer.writeString(FIELD.name, r.name);
}

/** The fields an Analyze request and an AnalyzeStack resource share: head, options and provider. */
function writeResource(writer: InstanceType<typeof BinaryWriter>, r: WireResource, properties: Uint8Array, provider: Uint8Array | undefined): void {
    writeHead(writer, r, properties);
    const options = new analyzerPb.AnalyzerResourceOptions();
    options.setProtect(r.protect);
    options.setIgnorechangesList([...r.ignoreChanges]);
    options.setParent(r.parent ?? "");
    writer.writeMessage(FIELD.options, options, analyzerPb.AnalyzerResourceOptions.serializeBinaryToWriter);
    if (provider) writer.writeBytes(FIELD.provider, provider);
}

/** An AnalyzerProviderResource: the provider's type, name, URN and inputs. */
export function encodeProvider(provider: Pick<WireResource, "type" | "urn" | "name" | "inputs">): Uint8Array {
    const writer = new BinaryWriter();
    writeHead(writer, provider, provider.inputs);
    return writer.getResultBuffer();
}

/** An AnalyzeRequest: one resource's inputs, options and provider (encoded by `encodeProvider`). */
export function encodeAnalyzeRequest(r: WireResource, provider: Uint8Array | undefined): Uint8Array {
    const writer = new BinaryWriter();
    writeResource(writer, r, r.inputs, provider);
    return writer.getResultBuffer();
}

/** An AnalyzerResource of AnalyzeStack: the resource's state, options, provider, parent and dependencies. */
export function encodeStackResource(r: WireResource, provider: Uint8Array | undefined): Uint8Array {
    const writer = new BinaryWriter();
    writeResource(writer, r, r.state, provider);
    if (r.parent) writer.writeString(FIELD.parent, r.parent);
    writer.writeRepeatedString(FIELD.dependencies, [...r.dependencies]);
    return writer.getResultBuffer();
}

/** An AnalyzeStackRequest of resources encoded by `encodeStackResource`, in the order given. */
export function encodeAnalyzeStackRequest(resources: readonly Uint8Array[]): Uint8Array {
    const writer = new BinaryWriter();
    for (const resource of resources) writer.writeBytes(STACK_RESOURCES, resource);
    return writer.getResultBuffer();
}

/** One finding, as plan.json records it. */
export interface PolicyViolation {
    readonly policy: string;
    readonly level: EnforcementLevel;
    readonly severity: string;
    readonly urn: string;
    readonly message: string;
}

/** A policy that did not apply to a resource (or the stack), with its reason: exemptions and skips. */
export interface PolicyNotApplicable {
    readonly policy: string;
    readonly urn: string;
    readonly reason: string;
}

/** What the pack said about a stack (or one resource). */
export interface Analysis {
    readonly violations: PolicyViolation[];
    /** Not-applicable entries that carry news: exemptions and skipped judgements (not "applies to <type>"). */
    readonly notApplicable: PolicyNotApplicable[];
}

/** analyzer.proto's EnforcementLevel codes. */
export const LEVELS: Readonly<Record<number, EnforcementLevel>> = { 0: "advisory", 1: "mandatory", 2: "disabled", 3: "remediate" };
const SEVERITIES: Record<number, string> = { 0: "unspecified", 1: "low", 2: "medium", 3: "high", 4: "critical" };

/** Answer fields (AnalyzeResponse: diagnostics 2, not_applicable 3; PolicyNotApplicable: policy_name 1, reason 2). */
const ANSWER = { diagnostics: 2, notApplicable: 3 } as const;
const NOT_APPLICABLE = { policy: 1, reason: 2 } as const;
/** Not-applicable reasons worth reporting start so (the pack's rules word exemptions and skips this way). */
const NEWS = ["exempt:", "skipped:"].map((prefix) => Buffer.from(prefix));

/** An AnalyzeResponse's findings, reported at `urn` where a diagnostic names none (AnalyzeStack: ""). */
export function analysisOf(response: Uint8Array, urn: string): Analysis {
    const bytes = Buffer.from(response.buffer, response.byteOffset, response.byteLength);
    const violations: PolicyViolation[] = [];
    const notApplicable: PolicyNotApplicable[] = [];
    for (const field of lengthDelimited(bytes, 0, bytes.length)) {
        if (field.number === ANSWER.diagnostics) {
            const d = analyzerPb.AnalyzeDiagnostic.deserializeBinary(bytes.subarray(field.start, field.end));
            violations.push({
                policy: d.getPolicyname(),
                level: LEVELS[d.getEnforcementlevel()],
                severity: SEVERITIES[d.getSeverity()] ?? "unspecified",
                urn: d.getUrn() || urn,
                message: d.getMessage(),
            });
        } else if (field.number === ANSWER.notApplicable) {
            let policy = "";
            let reason: { start: number; end: number } | undefined;
            for (const inner of lengthDelimited(bytes, field.start, field.end)) {
                if (inner.number === NOT_APPLICABLE.policy) policy = bytes.toString("utf8", inner.start, inner.end);
                if (inner.number === NOT_APPLICABLE.reason) reason = inner;
            }
            if (reason && NEWS.some((prefix) => startsWith(bytes, reason!.start, reason!.end, prefix))) {
                notApplicable.push({ policy, urn, reason: bytes.toString("utf8", reason.start, reason.end) });
            }
        }
    }
    return { violations, notApplicable };
}

function startsWith(bytes: Buffer, start: number, end: number, prefix: Buffer): boolean {
    return end - start >= prefix.length && bytes.compare(prefix, 0, prefix.length, start, start + prefix.length) === 0;
}

/**
 * The length-delimited fields of the message in `bytes[start, end)`, in order; other wire types
 * (varints, fixed 32/64-bit) are skipped.
 */
function* lengthDelimited(bytes: Buffer, start: number, end: number): Generator<{ number: number; start: number; end: number }> {
    let at = start;
    const varint = (): number => {
        let value = 0;
        for (let shift = 0; ; shift += 7) {
            if (at >= end) throw new Error("truncated protobuf message");
            const b = bytes[at++];
            value += (b & 0x7f) * 2 ** shift;
            if (b < 0x80) return value;
        }
    };
    while (at < end) {
        const key = varint();
        const wireType = key & 7;
        const number = Math.floor(key / 8);
        if (wireType === 2) {
            const length = varint();
            yield { number, start: at, end: at + length };
            at += length;
        } else if (wireType === 0) {
            varint();
        } else if (wireType === 1) {
            at += 8;
        } else if (wireType === 5) {
            at += 4;
        } else {
            throw new Error(`unexpected protobuf wire type ${wireType}`);
        }
    }
    if (at !== end) throw new Error("truncated protobuf message");
}
