import { list, ofType, record } from "../../lib/kubernetes";
import { stackRule, show } from "../../lib/rule";

/**
 * docker-build Images push only to the stack's own registry (the loginServer of the stack's
 * containerregistry Registry, or a registry the stack's config names: a local cluster's): never to
 * Docker Hub or another team's registry.
 */
export const buildPushesToStackRegistry = stackRule<{ registries: string[] }>(
    {
        name: "build-pushes-to-stack-registry",
        description: "Every docker-build Image tag (and its registry login) is in the stack's container registry.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Build tags from the stack registry's loginServer (ServiceImage does); do not push elsewhere from this program.",
        configSchema: {
            properties: {
                registries: {
                    type: "array",
                    items: { type: "string" },
                    default: [],
                    description: "Registries (host:port) the stack owns besides its Azure registry: a local cluster's (the stack's localRegistry).",
                },
            },
        },
    },
    (resources, config) => {
        const servers = new Set([
            ...ofType(resources, "azure-native:containerregistry:Registry").flatMap(({ props }) => (typeof props.loginServer === "string" ? [props.loginServer] : [])),
            ...(config.registries ?? []),
        ]);
        return ofType(resources, "docker-build:index:Image").flatMap(({ resource, props }) => {
            if (props.push === false) {
                return [];
            }
            const expected = servers.size > 0 ? [...servers].join(", ") : "(no registry in this stack)";
            const tags = list(props.tags).map((t, i) => ({ field: `tags[${i}]`, host: typeof t === "string" ? t.split("/")[0] : String(t), value: t }));
            const logins = list(props.registries).map((r, i) => ({ field: `registries[${i}].address`, host: String(record(r)?.address), value: record(r)?.address }));
            return [...tags, ...logins]
                .filter((x) => !servers.has(x.host))
                .map((x) => ({ resource, violation: { field: x.field, actual: show(x.value), expected: `the stack's registry ${expected}`, fix: "push only to the stack's registry" } }));
        });
    },
);
