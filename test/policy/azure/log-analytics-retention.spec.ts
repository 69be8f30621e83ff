import * as assert from "node:assert/strict";
import { logAnalyticsRetention } from "../../../policy/rules/azure/log-analytics-retention";
import { resourceRuleTable, runResourceRule, type TestResource } from "../../support/policy";

const TYPE = "azure-native:operationalinsights:Workspace";

function goodArgs(): TestResource {
    return { type: TYPE, name: "monitoring-workspace", props: { retentionInDays: 90, sku: { name: "PerGB2018" } } };
}

describe("policy azure/log-analytics-retention", () => {
    it("passes a workspace at the minimum", async () => {
        assert.deepEqual(await runResourceRule(logAnalyticsRetention, goodArgs(), { minimumRetentionDays: 90 }), { applicable: true, messages: [] });
    });

    it("is not applicable to other types", async () => {
        const outcome = await runResourceRule(logAnalyticsRetention, { ...goodArgs(), type: "azure-native:resources:ResourceGroup" });
        assert.equal(outcome.applicable, false);
    });

    const cases: [string, (r: TestResource) => void, string][] = [
        ["retention below the minimum", (r) => (r.props.retentionInDays = 30), "retentionInDays is 30; expected at least 90 days. Fix: pulumi config set logRetentionDays 90"],
        ["retention left unset", (r) => delete r.props.retentionInDays, "retentionInDays is missing; expected at least 90 days. Fix: pulumi config set logRetentionDays 90"],
    ];
    for (const [name, mutate, expected] of cases) {
        it(`reports ${name}`, async () => {
            const r = goodArgs();
            mutate(r);
            assert.deepEqual(await runResourceRule(logAnalyticsRetention, r, { minimumRetentionDays: 90 }), {
                applicable: true,
                messages: [`${TYPE} "monitoring-workspace": ${expected}`],
            });
        });
    }

    it("defaults the minimum to 30 days", async () => {
        assert.deepEqual(await runResourceRule(logAnalyticsRetention, { ...goodArgs(), props: { retentionInDays: 30 } }), { applicable: true, messages: [] });
    });
});

resourceRuleTable(logAnalyticsRetention, {
    good: goodArgs,
    config: { minimumRetentionDays: 90 },
    bad: [["30 days in prod", (r) => (r.props.retentionInDays = 30), "retentionInDays is 30; expected at least 90 days"]],
});
