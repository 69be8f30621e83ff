import * as assert from "node:assert/strict";
import fc from "fast-check";
import { azureName, NAMING_RULES, type NamedKind } from "../../../components/azure/naming";

const kinds = Object.keys(NAMING_RULES) as NamedKind[];
/** Pulumi project and stack names: letters, digits, hyphens, underscores and periods. */
const pulumiName = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/);
const role = fc.stringMatching(/^[a-z][a-z0-9]{1,7}$/);

describe("components/azure/naming", () => {
    it("names resources <project>-<stack>-<role>", () => {
        assert.equal(azureName("resourceGroup", { project: "streaming-platform", stack: "prod", role: "rg" }), "streaming-platform-prod-rg");
        assert.equal(azureName("logAnalyticsWorkspace", { project: "Streaming_Platform", stack: "dev", role: "logs" }), "streamingplatform-dev-logs");
    });

    it("shortens the project part, never the stack or role, when a name is too long", () => {
        const name = azureName("logAnalyticsWorkspace", { project: "p".repeat(80), stack: "prod", role: "logs" });
        assert.equal(name.length, 63);
        assert.ok(name.endsWith("-prod-logs"));
    });

    it("property: any project and stack give a valid, stable name for every resource kind", () => {
        fc.assert(
            fc.property(pulumiName, pulumiName, role, fc.constantFrom(...kinds), (project, stack, r, kind) => {
                const rule = NAMING_RULES[kind];
                const name = azureName(kind, { project, stack, role: r });
                assert.ok(name.length >= rule.minLength && name.length <= rule.maxLength, name);
                assert.match(name, new RegExp(`^[${rule.allowed}]+$`));
                assert.equal(name, azureName(kind, { project, stack, role: r }));
                assert.ok(name.endsWith(`${rule.separator}${r}`), name);
            }),
            { numRuns: 500 },
        );
    });
});
