/**
 * The layering of ARCHITECTURE.md, checked on the sources: imports go one way (tools -> infra ->
 * stacks, components), components never import infra/ or stacks/ (they get everything as
 * arguments), the pack imports nothing from the program, and no module imports itself back.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "./support/harness";

const PROGRAM = ["infra", "components", "stacks", "tools", "policy"];

/** Every .ts source under the program's folders (no tests, no dependencies, no build output). */
function sources(): string[] {
    const found: string[] = [];
    const walk = (dir: string) => {
        for (const entry of fs.readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true })) {
            const relative = path.join(dir, entry.name);
            if (entry.isDirectory() && !["node_modules", "dist"].includes(entry.name)) walk(relative);
            else if (entry.isFile() && entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) found.push(relative);
        }
    };
    PROGRAM.forEach(walk);
    return found.sort();
}

/** The repository-relative modules a source imports (relative imports only), without extension. */
function importsOf(file: string): string[] {
    const text = fs.readFileSync(path.join(REPO_ROOT, file), "utf8");
    const specifiers = [...text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+"(\.[^"]+)"/gm), ...text.matchAll(/require\("(\.[^"]+)"\)/g)].map((m) => m[1]);
    return specifiers.map((s) => path.normalize(path.join(path.dirname(file), s)).replace(/\.(js|ts)$/, ""));
}

const GRAPH = new Map(sources().map((file) => [file.replace(/\.ts$/, ""), importsOf(file)]));
const top = (module: string) => module.split(path.sep)[0];

describe("layout (imports, as ARCHITECTURE.md draws them)", () => {
    it("stacks/ and components/ import nothing from infra/ or tools/; components/ nothing from stacks/", () => {
        const wrong = [...GRAPH].flatMap(([module, imports]) =>
            imports
                .filter((target) => (["stacks", "components"].includes(top(module)) && ["infra", "tools"].includes(top(target))) || (top(module) === "components" && top(target) === "stacks"))
                .map((target) => `${module} -> ${target}`),
        );
        assert.deepEqual(wrong, []);
    });

    it("the policy pack imports nothing from the program, and the program nothing from tools/ or test/", () => {
        const wrong = [...GRAPH].flatMap(([module, imports]) =>
            imports
                .filter((target) => (top(module) === "policy" ? top(target) !== "policy" : top(module) !== "tools" && ["tools", "test"].includes(top(target))))
                .map((target) => `${module} -> ${target}`),
        );
        assert.deepEqual(wrong, []);
    });

    it("no import cycle among the program's modules", () => {
        const cycles: string[] = [];
        const state = new Map<string, "open" | "done">();
        const visit = (module: string, trail: string[]) => {
            if (state.get(module) === "done") return;
            if (state.get(module) === "open") {
                cycles.push([...trail.slice(trail.indexOf(module)), module].join(" -> "));
                return;
            }
            state.set(module, "open");
            for (const target of GRAPH.get(module) ?? []) if (GRAPH.has(target)) visit(target, [...trail, module]);
            state.set(module, "done");
        };
        [...GRAPH.keys()].forEach((module) => visit(module, []));
        assert.deepEqual(cycles, []);
    });

    it("the checks above see the imports: infra/index.ts imports infra/config and stacks/stack-config", () => {
        assert.ok(GRAPH.get(path.join("infra", "index"))?.includes(path.join("infra", "config")));
        assert.ok(GRAPH.get(path.join("infra", "index"))?.includes(path.join("stacks", "stack-config")));
    });
});
