/**
 * Checks a Dockerfile by parsing it (dockerfile-ast): the rules every service image follows. Each
 * problem names the stage and instruction line, so a failing test says what to change.
 */
import { DockerfileParser, ModifiableInstruction, type Instruction } from "dockerfile-ast";
import { SECRET_LOOKING_ARG } from "../../components/build/service-image";

/** Files that declare dependencies: copied (alone) before the install step. */
const MANIFEST = /(^|\/)(package(-lock)?\.json|pom\.xml|requirements\.txt|go\.(mod|sum))$|(^|\/)\.mvn\/?$/;
/** The steps that install dependencies. */
const INSTALL = /\b(npm ci|npm install|mvn\b.*dependency:go-offline|pip install|go mod download)\b/;

interface Stage {
    readonly name: string;
    /** The stage it builds on, if it builds on a stage of this file. */
    readonly parent: string | undefined;
    readonly from: { image: string; tag: string | null; digest: string | null; line: number };
    readonly instructions: Instruction[];
}

function stagesOf(text: string): Stage[] {
    const dockerfile = DockerfileParser.parse(text);
    const stages: Stage[] = [];
    for (const instruction of dockerfile.getInstructions()) {
        if (instruction.getKeyword() === "FROM") {
            const from = dockerfile.getFROMs().find((f) => f.getRange()?.start.line === instruction.getRange().start.line)!;
            const image = from.getImageName() ?? "";
            stages.push({
                name: from.getBuildStage() ?? `#${stages.length}`,
                parent: stages.some((s) => s.name === image) ? image : undefined,
                from: { image, tag: from.getImageTag(), digest: from.getImageDigest(), line: instruction.getRange().start.line + 1 },
                instructions: [],
            });
        } else if (stages.length > 0) {
            stages[stages.length - 1].instructions.push(instruction);
        }
    }
    return stages;
}

/** The instructions a stage runs, its ancestors' first. */
function chain(stages: Stage[], name: string): Instruction[] {
    const stage = stages.find((s) => s.name === name);
    if (!stage) {
        return [];
    }
    return [...(stage.parent ? chain(stages, stage.parent) : []), ...stage.instructions];
}

const sources = (copy: Instruction) => {
    const args = copy.getArguments().map((a) => a.getValue());
    return args.slice(0, -1);
};
/** COPY --from=<stage>: artefacts of another stage, not sources. */
const isFromStage = (copy: Instruction) => copy instanceof ModifiableInstruction && copy.getFlags().some((flag) => flag.getName() === "from");

/** Every rule the Dockerfile of a service breaks, for the stage `target` that is deployed. */
export function dockerfileProblems(text: string, target: string): string[] {
    const problems: string[] = [];
    const stages = stagesOf(text);
    const at = (instruction: Instruction) => `line ${instruction.getRange().start.line + 1}`;
    if (stages.length < 3) {
        problems.push(`multi-stage: expected dependencies, build and runtime stages, found ${stages.length} stage(s)`);
    }
    for (const stage of stages.filter((s) => !s.parent)) {
        const { image, tag, digest, line } = stage.from;
        if (!digest && (!tag || tag === "latest")) {
            problems.push(`stage ${stage.name} (line ${line}): base image ${image}${tag ? `:${tag}` : ""} is not pinned; name a version tag (never latest) or a digest`);
        }
    }
    const runtime = stages.find((s) => s.name === target);
    if (!runtime) {
        problems.push(`target stage "${target}" does not exist (stages: ${stages.map((s) => s.name).join(", ")})`);
    } else {
        const effective = chain(stages, target);
        const users = effective.filter((i) => i.getKeyword() === "USER");
        const user = users.at(-1)?.getArgumentsContent()?.trim() ?? "";
        const uid = user.split(":")[0];
        if (!/^\d+$/.test(uid) || uid === "0") {
            problems.push(`stage ${target}: the final USER is ${JSON.stringify(user) || "unset (root)"}; expected a numeric non-root uid such as 1000:1000`);
        }
        if (!effective.some((i) => i.getKeyword() === "HEALTHCHECK" && !/^NONE$/i.test(i.getArgumentsContent()?.trim() ?? ""))) {
            problems.push(`stage ${target}: no HEALTHCHECK`);
        }
    }
    for (const stage of stages) {
        const effective = chain(stages, stage.name);
        const install = effective.findIndex((i) => i.getKeyword() === "RUN" && INSTALL.test(i.getArgumentsContent() ?? ""));
        const manifest = effective.findIndex((i) => i.getKeyword() === "COPY" && !isFromStage(i) && sources(i).some((s) => MANIFEST.test(s)));
        const code = effective.findIndex((i) => i.getKeyword() === "COPY" && !isFromStage(i) && sources(i).some((s) => !MANIFEST.test(s)));
        if (code >= 0 && install >= 0 && code < install) {
            problems.push(`stage ${stage.name}: code is copied (${at(effective[code])}) before dependencies are installed (${at(effective[install])}); copy the manifests, install, then copy the code`);
        }
        if (install >= 0 && (manifest < 0 || manifest > install)) {
            problems.push(`stage ${stage.name}: dependencies are installed (${at(effective[install])}) without their manifest copied first`);
        }
    }
    for (const stage of stages) {
        for (const instruction of stage.instructions) {
            const keyword = instruction.getKeyword();
            if (keyword === "ARG" || keyword === "ENV") {
                const names = (instruction.getArgumentsContent() ?? "").split(/\s+/).map((part) => part.split("=")[0]);
                for (const name of names.filter((n) => SECRET_LOOKING_ARG.test(n))) {
                    problems.push(`stage ${stage.name} (${at(instruction)}): ${keyword} ${name} looks like a secret; use RUN --mount=type=secret`);
                }
            }
        }
    }
    return problems;
}
