import { changeOne, type Expected } from "./fixture";

/** The api's container loses its readiness probe (a Service sends it traffic regardless). */
export const transform = changeOne("kubernetes:apps/v1:Deployment", "app-api-deployment", (props) => {
    props.spec = { ...props.spec, template: { ...props.spec.template, spec: { ...props.spec.template.spec } } };
    const [first, ...rest] = props.spec.template.spec.containers;
    const { readinessProbe: _dropped, ...container } = first;
    props.spec.template.spec.containers = [container, ...rest];
});
export const expected: Expected = { policy: "readiness-probe", message: 'readinessProbe (container "api") is missing; expected a readiness probe (a Service selects this pod)' };
