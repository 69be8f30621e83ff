/**
 * `npm run plan -- [--stack dev] [--out DIR]`: the offline plan. Runs the real program in-process
 * under Pulumi's mock runtime with the stack's config, writes plan.json, manifests/ and graph.mmd,
 * and checks every resource with the policy pack's real analyzer server, as `pulumi preview
 * --policy-pack` would. Nothing is deployed. Exit 0: clean; 1: mandatory policy violations;
 * 2: invalid config, invalid policy config or a program error.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { PolicyAnalyzer, providerUrn, type PolicyHost, type PolicyNotApplicable, type PolicyViolation } from "./analyzer";
import { REPO_ROOT } from "../repo-root";


export const EXIT = { clean: 0, mandatoryViolations: 1, invalid: 2 } as const;

const USAGE = `usage: npm run plan -- [options]
  --stack NAME          stack to plan (default: dev)
  --out DIR             output directory (default: out/plan/<stack>)
  --project-dir DIR     Pulumi project to plan (default: the repository root); a copy of this
                        project outside the checkout runs this checkout's compiled program
  --stack-file FILE     stack settings to use instead of <project-dir>/Pulumi.<stack>.yaml
  --policy-pack DIR     policy pack (default: <project-dir>/policy when it exists)
  --policy-config FILE  policy config (default: <policy-pack>/config.<stack>.json)
  --policy-host HOST    direct (default: node <pack main>) or pulumi (the SDK's run-policy-pack host)
  --no-policy           skip policy analysis
  --analysis WHEN       during (default: each resource is analyzed as soon as it registers, as the
                        engine does) or after (every resource once the program has finished)
  --transform MODULE    a compiled module exporting \`transform\` (a Pulumi resource transformation),
                        registered on the stack before the program runs: how the broken-stack
                        fixtures (test/policy/broken-stacks/) change one resource
  --deployed FILE       this stack's outputs as last deployed (JSON, e.g. \`pulumi stack output --json\`):
                        what the program's reference to its own stack reads (default: none, a first
                        deploy), so the plan checks a change against them (the system pool, the
                        lake's table declarations) as a preview would
  --run NAME            names this run (default 1): stand-ins for values that differ on every real
                        run (access tokens) carry it; plan twice with different names and compare
                        (npm run plan:diff) to see what a second real run would change
  --quiet               print only the summary and violations
  --timings             print where the time went to stderr (\`timings: load=… program=… …\`, seconds):
                        loading, the program, writing manifests, waiting for the analysis, plan.json`;

interface Options {
    stack: string;
    out: string;
    projectDir: string;
    stackFile: string | undefined;
    policyPack: string | undefined;
    policyConfig: string | undefined;
    policyHost: PolicyHost;
    analysis: "during" | "after";
    transform: string | undefined;
    deployed: string | undefined;
    noPolicy: boolean;
    quiet: boolean;
    timings: boolean;
    run: string;
}

class UsageError extends Error {}

function parseOptions(argv: string[]): Options {
    try {
        const { values } = parseArgs({
            args: argv,
            options: {
                stack: { type: "string", default: "dev" },
                out: { type: "string" },
                "project-dir": { type: "string", default: REPO_ROOT },
                "stack-file": { type: "string" },
                "policy-pack": { type: "string" },
                "policy-config": { type: "string" },
                "policy-host": { type: "string", default: "direct" },
                analysis: { type: "string", default: "during" },
                "no-policy": { type: "boolean", default: false },
                transform: { type: "string" },
                deployed: { type: "string" },
                quiet: { type: "boolean", default: false },
                timings: { type: "boolean", default: false },
                run: { type: "string", default: "1" },
                help: { type: "boolean", default: false },
            },
            strict: true,
        });
        if (values.help) {
            console.log(USAGE);
            process.exit(EXIT.clean);
        }
        const projectDir = path.resolve(values["project-dir"]!);
        const stack = values.stack!;
        const policyHost = values["policy-host"];
        if (policyHost !== "direct" && policyHost !== "pulumi") {
            throw new Error(`--policy-host ${policyHost}: expected direct or pulumi`);
        }
        const analysis = values.analysis;
        if (analysis !== "during" && analysis !== "after") {
            throw new Error(`--analysis ${analysis}: expected during or after`);
        }
        // A project without a policy/ folder (e.g. stacks/deployments) is planned without a pack unless one is named.
        const defaultPack = path.join(projectDir, "policy");
        const policyPack = values["no-policy"] ? undefined : values["policy-pack"] ? path.resolve(values["policy-pack"]) : fs.existsSync(defaultPack) ? defaultPack : undefined;
        return {
            stack,
            out: path.resolve(values.out ?? path.join("out", "plan", stack)),
            projectDir,
            stackFile: values["stack-file"] ? path.resolve(values["stack-file"]) : undefined,
            policyPack,
            policyConfig: policyPack ? path.resolve(values["policy-config"] ?? path.join(policyPack, `config.${stack}.json`)) : undefined,
            policyHost,
            analysis,
            transform: values.transform ? path.resolve(values.transform) : undefined,
            deployed: values.deployed ? path.resolve(values.deployed) : undefined,
            noPolicy: values["no-policy"]!,
            quiet: values.quiet!,
            timings: values.timings!,
            run: values.run!,
        };
    } catch (error) {
        throw new UsageError(`${(error as Error).message}\n${USAGE}`);
    }
}

async function main(argv: string[]): Promise<number> {
    const started = process.hrtime.bigint();
    const options = parseOptions(argv);
    // Start the pack first: it loads its SDK in its own process while this one loads the program.
    const analyzer = options.policyPack ? PolicyAnalyzer.start(options.policyPack, options.policyHost) : undefined;
    try {
        return await plan(options, analyzer, started);
    } finally {
        await analyzer?.close();
    }
}

/**
 * The compiled entry module of the project's `main`: this checkout's dist/ mirrors the source tree.
 * A project directory outside the checkout (a copy of this project, e.g. with edited build contexts)
 * runs this checkout's compiled program with its own stack files and build contexts.
 */
