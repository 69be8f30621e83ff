/**
 * Runs Pulumi code under the SDK's mock runtime and records every resource registration as the
 * engine would receive it: the monitor's RegisterResourceRequest (type, name, parent, dependencies,
 * provider, protect, ignoreChanges, inputs), plus the state the mocks answered with.
 */
import { createHash } from "node:crypto";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as rpc from "@pulumi/pulumi/runtime/rpc";
import { fakeFetch, fakeState, fakeInvoke, writeFakeKubeconfig } from "./mocks";

/** Marker objects of Pulumi's wire format, as the SDK defines them. */
const SIG_KEY = rpc.specialSigKey;
const SIG = {
    secret: rpc.specialSecretSig,
    resourceReference: rpc.specialResourceSig,
    asset: rpc.specialAssetSig,
    archive: rpc.specialArchiveSig,
    outputValue: rpc.specialOutputValueSig,
} as const;
const UNKNOWN = rpc.unknownValue;

/** The placeholder that stands for a secret value in every plan artefact. */
export const SECRET_PLACEHOLDER = "[secret]";
/** The placeholder for a value only known after a real deployment. */
export const UNKNOWN_PLACEHOLDER = "[unknown]";

/** One registration, as plain JSON (secrets replaced by SECRET_PLACEHOLDER). */
export interface RecordedResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    /** True for custom (provider) resources, false for components. */
    readonly custom: boolean;
    readonly parent: string | undefined;
    readonly dependencies: string[];
    /** `<provider urn>::<provider id>`, or undefined for components and default-less registrations. */
    readonly provider: string | undefined;
    readonly protect: boolean;
    readonly ignoreChanges: string[];
    readonly inputs: Record<string, unknown>;
    /**
     * For each secret among the inputs (by path), a digest of its value: plans can be compared for a
     * changed secret without showing it. @default - none
     */
    readonly secretDigests?: Record<string, string>;
    /** Inputs as the engine serialised them (secret markers intact), for the policy analyzer. */
    readonly wireInputs: Record<string, unknown>;
    /** Inputs plus the mocks' stand-ins for computed outputs, wire format, for AnalyzeStack. */
    readonly wireState: Record<string, unknown>;
}

interface ProtoStruct {
    toJavaScript(): Record<string, unknown>;
}
interface RegisterRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getCustom(): boolean;
    getObject(): ProtoStruct | undefined;
    getDependenciesList(): string[];
    getProvider(): string;
    getProtect(): boolean;
    getIgnorechangesList(): string[];
}
interface RegisterResponse {
    getUrn(): string;
    getObject(): ProtoStruct | undefined;
}
interface OutputsRequest {
    getUrn(): string;
    getOutputs(): ProtoStruct | undefined;
}
interface MockMonitorLike {
    registerResource(req: RegisterRequest, cb: (err: unknown, res?: RegisterResponse) => void): Promise<void>;
    registerResourceOutputs(req: OutputsRequest, cb: (err: unknown, res?: unknown) => void): void;
}

/** Collects registrations from the moment `startRecording` installs it. */
export class Recorder {
    readonly resources: RecordedResource[] = [];
    /** Provider functions the program called, by token, in call order (repeats kept). */
    readonly invokes: string[] = [];
    /** Invokes that failed (no stand-in): the SDK wraps their errors beyond recognition, so they are kept here. */
    readonly invokeFailures: Error[] = [];
    /** Outputs registered by components and the root stack, wire format, by URN. */
    readonly registeredOutputs = new Map<string, Record<string, unknown>>();

    /** Waits until every registration and output the program started has reached the monitor. */
    async settle(): Promise<void> {
        const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs?: () => Promise<void> };
        if (!settings.waitForRPCs) {
            throw new Error("this @pulumi/pulumi has no runtime.settings.waitForRPCs; pin the version in package.json");
        }
        await settings.waitForRPCs();
    }

    /** The root stack's outputs as plain JSON (secrets replaced). */
    stackOutputs(): Record<string, unknown> {
        const stack = this.resources.find((r) => r.type === "pulumi:pulumi:Stack");
        const outputs = stack ? this.registeredOutputs.get(stack.urn) : undefined;
        return outputs ? (toPlain(outputs) as Record<string, unknown>) : {};
    }
}

/** The runtime's own fetch, as it was before startRecording put the stand-in in its place (tests of real HTTP use it). */
export const originalFetch: typeof globalThis.fetch = globalThis.fetch;

export interface RecordingOptions {
    readonly project: string;
    readonly stack: string;
    /** Config as the CLI hands it to the program: `<namespace>:<key>` to string. */
    readonly config?: Record<string, string>;
    /** Full keys whose values are secrets. */
    readonly secretKeys?: string[];
    /** This stack's outputs as last deployed (what a StackReference to itself reads). @default - none: a first deploy */
    readonly deployedOutputs?: Record<string, unknown>;
    /** Run as a preview (`pulumi.runtime.isDryRun()`); the offline plan is one. @default true */
    readonly preview?: boolean;
    /** Called with each resource as soon as its registration is recorded (as the engine calls the analyzer). @default - none */
    readonly onResource?: (resource: RecordedResource) => void;
}

/**
 * Points the Pulumi SDK at the mock monitor and starts recording. Call once per process before the
 * code under test creates resources.
 */
