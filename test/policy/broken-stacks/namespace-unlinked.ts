import { type Expected } from "./fixture";
import * as pulumi from "@pulumi/pulumi";

/**
 * The api's ServiceAccount hands its metadata over as one output (as a component might): the
 * program's namespace link (infra/namespace-links.ts) cannot see the namespace inside it, and
 * nothing else orders the ServiceAccount after the apps Namespace.
 */
export const transform: pulumi.ResourceTransformation = (args) =>
    args.type === "kubernetes:core/v1:ServiceAccount" && args.name === "app-api-service-account" ? { props: { ...args.props, metadata: pulumi.output(args.props.metadata) }, opts: args.opts } : undefined;
export const expected: Expected = {
    policy: "namespaced-objects-after-namespace",
    message: 'kubernetes:core/v1:ServiceAccount "app-api-service-account": dependencies (metadata.namespace) is without namespaces-apps, the Namespace apps; expected a dependency on namespaces-apps',
};
