/**
 * The Flink build's versions and names, read from their one home, apps/flink-job/pom.xml: the
 * Flink version (the job's dependencies, the runtime image tag, the FlinkDeployment's
 * flinkVersion), the Java release (the build and runtime images) and the workload-identity token
 * provider class the filesystem plugin contains.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** The Flink Maven project, relative to the repository root (also the job image's build context). */
export const FLINK_PROJECT = "apps/flink-job";

export interface FlinkBuild {
    /** e.g. 1.20.4 */
    readonly flinkVersion: string;
    /** e.g. 17 */
    readonly javaRelease: string;
    /** The token provider class the plugin jar contains (fs.azure.account.oauth.provider.type). */
    readonly tokenProvider: string;
    /** What Flink opens on Java 17 (<flink.jvm.opens>): JVMs that run Flink outside its scripts (the lake's maintenance). */
    readonly jvmOpens: string;
}

/** The pom's <properties>, with ${...} references among them resolved. */
export function pomProperties(pom: string): Record<string, string> {
    const block = /<properties>([\s\S]*?)<\/properties>/.exec(pom.replace(/<!--[\s\S]*?-->/g, ""));
    const raw: Record<string, string> = {};
    for (const match of (block?.[1] ?? "").matchAll(/<([\w.-]+)>([^<]*)<\/\1>/g)) {
        raw[match[1]] = match[2].trim();
    }
    const resolve = (value: string, seen: readonly string[]): string =>
        value.replace(/\$\{([\w.-]+)\}/g, (whole, name: string) => {
            if (seen.includes(name)) throw new Error(`${FLINK_PROJECT}/pom.xml: property ${name} refers to itself (${[...seen, name].join(" -> ")})`);
            return name in raw ? resolve(raw[name], [...seen, name]) : whole;
        });
    return Object.fromEntries(Object.entries(raw).map(([name, value]) => [name, resolve(value, [name])]));
}

/** The build's settings from the pom's text; throws naming each missing or malformed property. */
export function flinkBuildOf(pom: string): FlinkBuild {
    const props = pomProperties(pom);
    const problems: string[] = [];
    const read = (name: string, pattern: RegExp, expected: string) => {
        const value = props[name];
        if (value === undefined || !pattern.test(value)) problems.push(`<${name}> = ${value ?? "(missing)"}: expected ${expected}`);
        return value ?? "";
    };
    const build = {
        flinkVersion: read("flink.version", /^\d+\.\d+\.\d+$/, "a Flink release such as 1.20.4"),
        javaRelease: read("java.release", /^\d+$/, "a Java release such as 17"),
        tokenProvider: read("azurefs.tokenProvider", /^[a-z][\w.]*\.WorkloadIdentityTokenProvider$/, "the class name of hadoop-azure's WorkloadIdentityTokenProvider"),
        jvmOpens: read("flink.jvm.opens", /^(--add-opens=\S+)(\s+--add-opens=\S+)*$/, "--add-opens=... options separated by spaces"),
    };
    if (problems.length > 0) {
        throw new Error(`${FLINK_PROJECT}/pom.xml:\n  - ${problems.join("\n  - ")}`);
    }
    return build;
}

/** The Flink build of the checkout at `projectDir` (where Pulumi.yaml is). */
export function readFlinkBuild(projectDir: string): FlinkBuild {
    const pom = path.join(projectDir, FLINK_PROJECT, "pom.xml");
    return flinkBuildOf(fs.readFileSync(pom, "utf8"));
}
