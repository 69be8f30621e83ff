import { changeOne, type Expected } from "./fixture";

/** The worker's container runs as uid 0. */
export const transform = changeOne("kubernetes:apps/v1:Deployment", "app-worker-deployment", (props) => {
    props.spec = { ...props.spec, template: { ...props.spec.template, spec: { ...props.spec.template.spec } } };
    const [first, ...rest] = props.spec.template.spec.containers;
    props.spec.template.spec.containers = [{ ...first, securityContext: { ...first.securityContext, runAsUser: 0 } }, ...rest];
});
export const expected: Expected = { policy: "run-as-non-root-user", message: 'securityContext.runAsUser (container "worker") is 0; expected unset or a uid other than 0' };
