import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { readProjectFile, readStackConfig, secretPlaceholder, StackFileError } from "../../../tools/plan/stack-files";

function project(files: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "proj-"));
    for (const [name, text] of Object.entries(files)) {
        fs.writeFileSync(path.join(dir, name), text);
    }
    return dir;
}

const PULUMI_YAML = `name: demo
runtime: nodejs
config:
  size: { type: string, default: small }
  zones: { type: array, items: { type: string }, default: [] }
  nodefault: { type: string }
`;

describe("tools/plan stack-files", () => {
    it("applies Pulumi.yaml defaults, then stack values; structures become JSON text", () => {
        const dir = project({ "Pulumi.yaml": PULUMI_YAML, "Pulumi.dev.yaml": "config:\n  demo:zones: [a, b]\n  azure-native:location: westeurope\n" });
        const stack = readStackConfig(dir, readProjectFile(dir), "dev");
        assert.deepEqual(stack.config, { "demo:size": "small", "demo:zones": '["a","b"]', "azure-native:location": "westeurope" });
        assert.deepEqual(stack.secretKeys, []);
    });

    it("turns encrypted values into marked placeholders and lists their keys as secret", () => {
        const dir = project({ "Pulumi.yaml": PULUMI_YAML, "Pulumi.prod.yaml": "config:\n  demo:password:\n    secure: v1:abc==\n" });
        const stack = readStackConfig(dir, readProjectFile(dir), "prod");
        assert.equal(stack.config["demo:password"], secretPlaceholder("demo:password"));
        assert.deepEqual(stack.secretKeys, ["demo:password"]);
        assert.deepEqual(stack.placeholders, ["demo:password"]);
    });

    it("rejects a key without namespace, naming the file and the fix", () => {
        const dir = project({ "Pulumi.yaml": PULUMI_YAML, "Pulumi.dev.yaml": "config:\n  size: big\n" });
        assert.throws(() => readStackConfig(dir, readProjectFile(dir), "dev"), (e: unknown) => e instanceof StackFileError && /config key "size" has no namespace; write it as demo:size/.test(e.message));
    });
});
