import type * as pulumi from "@pulumi/pulumi";
import { type Expected } from "./fixture";

/** prod's promotion of the api image no longer waits for the deployer's AcrPush grant: the import may run before it propagated. */
export const transform: pulumi.ResourceTransformation = (args) =>
    args.type === "command:local:Command" && args.name === "image-api-import" ? { props: args.props, opts: { ...args.opts, dependsOn: [] } } : undefined;
export const expected: Expected = {
    policy: "registry-writes-after-grant",
    message: 'command:local:Command "image-api-import": create (a write to registry-registry) is no wait for registry-deployer-acr-push',
};
