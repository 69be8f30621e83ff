import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import { runs } from "../../support/fast-check";
import { contextFiles, contextHash, CONTENT_TAG_PREFIX, type BuildRecipe } from "../../../components/build/context-hash";
import { planImages } from "../../../components/build/service-image";

/** Rules of the generated contexts: a directory and a file pattern are ignored, one file let back in. */
const DOCKERIGNORE = ["ignored", "*.log", "!keep.log"].join("\n");

interface TreeFile {
    readonly path: string;
    readonly content: Uint8Array;
    readonly mode: number;
    readonly mtime: number;
}

/** Included files: `d<i>/…/f<j>.txt` (directories and files can never share a name). */
const includedPath = fc
    .tuple(fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }), fc.integer({ min: 0, max: 20 }))
    .map(([dirs, file]) => [...dirs.map((d) => `d${d}`), `f${file}.txt`].join("/"));
const file = (pathArb: fc.Arbitrary<string>) =>
    fc.record({
        path: pathArb,
        content: fc.uint8Array({ maxLength: 64 }),
        mode: fc.constantFrom(0o644, 0o755, 0o600, 0o444),
        mtime: fc.integer({ min: 0, max: 2_000_000_000 }),
    });
const tree = fc.uniqueArray(file(includedPath), { minLength: 1, maxLength: 12, selector: (f) => f.path });
const ignoredFile = file(fc.oneof(fc.integer({ min: 0, max: 5 }).map((i) => `ignored/x${i}.txt`), fc.integer({ min: 0, max: 5 }).map((i) => `trace${i}.log`)));

const temporaryDirs: string[] = [];
function writeContext(files: readonly TreeFile[], order: readonly number[] = files.map((_, i) => i)): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ctx-"));
    temporaryDirs.push(dir);
    fs.writeFileSync(path.join(dir, "Dockerfile"), "FROM busybox:1.37.0 AS runtime\n");
    fs.writeFileSync(path.join(dir, ".dockerignore"), DOCKERIGNORE);
    for (const index of order) {
        const f = files[index];
        const target = path.join(dir, f.path);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, f.content);
        fs.chmodSync(target, f.mode);
        fs.utimesSync(target, f.mtime, f.mtime);
    }
    return dir;
}
const recipe = (dir: string): BuildRecipe => ({ context: dir, dockerfile: path.join(dir, "Dockerfile"), target: "runtime", platform: "linux/amd64" });
const hashOf = (dir: string) => contextHash(recipe(dir)).hash;

describe("components/build/context-hash", () => {
    after(() => temporaryDirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

    it("lists what .dockerignore lets through, sorted, with exceptions honoured", () => {
        const dir = writeContext([
            { path: "src/a.txt", content: new Uint8Array([1]), mode: 0o644, mtime: 0 },
            { path: "ignored/deep/x.txt", content: new Uint8Array([2]), mode: 0o644, mtime: 0 },
            { path: "trace.log", content: new Uint8Array([3]), mode: 0o644, mtime: 0 },
            { path: "keep.log", content: new Uint8Array([4]), mode: 0o644, mtime: 0 },
        ]);
        assert.deepEqual(contextFiles(dir, DOCKERIGNORE.split("\n")), [".dockerignore", "Dockerfile", "keep.log", "src/a.txt"]);
        assert.match(contextHash(recipe(dir)).tag, new RegExp(`^${CONTENT_TAG_PREFIX}[0-9a-f]{20}$`));
    });

    it("property: the same content gives the same hash whatever the write order, modes, timestamps and location", () => {
        fc.assert(
            fc.property(
                tree.chain((files) => fc.tuple(fc.constant(files), fc.shuffledSubarray(files.map((_, i) => i), { minLength: files.length, maxLength: files.length }))),
                fc.array(fc.constantFrom(0o644, 0o755, 0o600), { minLength: 12, maxLength: 12 }),
                fc.integer({ min: 0, max: 2_000_000_000 }),
                ([files, order], modes, mtime) => {
                    const first = writeContext(files);
                    const second = writeContext(files.map((f, i) => ({ ...f, mode: modes[i], mtime })), order);
                    assert.notEqual(first, second);
                    assert.equal(hashOf(first), hashOf(second));
                },
            ),
            runs(60),
        );
    });

    it("property: any change to an included file changes the hash", () => {
        fc.assert(
            fc.property(tree, fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 64 }), (files, pick, bytes) => {
                const index = pick % files.length;
                const changed = files.map((f, i) => (i === index ? { ...f, content: Buffer.concat([Buffer.from(f.content), Buffer.from(bytes)]) } : f));
                assert.notEqual(hashOf(writeContext(files)), hashOf(writeContext(changed)));
            }),
            runs(60),
        );
    });

    it("property: adding, removing or renaming an included file changes the hash", () => {
        fc.assert(
            fc.property(tree, fc.nat(), (files, pick) => {
                const index = pick % files.length;
                const without = files.filter((_, i) => i !== index);
                const renamed = files.map((f, i) => (i === index ? { ...f, path: `moved/${f.path}` } : f));
                const base = hashOf(writeContext(files));
                assert.notEqual(base, hashOf(writeContext(without)));
                assert.notEqual(base, hashOf(writeContext(renamed)));
            }),
            runs(40),
        );
    });

    it("property: changes to ignored files do not change the hash", () => {
        fc.assert(
            fc.property(tree, fc.uniqueArray(ignoredFile, { minLength: 1, maxLength: 5, selector: (f) => f.path }), (files, ignored) => {
                assert.equal(hashOf(writeContext(files)), hashOf(writeContext([...files, ...ignored])));
            }),
            runs(60),
        );
    });

    it("property: changing one service never changes another service's tag", () => {
        fc.assert(
            fc.property(tree, tree, fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 16 }), (api, worker, pick, bytes) => {
                const root = fs.mkdtempSync(path.join(os.tmpdir(), "services-"));
                temporaryDirs.push(root);
                const place = (name: string, files: readonly TreeFile[]) => fs.renameSync(writeContext(files), path.join(root, name));
                place("api", api);
                place("worker", worker);
                const specs = { api: { context: "api", target: "runtime" }, worker: { context: "worker", target: "runtime" } };
                const before = planImages(specs, root, "linux/amd64");
                const index = pick % api.length;
                const edited = path.join(root, "api", api[index].path);
                fs.chmodSync(edited, 0o644);
                fs.appendFileSync(edited, Buffer.from(bytes));
                const after = planImages(specs, root, "linux/amd64");
                assert.notEqual(after[0].contentTag, before[0].contentTag, "the edited service gets a new tag");
                assert.deepEqual(after[1], before[1], "the other service's plan is identical");
            }),
            runs(40),
        );
    });

    it("changes the hash with the recipe: target, platform, build args, Dockerfile", () => {
        const dir = writeContext([{ path: "src/a.txt", content: new Uint8Array([1]), mode: 0o644, mtime: 0 }]);
        const base = contextHash(recipe(dir)).hash;
        assert.notEqual(contextHash({ ...recipe(dir), target: "development" }).hash, base);
        assert.notEqual(contextHash({ ...recipe(dir), platform: "linux/arm64" }).hash, base);
        assert.notEqual(contextHash({ ...recipe(dir), buildArgs: { LOG_LEVEL: "debug" } }).hash, base);
        fs.appendFileSync(path.join(dir, "Dockerfile"), "USER 1000\n");
        assert.notEqual(contextHash(recipe(dir)).hash, base);
    });
});
