import * as assert from "node:assert/strict";
import { policyPreviewArgs } from "../../../tools/ci/policy-preview";

describe("tools/ci policy-preview (npm run preview)", () => {
    it("runs pulumi preview with the pack and the stack's policy config, passing other flags on", () => {
        assert.deepEqual(policyPreviewArgs(["--stack", "prod", "--diff"]), {
            args: ["preview", "--stack", "prod", "--policy-pack", "policy", "--policy-pack-config", "policy/config.prod.json", "--diff"],
        });
        assert.deepEqual(policyPreviewArgs(["--stack", "acme/dev"]), {
            args: ["preview", "--stack", "acme/dev", "--policy-pack", "policy", "--policy-pack-config", "policy/config.dev.json"],
        });
    });

    it("says what is missing: the stack, or a policy config for it", () => {
        assert.deepEqual(policyPreviewArgs([]), { error: "usage: npm run preview -- --stack <stack> [more pulumi preview flags]" });
        assert.match((policyPreviewArgs(["--stack", "staging"]) as { error: string }).error, /no policy config for stack "staging": expected policy\/config\.staging\.json/);
    });
});
