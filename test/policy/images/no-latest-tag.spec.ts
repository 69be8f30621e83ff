import { noLatestTag } from "../../../policy/rules/images/no-latest-tag";
import { resourceRuleTable } from "../../support/policy";
import { container, deployment, image } from "../fixtures";

resourceRuleTable(noLatestTag, {
    good: deployment,
    compliant: [
        ["a version tag", (r) => (container(r).image = "redis:7.4.2-alpine")],
        ["a digest without a tag", (r) => (container(r).image = `redis@sha256:${"a".repeat(64)}`)],
        ["a registry with a port", (r) => (container(r).image = "registry.local:5000/api:1.2.3")],
    ],
    bad: [
        ["latest", (r) => (container(r).image = "redis:latest"), 'image (container "api") is "redis:latest": "latest"; expected a version tag or a digest'],
        ["no tag", (r) => (container(r).image = "registry.local:5000/api"), '"registry.local:5000/api": no tag (means latest)'],
        ["latest pinned by digest (still misleading)", (r) => (container(r).image = `redis:latest@sha256:${"a".repeat(64)}`), '"latest"'],
    ],
});

resourceRuleTable(noLatestTag, {
    good: image,
    bad: [["a docker-build latest tag", (r) => r.props.tags.push("streamingplatformprodacr586f45.azurecr.io/api:latest"), 'tags[1] is "streamingplatformprodacr586f45.azurecr.io/api:latest": "latest"; expected a fixed tag']],
});
