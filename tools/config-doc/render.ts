/**
 * Renders Pulumi.yaml's `config:` block from the key table (infra/config-keys.ts), so the file the
 * CLI validates against and the schema the program validates with cannot drift apart.
 */
import { stringify } from "yaml";
import { CONFIG_KEY_NAMES, FROM_PROFILE, keySpec, pulumiDefault, REQUIRED, type ConfigKey } from "../../infra/config-keys";
import { PROFILE_NAMES, PROFILES, type ProfileName } from "../../stacks/profiles";

/** Pulumi.yaml's declaration of each key: type, description and default. */
export function configDeclarations(): Record<string, Record<string, unknown>> {
    return Object.fromEntries(
        CONFIG_KEY_NAMES.map((key) => {
            const spec = keySpec(key);
            // Keys read as integers but defaulting to "profile" are declared as strings ("profile" or digits).
            const type =
                spec.kind === "list"
                    ? "array"
                    : spec.kind === "boolean"
                      ? "boolean"
                      : spec.kind === "integer" && pulumiDefault(spec) !== FROM_PROFILE
                        ? "integer"
                        : "string";
            const description = `${spec.description}${targetNote(key)}${profileNote(key)}`;
            if (spec.kind === "object") {
                // Untyped: Pulumi.yaml cannot declare structured types; the program validates the value.
                return [key, { description, default: pulumiDefault(spec) }];
            }
            const declaration: Record<string, unknown> = { type, description };
            if (type === "array") {
                declaration.items = { type: "string" };
            }
            declaration.default = pulumiDefault(spec);
            return [key, declaration];
        }),
    );
}

/** " Azure stacks only." for keys of one target (the key's `target`); local keys say so in their description. */
export function targetNote(key: ConfigKey): string {
    const { target, description } = keySpec(key);
    return target === "azure" ? " Azure stacks only." : target === "local" && !description.startsWith("Local stacks") ? " Local stacks only." : "";
}

/** " Per profile: dev 30; prod 90." for keys the profiles decide (the key's `profiles`). */
export function profileNote(key: ConfigKey): string {
    const parts = PROFILE_NAMES.flatMap((profile) => {
        const value = keySpec(key).profiles?.[profile];
        if (value === REQUIRED) {
            return [`${profile} requires it`];
        }
        return value === undefined ? [] : [`${profile} ${Array.isArray(value) ? value.join(", ") : String(value)}`];
    });
    return parts.length > 0 ? ` Per profile: ${parts.join("; ")}.` : "";
}

const BEGIN = "# BEGIN generated config (npm run config:doc; source: infra/config-keys.ts)";
const END = "# END generated config";

/** Pulumi.yaml with its generated block replaced by the current declarations. */
export function withGeneratedConfig(pulumiYaml: string): string {
    const start = pulumiYaml.indexOf(BEGIN);
    const end = pulumiYaml.indexOf(END);
    if (start < 0 || end < start) {
        throw new Error(`Pulumi.yaml must contain the markers "${BEGIN}" and "${END}"`);
    }
    const block = stringify({ config: configDeclarations() }, { lineWidth: 0 });
    return pulumiYaml.slice(0, start) + `${BEGIN}\n${block}` + pulumiYaml.slice(end);
}

/** Every key's value for stacks of `profile` that set nothing, and where it comes from; then the profile's traits. */
export function profileTable(profile: ProfileName): string {
    const rows = CONFIG_KEY_NAMES.filter((key) => key !== "profile").map((key) => {
        const spec = keySpec(key);
        const value = spec.profiles?.[profile];
        if (spec.target !== undefined && spec.target !== PROFILES[profile].traits.target.kind) {
            return [key, "-", `${spec.target} stacks only`];
        }
        const [shown, source] =
            value === REQUIRED ? ["(the stack must set it)", "required"] : value !== undefined ? [value, "profile"] : spec.profiles ? [pulumiDefault(spec), "empty"] : [pulumiDefault(spec), "Pulumi.yaml"];
        return [key, typeof shown === "string" && shown !== "" ? shown : JSON.stringify(shown), source];
    });
    const width = (i: number) => Math.max(...rows.map((r) => r[i].length));
    const lines = rows.map(([key, value, source]) => `${key.padEnd(width(0))}  ${value.padEnd(width(1))}  ${source}`);
    const traits = Object.entries(PROFILES[profile].traits).map(([name, value]) => `${name.padEnd(width(0))}  ${JSON.stringify(value) ?? "(none)"}`);
    return [`Profile ${profile}: ${PROFILES[profile].summary}`, "", "Config keys (a stack file overrides them):", ...lines, "", "Traits (no stack file changes them):", ...traits].join("\n");
}
