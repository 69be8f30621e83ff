/**
 * The policy SDK (@pulumi/policy 1.21, server.js) deserializes a resource's properties once per
 * rule that may apply to it in Analyze, and once per stack rule for every resource in
 * AnalyzeStack: with 53 rules that is most of the pack's time. Each request's properties arrive as
 * one protobuf Struct object (jspb caches the wrapper), so the SDK's `deserializeProperties` is
 * wrapped here to deserialize each Struct once and hand every rule the same plain object (behind
 * the SDK's own read-only-in-practice proxy). The pack stays a normal CrossGuard pack: the Pulumi
 * CLI runs it the same way, and the wrapper only changes how often the same work is done.
 *
 * Rules never write to `props` (test/policy/pack.spec.ts proves it for every fixture), which is
 * what makes sharing the object safe. Secret-proxying calls (remediation) are not cached.
 */
type Deserialize = (struct: object, proxySecrets: boolean) => unknown;

/** Installs the cache once per process; returns how many deserializations it saved so far. */
export function deserializeOncePerStruct(): () => number {
    const sdk = require("@pulumi/policy/deserialize") as { deserializeProperties: Deserialize & { cached?: () => number } };
    if (sdk.deserializeProperties.cached) {
        return sdk.deserializeProperties.cached;
    }
    const original = sdk.deserializeProperties;
    const cache = new WeakMap<object, unknown>();
    let saved = 0;
    const cached: Deserialize & { cached?: () => number } = (struct, proxySecrets) => {
        if (proxySecrets || struct === undefined || struct === null) {
            return original(struct, proxySecrets);
        }
        if (cache.has(struct)) {
            saved++;
            return cache.get(struct);
        }
        const value = original(struct, proxySecrets);
        cache.set(struct, value);
        return value;
    };
    cached.cached = () => saved;
    sdk.deserializeProperties = cached;
    return cached.cached;
}
