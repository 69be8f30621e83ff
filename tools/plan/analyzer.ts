/**
 * Drives a CrossGuard policy pack the way the Pulumi CLI does for `--policy-pack`: starts the pack's
 * analyzer server in its own process, reads the port it prints, then speaks the Analyzer gRPC
 * protocol: GetAnalyzerInfo, Configure, Analyze (each resource's inputs), AnalyzeStack (every
 * resource's state).
 *
 * Two ways to start it, same server and protocol:
 * - "direct" (default): `node <package.json main>` in the pack's directory. That is what the CLI's
 *   host ends up running; skipping the host saves about half a second of the plan's critical path.
 * - "pulumi": through the SDK's `run-policy-pack` host, exactly as the CLI launches packs (it adds
 *   ts-node for TypeScript packs, closure-serialisation hooks and its error reporting).
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { RecordedResource } from "./recorder";
import type { EnforcementLevel, PolicyDescription, PropertySchema, ResolvedPolicyConfig } from "./policy-config";

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

/** What the pack said about a stack. */
export interface Analysis {
    readonly violations: PolicyViolation[];
    /** Not-applicable entries that carry news: exemptions and skipped judgements (not "applies to <type>"). */
    readonly notApplicable: PolicyNotApplicable[];
}

export interface PackInfo {
    readonly name: string;
    readonly version: string;
    readonly policies: PolicyDescription[];
}

// The generated protocol modules of the SDK the pack itself uses (no typings for the JS services).
/* eslint-disable @typescript-eslint/no-require-imports */
const grpc = require("@grpc/grpc-js") as typeof import("@grpc/grpc-js");
const analyzerPb = require("@pulumi/pulumi/proto/analyzer_pb") as typeof import("@pulumi/pulumi/proto/analyzer_pb");
const analyzerRpc = require("@pulumi/pulumi/proto/analyzer_grpc_pb") as { AnalyzerClient: new (address: string, credentials: unknown, options?: object) => AnalyzerClient };
const { Struct } = require("google-protobuf/google/protobuf/struct_pb") as typeof import("google-protobuf/google/protobuf/struct_pb");
const { Empty } = require("google-protobuf/google/protobuf/empty_pb") as typeof import("google-protobuf/google/protobuf/empty_pb");

type Callback<T> = (error: Error | null, response: T) => void;
interface AnalyzerClient {
    getAnalyzerInfo(req: unknown, cb: Callback<import("@pulumi/pulumi/proto/analyzer_pb").AnalyzerInfo>): void;
    configure(req: unknown, cb: Callback<unknown>): void;
    analyze(req: unknown, cb: Callback<import("@pulumi/pulumi/proto/analyzer_pb").AnalyzeResponse>): void;
    analyzeStack(req: unknown, cb: Callback<import("@pulumi/pulumi/proto/analyzer_pb").AnalyzeResponse>): void;
    close(): void;
}

const LEVELS: Record<number, EnforcementLevel> = { 0: "advisory", 1: "mandatory", 2: "disabled", 3: "remediate" };
const LEVEL_CODES: Record<EnforcementLevel, number> = { advisory: 0, mandatory: 1, disabled: 2, remediate: 3 };
const SEVERITIES: Record<number, string> = { 0: "unspecified", 1: "low", 2: "medium", 3: "high", 4: "critical" };
/** Protobuf's default message limit is 4 MiB; a large stack's AnalyzeStack needs more (the CLI allows 400 MiB). */
const MAX_MESSAGE_BYTES = 400 * 1024 * 1024;
/** How long the pack may take to print its port before the plan gives up on it. */
const START_TIMEOUT_MS = 60_000;

function call<T>(fn: (cb: Callback<T>) => void): Promise<T> {
    return new Promise((resolve, reject) => fn((error, response) => (error ? reject(error) : resolve(response))));
}

/** A running policy pack. Start it early: it loads in parallel with the program. */
export class PolicyAnalyzer {
    private readonly child: ChildProcess;
    private readonly client: Promise<AnalyzerClient>;
    private stderr = "";

