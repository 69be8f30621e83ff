import * as pulumi from "@pulumi/pulumi";
import { changeOne, type Expected } from "./fixture";

/** The frontend's image is referenced as :latest (still with its digest). */
export const transform = changeOne("kubernetes:apps/v1:Deployment", "app-frontend-deployment", (props) => {
    props.spec = { ...props.spec, template: { ...props.spec.template, spec: { ...props.spec.template.spec } } };
    const [first, ...rest] = props.spec.template.spec.containers;
    const image = pulumi.output(first.image).apply((ref: string) => ref.replace(/:[^:@/]+@/, ":latest@"));
    props.spec.template.spec.containers = [{ ...first, image }, ...rest];
});
export const expected: Expected = { policy: "no-latest-tag", message: '"latest"; expected a version tag or a digest' };
