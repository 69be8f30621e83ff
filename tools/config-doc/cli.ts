/**
 * `npm run config:doc`: rewrites the generated config block of Pulumi.yaml (`--check`: fail if
 * stale). `npm run config:doc -- --profile prod`: every key's value for a prod stack that sets
 * nothing, where it comes from, and the profile's traits (all of prod at a glance).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { PROFILE_NAMES, type ProfileName } from "../../stacks/profiles";
import { profileTable, withGeneratedConfig } from "./render";

const profileAt = process.argv.indexOf("--profile");
if (profileAt >= 0) {
    const profile = process.argv[profileAt + 1];
    if (!(PROFILE_NAMES as readonly string[]).includes(profile)) {
        console.error(`--profile ${profile ?? ""}: expected one of ${PROFILE_NAMES.join(", ")}`);
        process.exit(2);
    }
    console.log(profileTable(profile as ProfileName));
    process.exit(0);
}

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
