import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { mirrorCommand, MirroredImage } from "../../../components/build/mirrored-image";
import { THIRD_PARTY_IMAGES } from "../../../components/build/third-party-images";
import { capture, valueOf } from "../../support/harness";

/**
 * Runs a mirror command with `az` answering as the registry would: every call is logged, the import
 * succeeds, and the manifest shows `digest`. (No registry runs here; this checks the command's own
 * shell: quoting, the pinned-digest check, what it prints.)
 */
function runWithRegistry(command: string, digest: string): { code: number | null; stdout: string; stderr: string; calls: string[] } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "az-"));
    const log = path.join(dir, "calls");
    fs.writeFileSync(path.join(dir, "az"), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\ncase "$3" in show-metadata) echo '${digest}';; esac\n`, { mode: 0o755 });
    const run = spawnSync("sh", ["-c", command], { encoding: "utf8", env: { ...process.env, PATH: `${dir}:${process.env.PATH}` } });
    return { code: run.status, stdout: run.stdout, stderr: run.stderr, calls: fs.readFileSync(log, "utf8").trim().split("\n") };
}

describe("components/build/MirroredImage", () => {
    const pinned = THIRD_PARTY_IMAGES.redis;
    const other = `sha256:${"0".repeat(64)}`;

    it("imports a pinned image by its digest under mirror/<path>:<tag> and prints the digest the registry holds", () => {
        const run = runWithRegistry(mirrorCommand(pinned, "prodacr"), pinned.digest);
        assert.equal(run.code, 0, run.stderr);
        assert.equal(run.stdout.trim(), pinned.digest);
        assert.deepEqual(run.calls, [
            `acr import --name prodacr --source docker.io/library/redis:7.4.2-alpine@${pinned.digest} --image mirror/library/redis:7.4.2-alpine --force --only-show-errors`,
            "acr manifest show-metadata --registry prodacr --name mirror/library/redis:7.4.2-alpine --query digest --output tsv --only-show-errors",
        ]);
    });

    it("fails when the registry ends up with another digest than the pinned one, naming both", () => {
        const run = runWithRegistry(mirrorCommand(pinned, "prodacr"), other);
        assert.equal(run.code, 1);
        assert.equal(run.stdout, "");
        assert.equal(run.stderr.trim(), `docker.io/library/redis:7.4.2-alpine@${pinned.digest}: the registry holds ${other}, not the pinned ${pinned.digest}`);
    });

    it("imports an unpinned image by its tag and prints whatever digest it got", () => {
        const run = runWithRegistry(mirrorCommand(THIRD_PARTY_IMAGES.flinkOperator, "devacr"), other);
        assert.equal(run.code, 0, run.stderr);
        assert.equal(run.stdout.trim(), other);
        assert.match(run.calls[0], / --source docker.io\/apache\/flink-kubernetes-operator:1.11.0 --image mirror\/apache\/flink-kubernetes-operator:1.11.0 /);
    });

    it("a pinned image's ref is known before the import runs, in the stack's registry, by digest", async () => {
        const captured = await capture(() => new MirroredImage("mirror-redis", { image: pinned, registry: { name: "prodacr", loginServer: "prodacr.azurecr.io" } }));
        assert.equal(await valueOf(captured.value.ref), `prodacr.azurecr.io/mirror/library/redis:7.4.2-alpine@${pinned.digest}`);
        const command = captured.one("command:local:Command");
        assert.deepEqual(command.inputs.triggers, [`docker.io/library/redis:7.4.2-alpine@${pinned.digest}`]);
    });
});
