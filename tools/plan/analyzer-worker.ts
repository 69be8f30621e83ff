/**
 * The policy pack's client, on a thread of its own (started by `PolicyAnalyzer`): it starts the
 * pack's analyzer server, reads the port it prints, configures it and sends each resource for
 * Analyze the moment the program's thread posts it, then AnalyzeStack. The program's thread runs
 * the program for seconds at a stretch without serving I/O; here the pack's handshake, requests and
 * answers go on meanwhile, as they do between the Pulumi engine and a pack.
 *
 * Messages are handled in the order they arrive: an Analyze posted after a Configure waits for it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import { LEVELS, analysisOf, encodeAnalyzeRequest, encodeAnalyzeStackRequest, encodeProvider, encodeStackResource, type Analysis, type WireResource } from "./analyzer-wire";
import { UnaryChannel } from "./grpc-unary";
import { encodeStruct } from "./struct-wire";
import { readPolicyConfigFile, resolvePolicyConfig, type EnforcementLevel, type PolicyDescription, type PropertySchema, type ResolvedPolicyConfig } from "./policy-config";

/* eslint-disable @typescript-eslint/no-require-imports */
const analyzerPb = require("@pulumi/pulumi/proto/analyzer_pb") as typeof import("@pulumi/pulumi/proto/analyzer_pb");
const { Struct } = require("google-protobuf/google/protobuf/struct_pb") as typeof import("google-protobuf/google/protobuf/struct_pb");
const { Empty } = require("google-protobuf/google/protobuf/empty_pb") as typeof import("google-protobuf/google/protobuf/empty_pb");

/** The Analyzer service's methods the plan calls (pulumirpc's analyzer.proto). */
const METHOD = {
    getAnalyzerInfo: "/pulumirpc.Analyzer/GetAnalyzerInfo",
    configure: "/pulumirpc.Analyzer/Configure",
    analyze: "/pulumirpc.Analyzer/Analyze",
    analyzeStack: "/pulumirpc.Analyzer/AnalyzeStack",
} as const;

/** How the pack's process is started: `direct` runs its main module, `pulumi` the SDK's run-policy-pack host. */
export type PolicyHost = "direct" | "pulumi";

export interface PackInfo {
    readonly name: string;
    readonly version: string;
    readonly policies: PolicyDescription[];
}

/** What the program's thread asks; each request with an `id` gets one reply of that id. */
export type WorkerRequest =
    | { readonly kind: "info"; readonly id: number }
    | { readonly kind: "configure"; readonly id: number; readonly config: Record<string, ResolvedPolicyConfig> }
    /** Info, then the config file resolved against the pack's policies, then Configure; replies with the info. */
    | { readonly kind: "configure-from"; readonly id: number; readonly file: string }
    | { readonly kind: "resource"; readonly batch: number; readonly resource: PostedResource }
    /** Waits for the batch's Analyze answers, then AnalyzeStack over the batch's resources. */
    | { readonly kind: "finish"; readonly id: number; readonly batch: number }
    | { readonly kind: "close"; readonly id: number };

/** A resource as the program's thread posts it: its inputs and state as plain (wire-format) JSON. */
export type PostedResource = Omit<WireResource, "inputs" | "state"> & { readonly inputs: Record<string, unknown>; readonly state: Record<string, unknown> };

export type WorkerReply =
    | { readonly id: number; readonly ok: true; readonly value: unknown }
    | { readonly id: number; readonly ok: false; readonly error: { readonly name: string; readonly message: string; readonly file?: string; readonly problems?: readonly string[] } };

export interface WorkerData {
    readonly packDir: string;
    readonly host: PolicyHost;
}

const LEVEL_CODES = Object.fromEntries(Object.entries(LEVELS).map(([code, level]) => [level, Number(code)])) as Record<EnforcementLevel, number>;
/**
 * The niceness of the analysis (the pack's process and this thread): the lowest. The program's
 * thread is the plan's critical path; at an equal share of two cores the analysis slowed it by a
 * third, while at this priority it runs on what the program leaves idle and catches up at the end
 * (measured in the README's numbers section).
 */
const ANALYSIS_NICENESS = 19;

/**
 * Lowers the priority of a process, or with 0 of this thread: Linux gives each thread a priority
 * of its own, elsewhere 0 is the whole process (the program included), so it is left alone there.
 */
function yieldToTheProgram(pid: number): void {
    if (pid === 0 && process.platform !== "linux") {
        return;
    }
    try {
        os.setPriority(pid, ANALYSIS_NICENESS);
    } catch {
        // not permitted here: the analysis keeps the program's priority (slower, same results)
    }
}

/** How long the pack may take to print its port before the plan gives up on it. */
const START_TIMEOUT_MS = 60_000;

/** The pack's process and a client connected to it. */
class Pack {
    readonly channel: Promise<UnaryChannel>;
    private readonly child: ChildProcess | undefined;
    private stderr = "";

