/**
 * `npm run test:node-versions`: the compiled suite on the Node.js versions users run besides this
 * machine's (which `npm test` covers). Each Node binary comes from the npm registry as the package
 * `node-<platform>-<arch>` (the official build, the same files as nodejs.org ships), installed once
 * into a cache folder; nothing else is downloaded. Exit 1 when the suite fails on any version.
 *
 * Options: --versions 22.23.5,24.22.3 (default: NODE_VERSIONS).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runSuite } from "./mocha";

/**
 * The newest release of each maintained line when last bumped: 22 (maintenance LTS) and 24 (active
 * LTS). Pinned so that CI does not change under a submission; bump them here.
 */
export const NODE_VERSIONS = ["22.23.5", "24.22.3"] as const;

/** Where installed binaries are kept between runs. */
const CACHE = path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "streaming-platform", "node");

/** The npm package that carries the Node binary for this machine. */
export function binaryPackage(platform: string = process.platform, arch: string = process.arch): string {
    return `node-${platform}-${arch}`;
}

/** The path of `version`'s node binary, installing it from the npm registry when absent. */
export function nodeBinary(version: string): string {
    const pkg = binaryPackage();
    const prefix = path.join(CACHE, `${pkg}@${version}`);
    const binary = path.join(prefix, "node_modules", pkg, "bin", "node");
    if (!fs.existsSync(binary)) {
        console.log(`Installing Node.js ${version} (${pkg}@${version} from the npm registry) into ${prefix}`);
        fs.mkdirSync(prefix, { recursive: true });
        const npm = spawnSync("npm", ["install", "--prefix", prefix, "--no-save", "--no-package-lock", "--no-audit", "--no-fund", "--ignore-scripts", `${pkg}@${version}`], {
            stdio: "inherit",
        });
        if (npm.status !== 0 || !fs.existsSync(binary)) {
            throw new Error(`could not install ${pkg}@${version} (npm exited ${npm.status}); check that the npm registry is reachable and serves that version (npm view ${pkg} versions)`);
        }
    }
    const reported = spawnSync(binary, ["--version"], { encoding: "utf8" }).stdout.trim();
    if (reported !== `v${version}`) {
        throw new Error(`${binary} reports ${reported || "nothing"}, expected v${version}: remove ${prefix} and run again`);
    }
    return binary;
}

function parseVersions(argv: readonly string[]): string[] {
    if (argv.length === 0) {
        return [...NODE_VERSIONS];
    }
    if (argv[0] === "--versions" && argv[1] && argv.length === 2 && argv[1].split(",").every((v) => /^\d+\.\d+\.\d+$/.test(v))) {
        return argv[1].split(",");
    }
    console.error(`unknown arguments: ${argv.join(" ")}\nusage: npm run test:node-versions [-- --versions 22.23.5,24.22.3]`);
    process.exit(2);
}

async function main(): Promise<void> {
    const versions = parseVersions(process.argv.slice(2));
    const results: string[] = [];
    let failures = 0;
    for (const version of versions) {
        const node = nodeBinary(version);
        console.log(`\n=== The test suite on Node.js ${version} ===`);
        // The services' integration tests run the services on their image's Node.js whatever runs
        // mocha, so on another mocha Node they would prove nothing new: npm test runs them once.
        const result = await runSuite({ node, inherit: true, mochaArgs: ["--ignore", "dist/test/**/*.integration.spec.js"] });
        results.push(`  Node.js ${version}: ${result.code === 0 ? "passed" : `FAILED (exit ${result.code})`} in ${result.seconds.toFixed(0)} s`);
        failures += result.code === 0 ? 0 : 1;
    }
    console.log(`\nThe suite on other Node.js versions (this machine's ${process.version} is npm test's):\n${results.join("\n")}`);
    process.exit(failures === 0 ? 0 : 1);
}

if (require.main === module) main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
});
