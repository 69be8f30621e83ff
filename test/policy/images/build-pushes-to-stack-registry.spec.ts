import { buildPushesToStackRegistry } from "../../../policy/rules/images/build-pushes-to-stack-registry";
import { stackRuleTable } from "../../support/policy";
import { image, registry } from "../fixtures";

stackRuleTable(buildPushesToStackRegistry, {
    good: () => [registry(), image()],
    compliant: [["a build that does not push", (s) => ((s[1].props.push = false), (s[1].props.tags = ["docker.io/me/api:1"]))]],
    bad: [
        ["a tag on Docker Hub", (s) => s[1].props.tags.push("docker.io/me/api:1"), 'tags[1] is "docker.io/me/api:1"; expected the stack\'s registry streamingplatformprodacr586f45.azurecr.io'],
        ["a login to another registry", (s) => (s[1].props.registries[0].address = "other.azurecr.io"), 'registries[0].address is "other.azurecr.io"'],
        ["no registry in the stack", (s) => s.splice(0, 1), "(no registry in this stack)", 2],
    ],
});

// A local stack has no Azure registry: the policy config names the local cluster's.
stackRuleTable(buildPushesToStackRegistry, {
    good: () => {
        const built = image();
        built.props.tags = ["localhost:5001/api:c-0123456789abcdef0123"];
        built.props.registries = [];
        return [built];
    },
    config: { registries: ["localhost:5001"] },
    bad: [["a tag outside the configured registry", (s) => s[0].props.tags.push("docker.io/me/api:1"), 'tags[1] is "docker.io/me/api:1"; expected the stack\'s registry localhost:5001']],
});
