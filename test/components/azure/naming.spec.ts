import * as assert from "node:assert/strict";
import fc from "fast-check";
import { runs } from "../../support/fast-check";
import { azureName, NAMING_RULES, namer, uniqueSuffix, UNIQUE_SUFFIX_LENGTH, type NamedKind } from "../../../components/azure/naming";

const kinds = Object.keys(NAMING_RULES) as NamedKind[];
/** Pulumi project and stack names: letters, digits, hyphens, underscores and periods, up to 100. */
const pulumiName = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/);
/** Roles as the program writes them: lower-case words joined by hyphens. */
const role = fc.stringMatching(/^[a-z][a-z0-9]{1,5}(-[a-z0-9]{1,5}){0,2}$/);
const seed = fc.string({ minLength: 1, maxLength: 80 });

describe("components/azure/naming", () => {
    it("names resources <project>-<stack>-<role>", () => {
        assert.equal(azureName("resourceGroup", { project: "streaming-platform", stack: "prod", role: "rg" }), "streaming-platform-prod-rg");
        assert.equal(azureName("logAnalyticsWorkspace", { project: "Streaming_Platform", stack: "dev", role: "logs" }), "streamingplatform-dev-logs");
        assert.equal(namer("streaming-platform", "dev")("subnet", "nodes"), "streaming-platform-dev-nodes");
    });

    it("gives storage accounts and registries letters and digits only, with the seed's hashed suffix", () => {
        const seedText = "/subscriptions/0000/resourceGroups/streaming-platform-prod-rg";
        const suffix = uniqueSuffix(seedText);
        assert.equal(azureName("containerRegistry", { project: "streaming-platform", stack: "prod", role: "acr", uniqueSeed: seedText }), `streamingplatformprodacr${suffix}`);
        // 24 characters at most: the project part gives way.
        assert.equal(azureName("storageAccount", { project: "streaming-platform", stack: "prod", role: "lake", uniqueSeed: seedText }), `streamingpprodlake${suffix}`);
    });

    it("refuses a globally unique kind without a seed, and a role with no usable character", () => {
        assert.throws(() => azureName("storageAccount", { project: "p", stack: "dev", role: "lake" }), /storageAccount name must be globally unique: pass uniqueSeed/);
        assert.throws(() => azureName("containerRegistry", { project: "p", stack: "dev", role: "---", uniqueSeed: "s" }), /role "---": it has no character/);
    });

    it("shortens the project part, never the stack or role, when a name is too long", () => {
        const name = azureName("logAnalyticsWorkspace", { project: "p".repeat(80), stack: "prod", role: "logs" });
        assert.equal(name.length, 63);
        assert.ok(name.endsWith("-prod-logs"));
    });

    it("property: any project, stack and role give a valid, stable name for every resource kind", () => {
        fc.assert(
            fc.property(pulumiName, pulumiName, role, seed, fc.constantFrom(...kinds), (project, stack, r, uniqueSeed, kind) => {
                const rule = NAMING_RULES[kind];
                const parts = { project, stack, role: r, uniqueSeed };
                const name = azureName(kind, parts);
                assert.ok(name.length >= rule.minLength && name.length <= rule.maxLength, `${kind}: ${name}`);
                assert.match(name, new RegExp(`^[${rule.allowed}]+$`), `${kind}: ${name}`);
                assert.match(name, /^[a-z0-9].*[a-z0-9]$|^[a-z0-9]$/, `${kind}: ${name} must start and end with a letter or digit`);
                assert.doesNotMatch(name, /--/, `${kind}: ${name}`);
                assert.equal(name, azureName(kind, { ...parts }), "the same parts give the same name");
                const cleanRole = rule.separator === "" ? r.replace(/-/g, "") : r;
                if (rule.globallyUnique) {
                    assert.equal(name.slice(-UNIQUE_SUFFIX_LENGTH), uniqueSuffix(uniqueSeed));
                    assert.ok(name.slice(0, -UNIQUE_SUFFIX_LENGTH).endsWith(cleanRole), `${kind}: ${name} keeps the role`);
                } else {
                    assert.ok(name.endsWith(`${rule.separator}${cleanRole}`), `${kind}: ${name} keeps the role`);
                }
            }),
            runs(1000),
        );
    });

    it("cuts a stack name too long for the type, keeping long stacks with a common start apart", () => {
        const stacks = ["feature-branch-with-a-very-long-name-one", "feature-branch-with-a-very-long-name-two"];
        const names = stacks.map((stack) => azureName("dnsPrefix", { project: "streaming-platform", stack: stack.repeat(2), role: "aks" }));
        assert.ok(names.every((n) => n.length <= 54 && n.endsWith("-aks")), names.join(", "));
        assert.notEqual(names[0], names[1]);
    });

    it("gives the same stack in two subscriptions different global names, and the same name on every run", () => {
        const lake = (subscription: string) =>
            azureName("storageAccount", { project: "streaming-platform", stack: "prod", role: "lake", uniqueSeed: `/subscriptions/${subscription}/resourceGroups/rg` });
        assert.notEqual(lake("11111111-1111-1111-1111-111111111111"), lake("22222222-2222-2222-2222-222222222222"));
        // Pinned: the name is a function of project, stack, role and seed alone, on every run and Node version.
        assert.equal(lake("11111111-1111-1111-1111-111111111111"), "streamingpprodlake56b587");
    });
});
