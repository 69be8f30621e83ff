/**
 * Runs a whole Pulumi program in this process under the mock runtime and returns what it
 * registered. Config and module state are per process: run one program (one stack) per process.
 */
import * as pulumi from "@pulumi/pulumi";
import { startRecording, type RecordedResource, type RecordingOptions } from "./recorder";

export interface ProgramRun {
    readonly resources: RecordedResource[];
    /** Stack outputs, plain JSON with secrets as "[secret]". */
    readonly outputs: Record<string, unknown>;
    /** Provider functions (invokes) the program called, distinct tokens in first-call order. */
    readonly invokes: string[];
}

export interface ProgramOptions extends RecordingOptions {
    /** Absolute path of the compiled entry module (e.g. dist/infra/index.js). */
    readonly programPath: string;
    /** The project directory: the program runs there, as under the Pulumi CLI. */
    readonly projectDir: string;
    /** A module exporting `transform`, registered as a stack transformation before the program runs. */
    readonly transformPath?: string;
}

/** Runs the program; rejects with the program's own error (a config report, an exception) if it fails. */
export async function runProgram(options: ProgramOptions): Promise<ProgramRun> {
    const recorder = startRecording(options);
    process.chdir(options.projectDir);
    const failures: unknown[] = [];
    let reportFailure: (error: unknown) => void = () => undefined;
    // A failure inside an output (an invoke without a stand-in, a guard that throws) leaves the
    // resource waiting on it unregistered, so the SDK's outstanding work never drains: the first
    // failure ends the run instead of waiting forever (the CLI's language host exits likewise).
    const failed = new Promise<never>((_, reject) => (reportFailure = reject));
    failed.catch(() => undefined);
    const onFailure = (error: unknown) => {
        failures.push(error);
        reportFailure(error);
    };
    // The SDK runs the program's module body inside the root stack's initialisation; an exception
    // there (a config report, a bug) also rejects the stack's other promises, some after this
    // function returns. The handlers stay for the life of the process (one program per process) so
    // those late echoes of a failure already reported cannot crash it.
    process.on("unhandledRejection", onFailure);
    process.on("uncaughtException", onFailure);
    try {
        await Promise.race([
            (async () => {
                await pulumi.runtime.runInPulumiStack(async () => {
                    if (options.transformPath) {
                        const { transform } = require(options.transformPath) as { transform?: pulumi.ResourceTransformation };
                        if (typeof transform !== "function") {
                            throw new Error(`${options.transformPath} exports no transform function`);
                        }
                        pulumi.runtime.registerStackTransformation(transform);
                    }
                    return require(options.programPath);
                });
                await recorder.settle();
            })(),
            failed,
        ]);
    } catch (error) {
        failures.unshift(error);
    }
    if (failures.length > 0) {
        throw recorder.invokeFailures[0] ?? failures[0];
    }
    return { resources: recorder.resources, outputs: recorder.stackOutputs(), invokes: [...new Set(recorder.invokes)] };
}