function compiledProgram(projectDir: string, main: string): string {
    const relative = path.relative(REPO_ROOT, path.resolve(projectDir, main));
    const source = relative.startsWith("..") ? main : relative;
    return path.join(REPO_ROOT, "dist", source.replace(/\.ts$/, ".js"));
}

async function plan(options: Options, analyzer: PolicyAnalyzer | undefined, started: bigint): Promise<number> {
    const { readProjectFile, readStackConfig } = await import("./stack-files");
    const { runProgram } = await import("./run-program");
    const { STAND_INS, setRunName } = await import("./mocks");
    setRunName(options.run);
    const render = await import("./render");

    const project = readProjectFile(options.projectDir);
    const stackConfig = readStackConfig(options.projectDir, project, options.stack, options.stackFile);
    const main = project.main ?? "index.ts";
    const programPath = compiledProgram(options.projectDir, main);

    // The pack is configured while the program loads and (by default) analyzes each resource as soon
    // as it registers, in its own process, as the engine does: only AnalyzeStack waits for the end.
    const policyConfig = options.policyConfig;
    const configured = analyzer && policyConfig ? analyzer.configureFrom(policyConfig) : undefined;
    configured?.catch(() => undefined); // awaited below, after the program (whose errors come first)
    const stream = analyzer && configured && options.analysis === "during" ? analyzer.streaming() : undefined;

    const phases = new Phases(started);
    phases.end("load");
    const run = await runProgram({
        programPath,
        projectDir: path.resolve(options.projectDir),
        project: project.name,
        stack: options.stack,
        config: stackConfig.config,
        secretKeys: stackConfig.secretKeys,
        transformPath: options.transform,
        deployedOutputs: options.deployed ? (JSON.parse(fs.readFileSync(options.deployed, "utf8")) as Record<string, unknown>) : undefined,
        onResource: stream?.add,
    });
    phases.end("program");

    // The pack's thread does AnalyzeStack (and any Analyze still running) while this one renders and
    // writes the manifests and the graph, which do not depend on it; plan.json is written last.
    const analysis = analyzer && configured ? Promise.all([configured, stream ? stream.finish() : analyzer.analyze(run.resources)]) : undefined;
    analysis?.catch(() => undefined); // awaited below
    fs.mkdirSync(options.out, { recursive: true });
    fs.rmSync(path.join(options.out, "plan.json"), { force: true });
    fs.rmSync(path.join(options.out, "manifests"), { recursive: true, force: true });
    fs.mkdirSync(path.join(options.out, "manifests"));
    const manifests = render.renderManifests(run.resources);
    for (const [file, text] of manifests) {
        fs.writeFileSync(path.join(options.out, "manifests", file), text);
    }
    fs.writeFileSync(path.join(options.out, "graph.mmd"), render.renderGraph(run.resources));
    phases.end("manifests");

    let violations: PolicyViolation[] = [];
    let notApplicable: PolicyNotApplicable[] = [];
    let pack: { name: string; version: string; config: string } | undefined;
    if (analysis && policyConfig) {
        const [info, found] = await analysis;
        ({ violations, notApplicable } = found);
        pack = { name: info.name, version: info.version, config: displayPath(policyConfig) };
    }
    phases.end("analysis");

    const planJson = {
        project: project.name,
        stack: options.stack,
        offline: true,
        standIns: STAND_INS,
        transform: options.transform ? displayPath(options.transform) : null,
        secretPlaceholders: stackConfig.placeholders,
        resources: run.resources.map((r) => ({
            urn: r.urn,
            type: r.type,
            name: r.name,
            parent: r.parent ?? null,
            dependencies: r.dependencies,
            provider: providerUrn(r) ?? null,
            protect: r.protect,
            ignoreChanges: r.ignoreChanges,
            inputs: r.inputs,
            ...(r.secretDigests && Object.keys(r.secretDigests).length > 0 ? { secretDigests: r.secretDigests } : {}),
        })),
        outputs: run.outputs,
        invokes: run.invokes,
        policy: pack ? { pack: pack.name, version: pack.version, config: pack.config, violations, exemptions: notApplicable } : null,
    };
    fs.writeFileSync(path.join(options.out, "plan.json"), JSON.stringify(planJson, null, 2) + "\n");
    phases.end("plan-json");
    if (options.timings) {
        console.error(phases.line());
    }

    const mandatory = violations.filter((v) => v.level === "mandatory");
    const advisory = violations.filter((v) => v.level !== "mandatory");
    const out: string[] = [];
    out.push(`Offline plan of ${project.name}/${options.stack}. Nothing was deployed or sent to Azure or a Pulumi backend.`);
    out.push("The program ran in-process under Pulumi's mock runtime. Stood in for:");
    if (options.transform) {
        out.push(`  - the program's own resources, changed by the transform in ${displayPath(options.transform)} (a test fixture)`);
    }
    out.push(...STAND_INS.map((s) => `  - ${s}`));
    if (stackConfig.placeholders.length > 0) {
        out.push(`  - encrypted config values (placeholders): ${stackConfig.placeholders.join(", ")}`);
    }
    if (!options.quiet) {
        out.push("", render.renderTree(run.resources, violations));
        out.push("", "Resources by type:", ...render.countByType(run.resources).map(([t, n]) => `  ${String(n).padStart(4)}  ${t}`));
    }
    out.push("", `Resources: ${run.resources.length} to create (offline; a real preview diffs against the stack's state).`);
    if (pack) {
        out.push(`Policy pack ${pack.name}@${pack.version} with ${pack.config}: ${mandatory.length} mandatory, ${advisory.length} advisory violation(s).`);
        for (const v of [...mandatory, ...advisory]) {
            out.push(`  [${v.level}] ${v.policy} (${v.severity}): ${v.message.replace(/\n/g, "\n      ")}`, `      at ${v.urn || "(stack)"}`);
        }
        if (notApplicable.length > 0) {
            out.push(`Exemptions and skipped checks (${notApplicable.length}), from the pack's not-applicable reports:`);
            for (const n of notApplicable) {
                out.push(`  [${n.policy}] ${n.reason}`, `      at ${n.urn || "(stack)"}`);
            }
        }
    } else {
        out.push(`Policy analysis skipped (${options.noPolicy ? "--no-policy" : `no policy pack in ${displayPath(options.projectDir)}; name one with --policy-pack`}).`);
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    out.push(
        "",
        `Wrote ${displayPath(options.out)}/plan.json, graph.mmd and manifests/ (${manifests.size} Kubernetes objects) in ${seconds.toFixed(1)} s.`,
        realPreview(options),
    );
    console.log(out.join("\n"));
    return mandatory.length > 0 ? EXIT.mandatoryViolations : EXIT.clean;
}

/** The plan's phases, each timed from the end of the one before (`--timings`). */
class Phases {
    private readonly ends: [string, bigint][] = [];

    constructor(private readonly started: bigint) {}

    end(phase: string): void {
        this.ends.push([phase, process.hrtime.bigint()]);
    }

    /** `timings: load=1.21 program=3.40 manifests=0.15 analysis=0.31 plan-json=0.05` (seconds). */
    line(): string {
        let from = this.started;
        const parts = this.ends.map(([phase, at]) => {
            const seconds = Number(at - from) / 1e9;
            from = at;
            return `${phase}=${seconds.toFixed(2)}`;
        });
        return `timings: ${parts.join(" ")}`;
    }
}

/** The command that previews this stack for real (with its policy pack, from the project directory). */
function realPreview(options: Options): string {
    const cwd = path.relative(INVOCATION_DIR, options.projectDir);
    const inDir = cwd === "" ? "" : ` --cwd ${cwd}`;
    const policy =
        options.policyPack && options.policyConfig
            ? ` --policy-pack ${displayPath(options.policyPack)} --policy-pack-config ${displayPath(options.policyConfig)}`
            : "";
    return `For real: pulumi preview${inDir} --stack ${options.stack}${policy}`;
}

/** Where the plan was started (the program later runs in its project directory). */
const INVOCATION_DIR = process.cwd();

/** A path relative to the working directory when it lies inside it, else absolute. */
function displayPath(file: string): string {
    const relative = path.relative(INVOCATION_DIR, file);
    return relative === "" ? "." : relative.startsWith("..") ? file : relative;
}

main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        const known = ["UsageError", "ConfigError", "StackFileError", "PolicyConfigError", "RunError"];
        const name = error instanceof Error ? error.constructor.name : "";
        console.error(`Offline plan failed: nothing was deployed.\n${known.includes(name) || error instanceof UsageError ? message : (error as Error)?.stack ?? message}`);
        process.exit(EXIT.invalid);
    },
);
