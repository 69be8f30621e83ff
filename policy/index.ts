/**
 * The streaming-platform guardrails: the CrossGuard pack every preview runs with
 * (`pulumi preview --policy-pack policy --policy-pack-config policy/config.<stack>.json`).
 * Constructing the PolicyPack starts the analyzer server, so rules live in rules/ where tests can
 * import them without starting it.
 */
import { PolicyPack } from "@pulumi/policy";
import { deserializeOncePerStruct } from "./lib/deserialize-once";
import { policies } from "./rules";

// Each resource's properties are deserialized once for all rules, not once per rule.
deserializeOncePerStruct();
new PolicyPack("streaming-platform-guardrails", { policies, enforcementLevel: "advisory" });
