// Builds the static site into dist/: copies src/ and fingerprints app.js and styles.css by content,
// so browsers cache them forever and index.html (never cached) picks up each new build.
// `--serve` also serves dist/ on PORT (default 8080) for local development.
import { createHash } from "node:crypto";
import { createServer } from "node:http";
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { extname, join } from "node:path";

const SRC = "src";
const DIST = "dist";
const FINGERPRINTED = [".js", ".css"];

rmSync(DIST, { recursive: true, force: true });
mkdirSync(DIST, { recursive: true });
const renamed = new Map();
for (const file of readdirSync(SRC)) {
    const ext = extname(file);
    if (FINGERPRINTED.includes(ext)) {
        const hash = createHash("sha256").update(readFileSync(join(SRC, file))).digest("hex").slice(0, 12);
        const name = `${file.slice(0, -ext.length)}.${hash}${ext}`;
        copyFileSync(join(SRC, file), join(DIST, name));
        renamed.set(file, name);
    } else if (file !== "index.html") {
        copyFileSync(join(SRC, file), join(DIST, file));
    }
}
let html = readFileSync(join(SRC, "index.html"), "utf8");
for (const [from, to] of renamed) {
    html = html.replaceAll(`"${from}"`, `"${to}"`);
}
writeFileSync(join(DIST, "index.html"), html);
console.log(`built ${DIST}/: ${readdirSync(DIST).join(", ")}`);

if (process.argv.includes("--serve")) {
    const port = Number(process.env.PORT ?? 8080);
    const types = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css" };
    createServer((req, res) => {
        if (req.url === "/healthz") {
            res.end("ok\n");
            return;
        }
        const file = req.url === "/" ? "index.html" : req.url.slice(1).replace(/\.\./g, "");
        try {
            const body = readFileSync(join(DIST, file));
            res.writeHead(200, { "Content-Type": types[extname(file)] ?? "application/octet-stream" });
            res.end(body);
        } catch {
            res.writeHead(404).end("not found\n");
        }
    }).listen(port, () => console.log(`serving ${DIST}/ on :${port}`));
}
