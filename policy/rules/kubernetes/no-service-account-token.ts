import { at, podOf, POD_SPEC_PATHS, record, WORKLOAD_TYPES } from "../../lib/kubernetes";
import { resourceRule, show } from "../../lib/rule";

/** The pod-template annotation by which a workload declares that it calls the Kubernetes API, and why. */
export const KUBERNETES_API_ANNOTATION = "streaming-platform.io/kubernetes-api";

/**
 * A pod that never calls the Kubernetes API carries no token for it: a compromised process cannot
 * then act as its service account. (AKS workload identity projects its own token for Entra ID,
 * independent of this setting.) A workload that needs the API says so, with the reason, in the
 * pod template's `streaming-platform.io/kubernetes-api` annotation.
 */
export const noServiceAccountToken = resourceRule(
    {
        name: "no-service-account-token",
        description: "Pods set automountServiceAccountToken: false unless their template declares (annotation streaming-platform.io/kubernetes-api) why they call the Kubernetes API.",
        severity: "medium",
        enforcementLevel: "mandatory",
        remediationSteps: "Set automountServiceAccountToken: false in the pod spec (AppService and Redis do), or annotate the pod template with streaming-platform.io/kubernetes-api: <why it calls the API>.",
    },
    WORKLOAD_TYPES,
    (props, _config, args) => {
        const pod = podOf(args.type, props);
        if (!pod) return { notApplicable: "skipped: no pod spec to judge" };
        const templatePath = args.type === "kubernetes:core/v1:Pod" ? [] : POD_SPEC_PATHS[args.type].slice(0, -1);
        const reason = at(record(at(props, [...templatePath, "metadata", "annotations"])), [KUBERNETES_API_ANNOTATION]);
        if (typeof reason === "string" && reason.trim().length >= 15) return [];
        const mount = pod.spec.automountServiceAccountToken;
        return mount === false
            ? []
            : [
                  {
                      field: `${pod.path}.automountServiceAccountToken`,
                      actual: show(mount),
                      expected: `false (or the template's ${KUBERNETES_API_ANNOTATION} annotation saying, in 15 characters or more, why it calls the API)`,
                      fix: "set automountServiceAccountToken: false",
                  },
              ];
    },
);
