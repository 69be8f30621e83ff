/** `npm run config:doc`: rewrites the generated config block of Pulumi.yaml (`--check`: fail if stale). */
import * as fs from "node:fs";
import * as path from "node:path";
import { withGeneratedConfig } from "./render";

const file = path.resolve(__dirname, "..", "..", "..", "Pulumi.yaml");
const current = fs.readFileSync(file, "utf8");
const wanted = withGeneratedConfig(current);
if (process.argv.includes("--check")) {
    if (current !== wanted) {
        console.error("Pulumi.yaml's config block is stale: run `npm run config:doc`.");
        process.exit(1);
    }
} else if (current !== wanted) {
    fs.writeFileSync(file, wanted);
    console.log("Pulumi.yaml: config block regenerated.");
} else {
    console.log("Pulumi.yaml: config block up to date.");
}