    constructor(packDir: string, host: PolicyHost) {
        let args: string[];
        try {
            args = hostArgs(packDir, host);
        } catch (error) {
            this.channel = Promise.reject(error as Error);
            this.channel.catch(() => undefined); // every request reports it
            return;
        }
        const child = spawn(process.execPath, args, { cwd: packDir, stdio: ["ignore", "pipe", "pipe"] });
        this.child = child;
        if (child.pid !== undefined) {
            yieldToTheProgram(child.pid);
        }
        child.stderr?.on("data", (chunk) => (this.stderr += chunk));
        this.channel = new Promise((resolve, reject) => {
            let stdout = "";
            const timer = setTimeout(() => reject(new Error(`policy pack ${packDir} printed no port within ${START_TIMEOUT_MS / 1000}s`)), START_TIMEOUT_MS);
            child.stdout?.on("data", (chunk) => {
                stdout += chunk;
                const port = /^(\d+)\s*$/m.exec(stdout)?.[1];
                if (port) {
                    clearTimeout(timer);
                    resolve(new UnaryChannel(`127.0.0.1:${port}`));
                }
            });
            child.on("exit", (code) => {
                clearTimeout(timer);
                reject(new Error(`policy pack ${packDir} exited (code ${code}) before serving:\n${this.stderr.trim()}`));
            });
        });
        this.channel.catch(() => undefined); // observed by every request; avoid an unhandled rejection meanwhile
    }

    async info(): Promise<PackInfo> {
        const info = analyzerPb.AnalyzerInfo.deserializeBinary(await (await this.channel).call(METHOD.getAnalyzerInfo, new Empty().serializeBinary()));
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
        const req = new analyzerPb.ConfigureAnalyzerRequest();
        for (const [name, c] of Object.entries(config)) {
            const policyConfig = new analyzerPb.PolicyConfig();
            policyConfig.setEnforcementlevel(LEVEL_CODES[c.enforcementLevel]);
            policyConfig.setProperties(Struct.fromJavaScript(c.properties as never));
            req.getPolicyconfigMap().set(name, policyConfig);
        }
        await (await this.channel).call(METHOD.configure, req.serializeBinary());
    }

    /** Analyze or AnalyzeStack of an already encoded request: the encoded answer. */
    async send(method: "analyze" | "analyzeStack", request: Uint8Array): Promise<Uint8Array> {
        return (await this.channel).call(METHOD[method], request);
    }

    async close(): Promise<void> {
        try {
            (await this.channel).close();
        } catch {
            // the pack never served; nothing to close
        }
        if (this.child && this.child.exitCode === null) {
            this.child.kill();
        }
    }
}

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

/** The resources of one analysis: their Analyze answers so far and their AnalyzeStack entries. */
interface Batch {
    readonly analyses: Promise<Analysis>[];
    readonly stackResources: Uint8Array[];
}

function serve(port: NonNullable<typeof parentPort>, data: WorkerData): void {
    const pack = new Pack(data.packDir, data.host);
    /** Analyze requests wait for the Configure requested before them. */
    let configured: Promise<unknown> = Promise.resolve();
    const batches = new Map<number, Batch>();
    /** Each provider's message, encoded once for all the resources it manages. */
    const providers = new Map<string, Uint8Array>();

    const reply = (id: number, work: Promise<unknown>) =>
        work.then(
            (value) => port.postMessage({ id, ok: true, value } satisfies WorkerReply),
            (error: Error & { file?: string; problems?: string[] }) =>
                port.postMessage({ id, ok: false, error: { name: error.name, message: error.message, file: error.file, problems: error.problems } } satisfies WorkerReply),
        );
    /** A Configure in turn: requests after it wait for it, whether it succeeds or not. */
    const reconfigure = (id: number, work: () => Promise<unknown>) => {
        const done = configured.then(work);
        configured = done.catch(() => undefined);
        void reply(id, done);
    };
    const batchOf = (id: number) => batches.get(id) ?? batches.set(id, { analyses: [], stackResources: [] }).get(id)!;

    port.on("message", (request: WorkerRequest) => {
        switch (request.kind) {
            case "info":
                return void reply(request.id, pack.info());
            case "configure":
                return reconfigure(request.id, () => pack.configure(request.config));
            case "configure-from":
                return reconfigure(request.id, async () => {
                    const info = await pack.info();
                    await pack.configure(resolvePolicyConfig(request.file, info.policies, readPolicyConfigFile(request.file)));
                    return info;
                });
            case "resource": {
                const resource: WireResource = { ...request.resource, inputs: encodeStruct(request.resource.inputs), state: encodeStruct(request.resource.state) };
                const batch = batchOf(request.batch);
                if (resource.type.startsWith("pulumi:providers:")) {
                    providers.set(resource.urn, encodeProvider(resource));
                }
                const provider = resource.provider ? providers.get(resource.provider) : undefined;
                batch.stackResources.push(encodeStackResource(resource, provider));
                const analyzeRequest = encodeAnalyzeRequest(resource, provider);
                const analysis = configured.then(() => pack.send("analyze", analyzeRequest)).then((answer) => analysisOf(answer, resource.urn));
                analysis.catch(() => undefined); // reported by the batch's finish
                batch.analyses.push(analysis);
                return;
            }
            case "finish": {
                const batch = batchOf(request.batch);
                batches.delete(request.batch);
                return void reply(
                    request.id,
                    (async (): Promise<Analysis> => {
                        const perResource = await Promise.all(batch.analyses);
                        const stack = analysisOf(await configured.then(() => pack.send("analyzeStack", encodeAnalyzeStackRequest(batch.stackResources))), "");
                        return {
                            violations: [...perResource.flatMap((a) => a.violations), ...stack.violations],
                            notApplicable: [...perResource.flatMap((a) => a.notApplicable), ...stack.notApplicable],
                        };
                    })(),
                );
            }
            case "close":
                return void reply(request.id, pack.close());
        }
    });
}

if (parentPort) {
    yieldToTheProgram(0);
    serve(parentPort, workerData as WorkerData);
}
