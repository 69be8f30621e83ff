/**
 * Drives a CrossGuard policy pack the way the Pulumi CLI does for `--policy-pack`: starts the pack's
 * analyzer server in its own process, reads the port it prints, then speaks the Analyzer gRPC
 * protocol: GetAnalyzerInfo, Configure, Analyze (each resource's inputs), AnalyzeStack (every
 * resource's state).
 *
 * The client runs on a worker thread (analyzer-worker.ts): the program's thread runs the program
 * for seconds at a stretch without serving I/O, so a client there started the pack's handshake and
 * read its answers only when the program let it. This thread posts each resource as it registers;
 * the worker serializes it and does the rest.
 *
 * Two ways to start the pack, same server and protocol:
 * - "direct" (default): `node <package.json main>` in the pack's directory. That is what the CLI's
 *   host ends up running; skipping the host saves about half a second of the plan's critical path.
 * - "pulumi": through the SDK's `run-policy-pack` host, exactly as the CLI launches packs (it adds
 *   ts-node for TypeScript packs, closure-serialisation hooks and its error reporting).
 */
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import type { Analysis, PolicyViolation } from "./analyzer-wire";
import type { PackInfo, PolicyHost, PostedResource, WorkerData, WorkerReply, WorkerRequest } from "./analyzer-worker";
import { PolicyConfigError, type ResolvedPolicyConfig } from "./policy-config";
import type { RecordedResource } from "./recorder";

export type { Analysis, PolicyNotApplicable, PolicyViolation } from "./analyzer-wire";
export type { PackInfo, PolicyHost } from "./analyzer-worker";

type Distribute<T> = T extends unknown ? Omit<T, "id"> : never;

/** A running policy pack. Start it early: it loads in parallel with the program. */
export class PolicyAnalyzer {
    private readonly worker: Worker;
    private readonly replies = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
    private nextId = 1;
    private failure: Error | undefined;

    private constructor(
        readonly packDir: string,
        host: PolicyHost,
    ) {
        this.worker = new Worker(path.join(__dirname, "analyzer-worker.js"), { workerData: { packDir, host } satisfies WorkerData });
        this.worker.on("message", (reply: WorkerReply) => {
            const waiting = this.replies.get(reply.id);
            this.replies.delete(reply.id);
            if (reply.ok) {
                waiting?.resolve(reply.value);
            } else {
                const { name, message, file, problems } = reply.error;
                waiting?.reject(name === "PolicyConfigError" && file !== undefined && problems ? new PolicyConfigError(file, problems) : Object.assign(new Error(message), { name }));
            }
        });
        const fail = (error: Error) => {
            this.failure = error;
            for (const waiting of this.replies.values()) waiting.reject(error);
            this.replies.clear();
        };
        this.worker.on("error", fail);
        this.worker.on("exit", (code) => fail(new Error(`the policy analyzer's thread exited (code ${code})`)));
    }

    static start(packDir: string, host: PolicyHost = "direct"): PolicyAnalyzer {
        return new PolicyAnalyzer(path.resolve(packDir), host);
    }

    private request<T>(request: Distribute<WorkerRequest>): Promise<T> {
        if (this.failure) {
            return Promise.reject(this.failure);
        }
        const id = this.nextId++;
        return new Promise<T>((resolve, reject) => {
            this.replies.set(id, { resolve: resolve as (value: unknown) => void, reject });
            this.worker.postMessage({ ...request, id });
        });
    }

    info(): Promise<PackInfo> {
        return this.request({ kind: "info" });
    }

    configure(config: Record<string, ResolvedPolicyConfig>): Promise<void> {
        return this.request({ kind: "configure", config });
    }

    /**
     * Configures the pack from a policy config file (resolved against the policies the pack
     * describes) on the analyzer's thread; resources added after this call are analyzed after it.
     * Resolves with the pack's description; rejects with PolicyConfigError for an invalid file.
     */
    configureFrom(file: string): Promise<PackInfo> {
        return this.request({ kind: "configure-from", file });
    }

    /** Analyze for every resource (its inputs), then AnalyzeStack for all (their state). */
    async analyzeAll(resources: readonly RecordedResource[]): Promise<PolicyViolation[]> {
        return (await this.analyze(resources)).violations;
    }

    /** Like analyzeAll, with the exemptions and skips the pack reported. */
    analyze(resources: readonly RecordedResource[]): Promise<Analysis> {
        const stream = this.streaming();
        resources.forEach(stream.add);
        return stream.finish();
    }

    /**
     * Analysis as the engine does it: each resource is sent as soon as it is registered (`add`, in
     * registration order, after any Configure requested before it), the whole stack at `finish`.
     * Results are the same as `analyze` over the same resources.
     */
    streaming(): { add(resource: RecordedResource): void; finish(): Promise<Analysis> } {
        const batch = this.nextId++;
        return {
            add: (resource) => {
                if (!this.failure) {
                    this.worker.postMessage({ kind: "resource", batch, resource: postedResource(resource) } satisfies WorkerRequest);
                }
            },
            finish: () => this.request({ kind: "finish", batch }),
        };
    }

    async close(): Promise<void> {
        if (!this.failure) {
            await this.request({ kind: "close" }).catch(() => undefined);
        }
        await this.worker.terminate();
    }
}

/**
 * The URN of a recording's provider resource (its `provider` reference without the `::<id>`). Here,
 * not in recorder.ts, which loads the Pulumi SDK: the plan starts the pack before loading that.
 */
export function providerUrn(r: Pick<RecordedResource, "provider">): string | undefined {
    return r.provider ? r.provider.slice(0, r.provider.lastIndexOf("::")) : undefined;
}

/** A recording as the analyzer's thread takes it (it serializes the inputs and state there). */
function postedResource(r: RecordedResource): PostedResource {
    return {
        urn: r.urn,
        type: r.type,
        name: r.name,
        parent: r.parent,
        dependencies: r.dependencies,
        protect: r.protect,
        ignoreChanges: r.ignoreChanges,
        provider: providerUrn(r),
        inputs: r.wireInputs,
        state: r.wireState,
    };
}
