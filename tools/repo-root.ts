import * as path from "node:path";

/** The repository root, from the compiled location (dist/tools/repo-root.js). */
export const REPO_ROOT = path.resolve(__dirname, "..", "..");