    private constructor(
        readonly packDir: string,
        host: PolicyHost,
    ) {
        this.child = spawn(process.execPath, hostArgs(packDir, host), { cwd: packDir, stdio: ["ignore", "pipe", "pipe"] });
        this.child.stderr?.on("data", (chunk) => (this.stderr += chunk));
        this.client = new Promise((resolve, reject) => {
            let stdout = "";
            const timer = setTimeout(() => reject(new Error(`policy pack ${packDir} printed no port within ${START_TIMEOUT_MS / 1000}s`)), START_TIMEOUT_MS);
            this.child.stdout?.on("data", (chunk) => {
                stdout += chunk;
                const port = /^(\d+)\s*$/m.exec(stdout)?.[1];
                if (port) {
                    clearTimeout(timer);
                    resolve(
                        new analyzerRpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
                            "grpc.max_receive_message_length": MAX_MESSAGE_BYTES,
                            "grpc.max_send_message_length": MAX_MESSAGE_BYTES,
                        }),
                    );
                }
            });
            this.child.on("exit", (code) => {
                clearTimeout(timer);
                reject(new Error(`policy pack ${packDir} exited (code ${code}) before serving:\n${this.stderr.trim()}`));
            });
        });
        this.client.catch(() => undefined); // observed by every caller; avoid an unhandled rejection meanwhile
    }

    static start(packDir: string, host: PolicyHost = "direct"): PolicyAnalyzer {
        return new PolicyAnalyzer(path.resolve(packDir), host);
    }

    async info(): Promise<PackInfo> {
        const client = await this.client;
        const info = await call<import("@pulumi/pulumi/proto/analyzer_pb").AnalyzerInfo>((cb) => client.getAnalyzerInfo(new Empty(), cb));
        return {
            name: info.getName(),
            version: info.getVersion(),
            policies: info.getPoliciesList().map((p) => {
                const schema = p.getConfigschema();
                return {
                    name: p.getName(),
                    enforcementLevel: LEVELS[p.getEnforcementlevel()],
                    properties: (schema?.getProperties()?.toJavaScript() ?? {}) as Record<string, PropertySchema>,
                    required: schema?.getRequiredList() ?? [],
                };
            }),
        };
    }

    async configure(config: Record<string, ResolvedPolicyConfig>): Promise<void> {
        const client = await this.client;
        const req = new analyzerPb.ConfigureAnalyzerRequest();
        for (const [name, c] of Object.entries(config)) {
            const policyConfig = new analyzerPb.PolicyConfig();
            policyConfig.setEnforcementlevel(LEVEL_CODES[c.enforcementLevel]);
            policyConfig.setProperties(Struct.fromJavaScript(c.properties as never));
            req.getPolicyconfigMap().set(name, policyConfig);
        }
        await call((cb) => client.configure(req, cb));
    }

    /** Analyze for every resource (its inputs), then AnalyzeStack for all (their state). */
    async analyzeAll(resources: readonly RecordedResource[]): Promise<PolicyViolation[]> {
        return (await this.analyze(resources)).violations;
    }

    /** Like analyzeAll, with the exemptions and skips the pack reported. */
    async analyze(resources: readonly RecordedResource[]): Promise<Analysis> {
        const byUrn = new Map(resources.map((r) => [r.urn, r]));
        const perResource = await Promise.all(resources.map((r) => this.analyzeResource(r, byUrn)));
        return this.withStack(perResource, resources, byUrn);
    }

    /**
     * Analysis as the engine does it: each resource is sent as soon as it is registered (`add`, in
     * registration order, after `ready`, e.g. Configure, resolves), the whole stack at `finish`.
     * Results are the same as `analyze` over the same resources.
     */
    streaming(ready: Promise<unknown>): { add(resource: RecordedResource): void; finish(): Promise<Analysis> } {
        const resources: RecordedResource[] = [];
        const byUrn = new Map<string, RecordedResource>();
        const pending: Promise<Analysis>[] = [];
        return {
            add: (resource) => {
                resources.push(resource);
                byUrn.set(resource.urn, resource);
                const analysis = ready.then(() => this.analyzeResource(resource, byUrn));
                analysis.catch(() => undefined); // awaited by finish; a failed program never gets there
                pending.push(analysis);
            },
            finish: async () => this.withStack(await Promise.all(pending), resources, byUrn),
        };
    }

    /** Analyze of one resource (its inputs; its provider from `byUrn`). */
    private async analyzeResource(r: RecordedResource, byUrn: ReadonlyMap<string, RecordedResource>): Promise<Analysis> {
        const client = await this.client;
        const req = describe(new analyzerPb.AnalyzeRequest(), r, "inputs", byUrn);
        const res = await call<import("@pulumi/pulumi/proto/analyzer_pb").AnalyzeResponse>((cb) => client.analyze(req, cb));
        return { violations: violations(res, r.urn), notApplicable: notApplicable(res, r.urn) };
    }

    /** AnalyzeStack over every resource (their state), after the per-resource results. */
    private async withStack(perResource: readonly Analysis[], resources: readonly RecordedResource[], byUrn: ReadonlyMap<string, RecordedResource>): Promise<Analysis> {
        const client = await this.client;
        const stackReq = new analyzerPb.AnalyzeStackRequest();
        stackReq.setResourcesList(
            resources.map((r) => {
                const res = describe(new analyzerPb.AnalyzerResource(), r, "state", byUrn);
                res.setParent(r.parent ?? "");
                res.setDependenciesList(r.dependencies);
                return res;
            }),
        );
        const stackRes = await call<import("@pulumi/pulumi/proto/analyzer_pb").AnalyzeResponse>((cb) => client.analyzeStack(stackReq, cb));
        return {
            violations: [...perResource.flatMap((r) => r.violations), ...violations(stackRes, "")],
            notApplicable: [...perResource.flatMap((r) => r.notApplicable), ...notApplicable(stackRes, "")],
        };
    }

    async close(): Promise<void> {
        try {
            (await this.client).close();
        } catch {
            // the pack never served; nothing to close
        }
        if (this.child.exitCode === null) {
            this.child.kill();
        }
    }
}

