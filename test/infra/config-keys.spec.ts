import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { CONFIG_KEY_NAMES, FROM_PROFILE, keySpec, pulumiDefault, REQUIRED, type ConfigKey } from "../../infra/config-keys";
import { loadConfig } from "../../infra/config";
import { PROFILE_NAMES, PROFILES } from "../../stacks/profiles";
import { configDeclarations, withGeneratedConfig } from "../../tools/config-doc/render";
import { PROJECT, REPO_ROOT } from "../support/harness";

const pulumiYaml = fs.readFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), "utf8");

describe("infra/config-keys", () => {
    it("Pulumi.yaml declares exactly the key table (run `npm run config:doc` after changing keys)", () => {
        assert.equal(pulumiYaml, withGeneratedConfig(pulumiYaml));
        assert.deepEqual(Object.keys(parse(pulumiYaml).config), CONFIG_KEY_NAMES);
    });

    it("declares every key with a type, a description and a default (so no stack must set an optional key)", () => {
        for (const [key, declaration] of Object.entries(configDeclarations())) {
            if (keySpec(key as ConfigKey).kind === "object") {
                // Structured keys are declared without a type: Pulumi.yaml has no object type.
                assert.equal(declaration.type, undefined, key);
            } else {
                assert.ok(["string", "integer", "boolean", "array"].includes(String(declaration.type)), key);
            }
            assert.ok(String(declaration.description).length > 10, key);
            assert.ok("default" in declaration, key);
            assert.ok(!declaration.secret, `${key}: the CLI refuses a plaintext default on a secret key`);
        }
    });

    it("has a value for every profile-decided key (lists aside) in each profile, unless the profile requires the stack to set it", () => {
        for (const key of CONFIG_KEY_NAMES.filter((k) => keySpec(k).profiles && keySpec(k).kind !== "list")) {
            // A key of one target (Azure, local) needs values from that target's profiles only.
            for (const profile of PROFILE_NAMES.filter((p) => [undefined, PROFILES[p].traits.target.kind].includes(keySpec(key).target))) {
                assert.notEqual(keySpec(key).profiles?.[profile], undefined, `${profile} gives no value for ${key} and does not require it`);
            }
        }
        for (const key of CONFIG_KEY_NAMES) {
            const spec = keySpec(key);
            assert.ok(spec.profiles === undefined || spec.default === undefined, `${key}: a key has either per-profile values or a Pulumi.yaml default, not both`);
            assert.deepEqual(pulumiDefault(spec), spec.profiles ? (spec.kind === "list" ? [] : FROM_PROFILE) : spec.default, key);
        }
    });

    it("profile values and key examples pass the key schemas", () => {
        for (const key of CONFIG_KEY_NAMES) {
            for (const [profile, value] of Object.entries(keySpec(key).profiles ?? {})) {
                assert.ok(value === REQUIRED || keySpec(key).schema.safeParse(value).success, `${profile}.${key} = ${String(value)}`);
            }
        }
        for (const key of CONFIG_KEY_NAMES.filter((k) => !keySpec(k).secret)) {
            assert.ok(keySpec(key).schema.safeParse(keySpec(key).example).success, `example of ${key}`);
        }
    });

    for (const stack of ["local", "dev", "prod"]) {
        it(`Pulumi.${stack}.yaml loads with the ${stack} profile`, () => {
            const file = parse(fs.readFileSync(path.join(REPO_ROOT, `Pulumi.${stack}.yaml`), "utf8")).config as Record<string, unknown>;
            const values = Object.fromEntries(
                Object.entries(file).map(([k, v]) => [k.slice(PROJECT.length + 1), typeof v === "string" ? v : JSON.stringify(v)]),
            );
            assert.equal(loadConfig({ project: PROJECT, stack, values, secretKeys: new Set() }).profile.name, stack);
        });
    }
});
