import * as assert from "node:assert/strict";
import { profileTable } from "../../../tools/config-doc/render";

describe("tools/config-doc render (npm run config:doc -- --profile)", () => {
    it("lists every key of a profile with its value and where it comes from, then the traits", () => {
        const prod = profileTable("prod").split("\n");
        const row = (key: string) => prod.find((line) => line.startsWith(`${key} `))?.split(/\s{2,}/);
        assert.deepEqual(row("logRetentionDays"), ["logRetentionDays", "90", "profile"]);
        assert.deepEqual(row("alertEmails"), ["alertEmails", "(the stack must set it)", "required"]);
        assert.deepEqual(row("kubernetesVersion"), ["kubernetesVersion", "1.33", "Pulumi.yaml"]);
        assert.deepEqual(row("releaseTag"), ["releaseTag", '""', "Pulumi.yaml"]);
        assert.deepEqual(row("protectStatefulResources"), ["protectStatefulResources", "true"]);
        const dev = profileTable("dev").split("\n");
        assert.ok(dev.some((line) => /^alertEmails\s+\[\]\s+empty$/.test(line)), "dev leaves alertEmails empty");
        assert.ok(dev.some((line) => /^apiServerAccess\s+public\s+profile$/.test(line)));
    });
});
