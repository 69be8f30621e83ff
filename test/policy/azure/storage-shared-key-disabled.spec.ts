import * as assert from "node:assert/strict";
import { storageSharedKeyDisabled } from "../../../policy/rules/azure/storage-shared-key-disabled";
import { resourceRuleTable, runResourceRule } from "../../support/policy";
import { storageAccount } from "../fixtures";

resourceRuleTable(storageSharedKeyDisabled, {
    good: storageAccount,
    bad: [["shared key on", (r) => (r.props.allowSharedKeyAccess = true), "allowSharedKeyAccess is true; expected false"]],
});

describe("policy storage-shared-key-disabled exemptions", () => {
    const exemption = { pattern: "checkpoints-.*", reason: "stock Flink authenticates with the account key of this account only" };
    const checkpoints = () => ({ ...storageAccount(), name: "checkpoints-account", props: { ...storageAccount().props, allowSharedKeyAccess: true } });

    it("skips an exempted resource, saying which, why, and what it would have reported", async () => {
        const outcome = await runResourceRule(storageSharedKeyDisabled, checkpoints(), { exemptions: [exemption] });
        assert.deepEqual(outcome, {
            applicable: false,
            reason:
                'exempt: azure-native:storage:StorageAccount "checkpoints-account" (pattern "checkpoints-.*"): stock Flink authenticates with the account key of this account only; ' +
                'would report: azure-native:storage:StorageAccount "checkpoints-account": allowSharedKeyAccess is true; expected false. Fix: disable shared key access and use Entra ID roles',
        });
    });

    it("still reports resources the pattern does not cover (the pattern matches the whole name)", async () => {
        const outcome = await runResourceRule(storageSharedKeyDisabled, { ...checkpoints(), name: "lake-checkpoints-account" }, { exemptions: [exemption] });
        assert.equal(outcome.applicable && outcome.messages.length, 1);
    });

    it("refuses an exemption without a reason (policy config validation)", async () => {
        await assert.rejects(runResourceRule(storageSharedKeyDisabled, checkpoints(), { exemptions: [{ pattern: "checkpoints-.*" }] }), /exemptions = .*expected an array of an object with reason/);
        await assert.rejects(runResourceRule(storageSharedKeyDisabled, checkpoints(), { exemptions: [{ pattern: "checkpoints-.*", reason: "legacy" }] }), /reason is a string of at least 15 characters/);
    });
});
