/**
 * The content address of an image build: a hash of exactly what the build sees (the files of the
 * context that `.dockerignore` lets through, by relative path and content) and of the recipe that
 * turns them into an image (Dockerfile, target, platform, build args). File modes, timestamps, the
 * order the file system lists entries in and where the checkout lives do not enter it, so the same
 * sources give the same tag on every machine, and a change anywhere else gives a new one.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import ignore from "@balena/dockerignore";

/** Hex characters of the hash used in tags: 80 bits, far beyond any collision risk for one repository. */
export const CONTENT_TAG_LENGTH = 20;
/** Prefix of content-hash tags, so they are told apart from release tags at a glance. */
export const CONTENT_TAG_PREFIX = "c-";

/** What a build is made of, besides the context's files. */
export interface BuildRecipe {
    /** The context directory. */
    readonly context: string;
    /** The Dockerfile (inside or outside the context). */
    readonly dockerfile: string;
    /** The target stage; undefined: the last stage. */
    readonly target?: string;
    /** The platform, e.g. linux/amd64. */
    readonly platform: string;
    /** Build arguments (never secrets: those go through BuildKit secrets and are not hashed). */
    readonly buildArgs?: Readonly<Record<string, string>>;
}

export interface ContextHash {
    /** sha256 over the recipe and every included file, hex. */
    readonly hash: string;
    /** The tag derived from it: `c-<first 20 hex>`. */
    readonly tag: string;
    /** How many files the build sees. */
    readonly fileCount: number;
}

/**
 * The `.dockerignore` rules BuildKit applies: `<Dockerfile>.dockerignore` next to the Dockerfile
 * if there is one, else `.dockerignore` at the context root.
 */
export function dockerignoreRules(recipe: Pick<BuildRecipe, "context" | "dockerfile">): string[] {
    const candidates = [`${recipe.dockerfile}.dockerignore`, path.join(recipe.context, ".dockerignore")];
    const file = candidates.find((candidate) => fs.existsSync(candidate));
    if (!file) {
        return [];
    }
    return fs
        .readFileSync(file, "utf8")
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== "" && !line.startsWith("#"));
}

/**
 * The files (and symlinks) of `context` the build sees, as sorted relative POSIX paths. An ignored
 * directory is not entered unless an exception rule (`!pattern`) could let something in it back.
 */
export function contextFiles(context: string, rules: readonly string[]): string[] {
    const matcher = ignore().add([...rules]);
    // The literal start of each exception (up to its first wildcard): only directories on that path
    // can hold something it lets back in.
    const exceptionPrefixes = rules
        .filter((rule) => rule.startsWith("!"))
        .map((rule) => rule.slice(1).replace(/^\/+/, "").split(/[*?[\\]/)[0]);
    const mayHoldException = (dir: string) =>
        exceptionPrefixes.some((prefix) => prefix.startsWith(`${dir}/`) || `${dir}/`.startsWith(prefix) || prefix === dir);
    const files: string[] = [];
    const walk = (relativeDir: string) => {
        const entries = fs.readdirSync(path.join(context, relativeDir), { withFileTypes: true });
        for (const entry of entries) {
            const relative = relativeDir === "" ? entry.name : `${relativeDir}/${entry.name}`;
            if (entry.isDirectory()) {
                if (!matcher.ignores(relative) || mayHoldException(relative)) {
                    walk(relative);
                }
            } else if ((entry.isFile() || entry.isSymbolicLink()) && !matcher.ignores(relative)) {
                files.push(relative);
            }
        }
    };
    walk("");
    return files.sort();
}

/** Hashes the recipe and the context's included files. */
export function contextHash(recipe: BuildRecipe): ContextHash {
    const files = contextFiles(recipe.context, dockerignoreRules(recipe));
    const hash = createHash("sha256");
    const sortedArgs = Object.entries(recipe.buildArgs ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    hash.update(
        JSON.stringify({
            dockerfile: digest(fs.readFileSync(recipe.dockerfile)),
            target: recipe.target ?? null,
            platform: recipe.platform,
            buildArgs: sortedArgs,
        }),
    );
    for (const file of files) {
        const absolute = path.join(recipe.context, file);
        const stat = fs.lstatSync(absolute);
        const content = stat.isSymbolicLink() ? `link:${fs.readlinkSync(absolute)}` : digest(fs.readFileSync(absolute));
        // JSON keeps the record unambiguous even for names holding newlines or NULs.
        hash.update(`${JSON.stringify([file, content])}\n`);
    }
    const hex = hash.digest("hex");
    return { hash: hex, tag: `${CONTENT_TAG_PREFIX}${hex.slice(0, CONTENT_TAG_LENGTH)}`, fileCount: files.length };
}

function digest(content: Buffer | string): string {
    return createHash("sha256").update(content).digest("hex");
}