/** How the pack's process is started (see the module comment). */
export type PolicyHost = "direct" | "pulumi";

function hostArgs(packDir: string, host: PolicyHost): string[] {
    if (host === "pulumi") {
        // `node run-policy-pack <engine address> <pack dir>`, cwd = pack. No engine listens here; the
        // host only logs through it, and our rules do not log.
        return [require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir] }), "127.0.0.1:0", "."];
    }
    const manifest = JSON.parse(fs.readFileSync(path.join(packDir, "package.json"), "utf8")) as { main?: string };
    const main = path.join(packDir, manifest.main ?? "index.js");
    if (!fs.existsSync(main)) {
        throw new Error(`policy pack ${packDir}: ${main} does not exist; build the pack first (npm run build)`);
    }
    return [main];
}

/** The fields an Analyze request and an AnalyzeStack resource share, filled from a recording. */
interface ResourceMessage {
    setType(v: string): unknown;
    setName(v: string): unknown;
    setUrn(v: string): unknown;
    setProperties(v: InstanceType<typeof Struct>): unknown;
    setOptions(v: ReturnType<typeof options>): unknown;
    setProvider(v: ReturnType<typeof providerOf>): unknown;
}

function describe<M extends ResourceMessage>(message: M, r: RecordedResource, properties: "inputs" | "state", byUrn: ReadonlyMap<string, RecordedResource>): M {
    message.setType(r.type);
    message.setName(r.name);
    message.setUrn(r.urn);
    message.setProperties(structOf(r, properties));
    message.setOptions(options(r));
    const provider = providerOf(r, byUrn);
    if (provider) {
        message.setProvider(provider);
    }
    return message;
}

type ProtoStruct = InstanceType<typeof Struct>;

/**
 * A resource's inputs, or its state (inputs with the outputs over them), as a Struct: the SDK's own
 * Structs when recorded (their fields are shared, not converted again), else converted from JSON.
 */
function structOf(r: RecordedResource, which: "inputs" | "state"): ProtoStruct {
    const recorded = r.wireStructs as { inputs?: ProtoStruct; outputs?: ProtoStruct } | undefined;
    if (!recorded?.inputs) {
        return Struct.fromJavaScript((which === "inputs" ? r.wireInputs : r.wireState) as never);
    }
    if (which === "inputs") {
        return recorded.inputs;
    }
    const state = new Struct();
    const fields = state.getFieldsMap();
    recorded.inputs.getFieldsMap().forEach((value, key) => fields.set(key, value));
    recorded.outputs?.getFieldsMap().forEach((value, key) => fields.set(key, value));
    return state;
}

function options(r: RecordedResource) {
    const opts = new analyzerPb.AnalyzerResourceOptions();
    opts.setProtect(r.protect);
    opts.setIgnorechangesList(r.ignoreChanges);
    opts.setParent(r.parent ?? "");
    return opts;
}

/** Each provider's message, built once for all the resources it manages. */
const providerMessages = new WeakMap<RecordedResource, InstanceType<typeof analyzerPb.AnalyzerProviderResource>>();

function providerOf(r: RecordedResource, byUrn: ReadonlyMap<string, RecordedResource>) {
    if (!r.provider) {
        return undefined;
    }
    const urn = r.provider.slice(0, r.provider.lastIndexOf("::"));
    const recorded = byUrn.get(urn);
    if (!recorded) {
        return undefined;
    }
    let provider = providerMessages.get(recorded);
    if (!provider) {
        provider = new analyzerPb.AnalyzerProviderResource();
        provider.setType(recorded.type);
        provider.setName(recorded.name);
        provider.setUrn(recorded.urn);
        provider.setProperties(structOf(recorded, "inputs"));
        providerMessages.set(recorded, provider);
    }
    return provider;
}

/** Not-applicable entries worth reporting: exemptions and skips (the pack's rules word them so). */
function notApplicable(res: import("@pulumi/pulumi/proto/analyzer_pb").AnalyzeResponse, urn: string): PolicyNotApplicable[] {
    return res
        .getNotApplicableList()
        .map((n) => ({ policy: n.getPolicyName(), urn, reason: n.getReason() }))
        .filter((n) => /^(exempt|skipped):/.test(n.reason));
}

function violations(res: import("@pulumi/pulumi/proto/analyzer_pb").AnalyzeResponse, urn: string): PolicyViolation[] {
    return res.getDiagnosticsList().map((d) => ({
        policy: d.getPolicyname(),
        level: LEVELS[d.getEnforcementlevel()],
        severity: SEVERITIES[d.getSeverity()] ?? "unspecified",
        urn: d.getUrn() || urn,
        message: d.getMessage(),
    }));
}
