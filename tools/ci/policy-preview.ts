/**
 * `npm run preview -- --stack <dev|prod> [pulumi preview flags]`: the policy-checked preview any CI
 * (or a person) runs, the same check Pulumi Deployments' policy groups apply:
 * `pulumi preview --stack <s> --policy-pack policy --policy-pack-config policy/config.<s>.json`.
 * Needs the Pulumi CLI and Azure credentials; offline, `npm run plan -- --stack <s>` runs the same pack.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../repo-root";

/** The arguments of the policy-checked preview of a stack, or the reason there is none. */
export function policyPreviewArgs(argv: readonly string[], root = REPO_ROOT): { args: string[] } | { error: string } {
    const at = argv.indexOf("--stack");
    const stack = at >= 0 ? argv[at + 1] : undefined;
    if (!stack || stack.startsWith("-")) {
        return { error: "usage: npm run preview -- --stack <stack> [more pulumi preview flags]" };
    }
    const config = path.join("policy", `config.${stack.split("/").pop()}.json`);
    if (!fs.existsSync(path.join(root, config))) {
        const existing = fs.readdirSync(path.join(root, "policy")).filter((f) => /^config\..+\.json$/.test(f));
        return { error: `no policy config for stack "${stack}": expected ${config} (${existing.map((f) => `policy/${f}`).join(", ") || "none exists"})` };
    }
    const rest = argv.filter((_, i) => i !== at && i !== at + 1);
    return { args: ["preview", "--stack", stack, "--policy-pack", "policy", "--policy-pack-config", config, ...rest] };
}

function main(argv: string[]): number {
    const planned = policyPreviewArgs(argv);
    if ("error" in planned) {
        console.error(planned.error);
        return 2;
    }
    if (!fs.existsSync(path.join(REPO_ROOT, "policy", "dist", "index.js"))) {
        console.error("the policy pack is not built: run `npm ci` (or `npm run build`) first");
        return 2;
    }
    console.log(`pulumi ${planned.args.join(" ")}`);
    const result = spawnSync("pulumi", planned.args, { cwd: REPO_ROOT, stdio: "inherit" });
    if (result.error && (result.error as NodeJS.ErrnoException).code === "ENOENT") {
        console.error("the Pulumi CLI is not on PATH (https://www.pulumi.com/docs/install/); offline, run `npm run plan -- --stack <stack>` for the same policy check");
        return 2;
    }
    return result.status ?? 1;
}

if (require.main === module) {
    process.exit(main(process.argv.slice(2)));
}