export function startRecording(options: RecordingOptions): Recorder {
    pulumi.runtime.setAllConfig(options.config ?? {}, options.secretKeys ?? []);
    // A local stack checks its kubeconfig context: it reads a stand-in kubeconfig naming it.
    const context = options.config?.[`${options.project}:kubeContext`];
    if (context) {
        // One path per project and stack: the provider records it, so it must not differ between runs.
        process.env.KUBECONFIG = writeFakeKubeconfig(path.join(os.tmpdir(), `offline-plan-${options.project}-${options.stack}`), context);
    }
    // The program's own HTTP calls (the registry login) get stand-ins too: nothing leaves the machine.
    globalThis.fetch = fakeFetch as typeof globalThis.fetch;
    const recorder = new Recorder();
    void pulumi.runtime.setMocks(
        {
            newResource: (args) => fakeState(args.type, args.name, args.inputs, options),
            call: (args) => {
                recorder.invokes.push(args.token);
                try {
                    return fakeInvoke(args.token, args.inputs, options);
                } catch (error) {
                    recorder.invokeFailures.push(error as Error);
                    throw error;
                }
            },
        },
        options.project,
        options.stack,
        options.preview ?? true,
        // The local backend's organization (what `pulumi.getOrganization()` answers there).
        "organization",
    );
    const monitor = (pulumi.runtime as unknown as { getMonitor(): MockMonitorLike }).getMonitor();

    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, cb) =>
        register(req, (err, res) => {
            if (!err && res) {
                const inputsStruct = req.getObject();
                const outputsStruct = res.getObject();
                const wireInputs = inputsStruct?.toJavaScript() ?? {};
                const recorded: RecordedResource = {
                    urn: res.getUrn(),
                    type: req.getType(),
                    name: req.getName(),
                    custom: req.getCustom(),
                    parent: req.getParent() || undefined,
                    dependencies: [...new Set(req.getDependenciesList())],
                    provider: req.getProvider() || undefined,
                    protect: req.getProtect(),
                    ignoreChanges: req.getIgnorechangesList(),
                    inputs: toPlain(wireInputs) as Record<string, unknown>,
                    secretDigests: secretDigests(wireInputs),
                    wireInputs,
                    wireState: { ...wireInputs, ...(outputsStruct?.toJavaScript() ?? {}) },
                };
                recorder.resources.push(recorded);
                options.onResource?.(recorded);
            }
            // Each registration is answered as a new task, so that the program's registrations and its
            // own asynchronous steps (the local stack's check that its cluster's API server answers)
            // interleave the same way whatever else this process does: the analyzer's replies are
            // tasks too, and without this a local plan listed some resources in another order with a
            // pack than without.
            setImmediate(() => cb(err, res));
        });

    const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
    monitor.registerResourceOutputs = (req, cb) => {
        recorder.registeredOutputs.set(req.getUrn(), req.getOutputs()?.toJavaScript() ?? {});
        registerOutputs(req, cb);
    };
    return recorder;
}

/**
 * A map whose values are secret (a Kubernetes Secret's data), as plain JSON that keeps its keys:
 * `{ key: "[secret]" }`, where `toPlain` would hide the whole map behind one placeholder.
 */
export function secretMapKeys(value: unknown): Record<string, string> | unknown {
    const record = value as Record<string, unknown> | undefined;
    const inner = record && record[SIG_KEY] === SIG.secret ? record.value : record && record[SIG_KEY] === SIG.outputValue ? record.value : value;
    if (inner && typeof inner === "object" && !Array.isArray(inner) && !(SIG_KEY in (inner as object))) {
        return Object.fromEntries(Object.keys(inner as object).map((key) => [key, SECRET_PLACEHOLDER]));
    }
    return toPlain(value);
}

/** Digests (sha256, 16 hex) of the secret values in wire-format `value`, by JSON path. */
export function secretDigests(value: unknown, at = ""): Record<string, string> {
    if (Array.isArray(value)) {
        return Object.assign({}, ...value.map((v, i) => secretDigests(v, `${at}[${i}]`)));
    }
    if (value && typeof value === "object") {
        const record = value as Record<string, unknown>;
        const secret = record[SIG_KEY] === SIG.secret || (record[SIG_KEY] === SIG.outputValue && record.secret === true);
        if (secret) {
            return { [at || "(all)"]: createHash("sha256").update(JSON.stringify(record.value ?? null)).digest("hex").slice(0, 16) };
        }
        if (record[SIG_KEY] !== undefined) return {};
        return Object.assign({}, ...Object.entries(record).map(([k, v]) => secretDigests(v, at === "" ? k : `${at}.${k}`)));
    }
    return {};
}

/** Pulumi wire format to plain JSON: secrets and unknowns become placeholders, references their URNs. */
export function toPlain(value: unknown): unknown {
    if (value === UNKNOWN) {
        return UNKNOWN_PLACEHOLDER;
    }
    if (Array.isArray(value)) {
        return value.map(toPlain);
    }
    if (value && typeof value === "object") {
        const record = value as Record<string, unknown>;
        switch (record[SIG_KEY]) {
            case SIG.secret:
                return SECRET_PLACEHOLDER;
            case SIG.resourceReference:
                return record.urn;
            case SIG.asset:
            case SIG.archive:
                return { asset: record.path ?? record.uri ?? "(inline)" };
            case SIG.outputValue:
                if (record.secret) {
                    return SECRET_PLACEHOLDER;
                }
                return "value" in record ? toPlain(record.value) : UNKNOWN_PLACEHOLDER;
            default:
                return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, toPlain(v)]));
        }
    }
    return value;
}
