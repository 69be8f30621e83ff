import { apparmorProfile } from "../../../policy/rules/kubernetes/apparmor-profile";
import { resourceRuleTable } from "../../support/policy";
import { addEphemeral, container, deployment, podMetadataOf, podSpec } from "../fixtures";

const ANNOTATION = "container.apparmor.security.beta.kubernetes.io/api";

resourceRuleTable(apparmorProfile, {
    good: deployment,
    compliant: [
        ["RuntimeDefault on the pod", (r) => (podSpec(r).securityContext.appArmorProfile = { type: "RuntimeDefault" })],
        ["a Localhost profile on a container", (r) => (container(r).securityContext.appArmorProfile = { type: "Localhost", localhostProfile: "k8s-api" })],
        ["the legacy annotation with runtime/default", (r) => (podMetadataOf(r).annotations[ANNOTATION] = "runtime/default")],
        ["the legacy annotation with a localhost profile", (r) => (podMetadataOf(r).annotations[ANNOTATION] = "localhost/k8s-api")],
    ],
    bad: [
        ["Unconfined on the pod", (r) => (podSpec(r).securityContext.appArmorProfile = { type: "Unconfined" }), 'spec.template.spec.securityContext.appArmorProfile.type is "Unconfined"; expected unset, RuntimeDefault or Localhost'],
        ["Unconfined on an ephemeral container", (r) => addEphemeral(r, { appArmorProfile: { type: "Unconfined" } }), 'ephemeralContainers[0].securityContext.appArmorProfile.type (container "debug") is "Unconfined"'],
        ["the legacy annotation unconfined", (r) => (podMetadataOf(r).annotations[ANNOTATION] = "unconfined"), `spec.template.metadata.annotations["${ANNOTATION}"] is "unconfined"`],
    ],
});
