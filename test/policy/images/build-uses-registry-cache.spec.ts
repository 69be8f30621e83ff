import { buildUsesRegistryCache } from "../../../policy/rules/images/build-uses-registry-cache";
import { resourceRuleTable } from "../../support/policy";
import { image } from "../fixtures";

resourceRuleTable(buildUsesRegistryCache, {
    good: image,
    bad: [
        ["no cacheFrom", (r) => delete r.props.cacheFrom, "cacheFrom is missing; expected a registry cache"],
        ["cacheTo in min mode", (r) => (r.props.cacheTo[0].registry.mode = "min"), 'cacheTo is [{"registry":'],
        ["the cache on the image tag", (r) => (r.props.cacheTo[0].registry.ref = r.props.tags[0]), "expected a tag of its own, not an image tag"],
    ],
});
