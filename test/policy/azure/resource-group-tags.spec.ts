import * as assert from "node:assert/strict";
import { resourceGroupTags } from "../../../policy/rules/azure/resource-group-tags";
import { resourceRuleTable, runResourceRule, type TestResource } from "../../support/policy";

const TYPE = "azure-native:resources:ResourceGroup";

function goodArgs(): TestResource {
    return {
        type: TYPE,
        name: "platform",
        props: { location: "westeurope", tags: { owner: "platform-team", environment: "prod", project: "streaming-platform", "managed-by": "pulumi" } },
    };
}

describe("policy azure/resource-group-tags", () => {
    it("passes a resource group with every required tag", async () => {
        assert.deepEqual(await runResourceRule(resourceGroupTags, goodArgs()), { applicable: true, messages: [] });
    });

    it("is not applicable to other types", async () => {
        assert.deepEqual(await runResourceRule(resourceGroupTags, { ...goodArgs(), type: "azure-native:storage:StorageAccount" }), {
            applicable: false,
            reason: `applies to ${TYPE}`,
        });
    });

    const cases: [string, (r: TestResource) => void, string[]][] = [
        ["a missing owner tag", (r) => delete r.props.tags.owner, [
            `${TYPE} "platform": tags.owner is missing; expected a non-empty "owner" tag (required tags: owner, environment, project, managed-by). ` +
                `Fix: add the "owner" tag to the resource group's tags (infra/config.ts builds them from the stack config)`,
        ]],
        ["an empty environment tag", (r) => (r.props.tags.environment = ""), [
            `${TYPE} "platform": tags.environment is ""; expected a non-empty "environment" tag (required tags: owner, environment, project, managed-by). ` +
                `Fix: add the "environment" tag to the resource group's tags (infra/config.ts builds them from the stack config)`,
        ]],
        ["no tags at all (one message per tag)", (r) => delete r.props.tags, ["owner", "environment", "project", "managed-by"].map(
            (t) => `${TYPE} "platform": tags.${t} is missing; expected a non-empty "${t}" tag (required tags: owner, environment, project, managed-by). ` +
                `Fix: add the "${t}" tag to the resource group's tags (infra/config.ts builds them from the stack config)`,
        )],
    ];
    for (const [name, mutate, expected] of cases) {
        it(`reports ${name}`, async () => {
            const r = goodArgs();
            mutate(r);
            assert.deepEqual(await runResourceRule(resourceGroupTags, r), { applicable: true, messages: expected });
        });
    }

    it("reads the required tags from its config", async () => {
        const outcome = await runResourceRule(resourceGroupTags, goodArgs(), { requiredTags: ["cost-center"] });
        assert.ok(outcome.applicable && outcome.messages.length === 1 && outcome.messages[0].includes("tags.cost-center is missing"));
    });
});

resourceRuleTable(resourceGroupTags, {
    good: goodArgs,
    bad: [["no tags", (r) => delete r.props.tags, " is missing; expected a non-empty ", 4]],
});
