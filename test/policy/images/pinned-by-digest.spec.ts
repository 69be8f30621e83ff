import { pinnedByDigest } from "../../../policy/rules/images/pinned-by-digest";
import { resourceRuleTable } from "../../support/policy";
import { container, deployment } from "../fixtures";

resourceRuleTable(pinnedByDigest, {
    good: deployment,
    bad: [
        ["a tag only", (r) => (container(r).image = "streamingplatformprodacr586f45.azurecr.io/api:c-e70908435b3e3bd55d8d"), "expected a digest reference (...@sha256:<64 hex>)"],
        ["a truncated digest", (r) => (container(r).image = "redis@sha256:abc"), '"redis@sha256:abc"'],
    ],
});
