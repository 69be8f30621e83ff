import { at, podOf, record, selects, stringMap } from "../../lib/kubernetes";
import { resourceRule, show } from "../../lib/rule";

const TYPES = ["kubernetes:apps/v1:Deployment", "kubernetes:apps/v1:StatefulSet", "kubernetes:apps/v1:DaemonSet", "kubernetes:apps/v1:ReplicaSet"];

/** The API server refuses a selector that does not match the template; one that matches more than its own pods fights other controllers. */
export const selectorMatchesTemplate = resourceRule(
    {
        name: "selector-matches-template",
        description: "A Deployment's (StatefulSet's, DaemonSet's) selector.matchLabels is non-empty and matches its pod template's labels.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Derive selector and template labels from one map (selectorOf in workload-plan.ts); never type them twice.",
    },
    TYPES,
    (props, _config, args) => {
        const selector = stringMap(at(props, ["spec", "selector", "matchLabels"]));
        const pod = podOf(args.type, props);
        if (record(at(props, ["spec", "selector", "matchExpressions"])) || Array.isArray(at(props, ["spec", "selector", "matchExpressions"]))) {
            return { notApplicable: "skipped: matchExpressions selectors are not judged" };
        }
        return selects(selector, pod?.labels ?? {})
            ? []
            : [
                  {
                      field: "spec.selector.matchLabels",
                      actual: show(selector),
                      expected: `a non-empty subset of the template's labels ${show(pod?.labels ?? {})}`,
                      fix: "derive the selector and the template labels from the same map",
                  },
              ];
    },
);
