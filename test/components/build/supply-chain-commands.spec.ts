import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ImageSignature, signCommand } from "../../../components/build/image-signature";
import { scanCommand, ScanGate } from "../../../components/build/scan-gate";
import { capture, valueOf } from "../../support/harness";

const DIGEST = `sha256:${"cd".repeat(32)}`;
const REF = `prodacr.azurecr.io/mirror/library/redis:7.4.2-alpine@${DIGEST}`;
const KEY = "https://prodkv.vault.azure.net/keys/image-signing-1/0123456789abcdef0123456789abcdef";

/** Runs `command` with stand-ins for the CLIs it calls (az prints a token; the others log their arguments and exit with `exits[tool]`). */
function runWithTools(command: string, exits: Record<string, number> = {}): { code: number | null; calls: string[]; stdin: string } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tools-"));
    const log = path.join(dir, "calls");
    const stdin = path.join(dir, "stdin");
    for (const tool of ["az", "notation", "trivy"]) {
        const body = tool === "az" ? "echo registry-token" : `cat > /dev/null 2>&1 < /dev/stdin; exit ${exits[tool] ?? 0}`;
        fs.writeFileSync(path.join(dir, tool), `#!/bin/sh\nprintf '%s %s [TRIVY_USERNAME=%s TRIVY_PASSWORD=%s]\\n' '${tool}' "$*" "$TRIVY_USERNAME" "$TRIVY_PASSWORD" >> '${log}'\n${tool === "notation" ? `[ "$1" = login ] && cat > '${stdin}'\n` : ""}${body}\n`, { mode: 0o755 });
    }
    const run = spawnSync("sh", ["-c", command], { encoding: "utf8", env: { PATH: `${dir}:/usr/bin:/bin` } });
    return { code: run.status, calls: fs.readFileSync(log, "utf8").trim().split("\n"), stdin: fs.existsSync(stdin) ? fs.readFileSync(stdin, "utf8") : "" };
}

describe("components/build supply-chain commands (ImageSignature, ScanGate)", () => {
    it("signs the digest (never the tag) with the Key Vault key, after logging Notation in with the deployer's registry token on stdin", () => {
        const run = runWithTools(signCommand(REF, KEY, "prodacr"));
        assert.equal(run.code, 0);
        assert.equal(run.stdin.trim(), "registry-token", "the token goes through stdin, never the command line");
        assert.deepEqual(run.calls.map((c) => c.replace(/ \[TRIVY.*$/, "")), [
            "az acr login --name prodacr --expose-token --output tsv --query accessToken --only-show-errors",
            "notation login --username 00000000-0000-0000-0000-000000000000 --password-stdin prodacr.azurecr.io",
            `notation sign --signature-format cose --plugin azure-kv --id ${KEY} --plugin-config self_signed=true prodacr.azurecr.io/mirror/library/redis@${DIGEST}`,
        ]);
    });

    it("the scan fails the command when Trivy finds a fixable critical vulnerability (its exit code), and passes the registry token to it only", () => {
        const command = scanCommand(REF, "devacr");
        const pass = runWithTools(command);
        assert.equal(pass.code, 0);
        assert.equal(
            pass.calls[1],
            `trivy image --scanners vuln --severity CRITICAL --ignore-unfixed --exit-code 1 --no-progress --format table prodacr.azurecr.io/mirror/library/redis@${DIGEST} [TRIVY_USERNAME=00000000-0000-0000-0000-000000000000 TRIVY_PASSWORD=registry-token]`,
        );
        assert.equal(runWithTools(command, { trivy: 1 }).code, 1);
    });

    it("what takes a signed or scanned image waits for the signature or the scan; both run again only for a new digest or key", async () => {
        const captured = await capture(() => ({
            signed: new ImageSignature("sign-redis", { ref: REF, registryName: "prodacr", keyId: KEY }),
            scanned: new ScanGate("scan-redis", { ref: REF, registryName: "devacr" }),
        }));
        assert.equal(await valueOf(captured.value.signed.ref), REF);
        assert.equal(await valueOf(captured.value.scanned.ref), REF);
        const [sign, scan] = captured.ofType("command:local:Command");
        assert.deepEqual(sign.inputs.triggers, [REF, KEY]);
        assert.deepEqual(scan.inputs.triggers, [REF]);
    });
});
