/**
 * `npm run compose`: writes compose.yaml and its Prometheus/Grafana files from the local stack's
 * declarations (Pulumi.yaml + Pulumi.local.yaml, validated like `pulumi up` would). `--check`
 * writes nothing and exits 1 when a file differs from what would be written.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { loadConfig } from "../../infra/config";
import { readFlinkBuild } from "../../infra/flink-build";
import { rawConfigFrom } from "../../stacks/stack-config";
import { readProjectFile, readStackConfig } from "../plan/stack-files";
import { REPO_ROOT } from "../repo-root";
import { COMPOSE_FILE, planCompose, renderCompose } from "./plan";

/** Every generated file, path (relative to the repository root) -> text. */
export function composeFiles(root: string, stack = "local"): Record<string, string> {
    const project = readProjectFile(root);
    const stackConfig = readStackConfig(root, project, stack);
    const config = loadConfig(rawConfigFrom({ project: project.name, stack, all: stackConfig.config, isSecret: (key) => stackConfig.secretKeys.includes(key) }));
    const plan = planCompose(config, readFlinkBuild(root));
    return { [COMPOSE_FILE]: renderCompose(plan), ...plan.files };
}

function main(): void {
    const root = REPO_ROOT;
    const check = process.argv.includes("--check");
    const stale: string[] = [];
    for (const [file, text] of Object.entries(composeFiles(root))) {
        const target = path.join(root, file);
        const current = fs.existsSync(target) ? fs.readFileSync(target, "utf8") : undefined;
        if (current === text) continue;
        if (check) {
            stale.push(file);
        } else {
            fs.mkdirSync(path.dirname(target), { recursive: true });
            fs.writeFileSync(target, text);
            console.log(`wrote ${file}`);
        }
    }
    if (check && stale.length > 0) {
        console.error(`out of date (run npm run compose): ${stale.join(", ")}`);
        process.exit(1);
    }
}

if (require.main === module) {
    main();
}
