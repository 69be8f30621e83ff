/**
 * Every Kubernetes object the program creates in one of its own namespaces waits for that
 * Namespace, through data: a stack transformation replaces the namespace's name in the object's
 * metadata (a Helm release's `namespace`) with the Namespace's output, so no component has to
 * remember it and none can forget it (a component's own dependsOn does not reach its children).
 * The stack rule namespaced-objects-after-namespace checks the result.
 */
import * as pulumi from "@pulumi/pulumi";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const NAMESPACE = "kubernetes:core/v1:Namespace";

/** The props of a resource with its namespace named by `names` (namespace -> the Namespace's output), or undefined to leave it. */
export function linkNamespace(type: string, props: Record<string, any>, names: Readonly<Record<string, pulumi.Input<string>>>): Record<string, any> | undefined {
    if (!type.startsWith("kubernetes:") || type === NAMESPACE) return undefined;
    if (type === RELEASE) {
        return typeof props.namespace === "string" && props.namespace in names ? { ...props, namespace: names[props.namespace] } : undefined;
    }
    const metadata = props.metadata;
    if (!metadata || typeof metadata !== "object" || pulumi.Output.isInstance(metadata) || typeof metadata.namespace !== "string" || !(metadata.namespace in names)) return undefined;
    return { ...props, metadata: { ...metadata, namespace: names[metadata.namespace] } };
}

/** Registers the transformation for every resource registered from now on. */
export function linkNamespacedObjects(names: Readonly<Record<string, pulumi.Input<string>>>): void {
    pulumi.runtime.registerStackTransformation((args) => {
        const props = linkNamespace(args.type, args.props as Record<string, any>, names);
        return props ? { props, opts: args.opts } : undefined;
    });
}
