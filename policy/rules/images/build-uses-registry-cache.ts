import { list, record } from "../../lib/kubernetes";
import { resourceRule, show } from "../../lib/rule";

/** A registry cache makes unchanged layers free on any runner; `mode: max` caches the build stages too. */
export const buildUsesRegistryCache = resourceRule(
    {
        name: "build-uses-registry-cache",
        description: "docker-build Images read and write a registry build cache (cacheTo with mode max, on its own tag).",
        severity: "low",
        enforcementLevel: "advisory",
        remediationSteps: "Set cacheFrom and cacheTo to { registry: { ref: <repo>:buildcache } } with mode max on cacheTo (ServiceImage does).",
    },
    ["docker-build:index:Image"],
    (props) => {
        const from = list(props.cacheFrom).some((c) => typeof record(record(c)?.registry)?.ref === "string");
        const to = list(props.cacheTo).map((c) => record(record(c)?.registry)).find((r) => typeof r?.ref === "string");
        const found = [];
        if (!from) {
            found.push({ field: "cacheFrom", actual: show(props.cacheFrom), expected: "a registry cache ({ registry: { ref } })", fix: "read the cache from <repo>:buildcache" });
        }
        if (!to || to.mode !== "max") {
            found.push({ field: "cacheTo", actual: show(props.cacheTo), expected: 'a registry cache with mode "max"', fix: "write the cache to <repo>:buildcache with mode max" });
        } else if (list(props.tags).includes(to.ref)) {
            found.push({ field: "cacheTo[].registry.ref", actual: show(to.ref), expected: "a tag of its own, not an image tag", fix: "use a separate :buildcache tag (exporting cache onto the image tag overwrites the runnable manifest)" });
        }
        return found;
    },
);
