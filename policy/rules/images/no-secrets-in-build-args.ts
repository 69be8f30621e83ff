import { record } from "../../lib/kubernetes";
import { resourceRule, SECRET_NAME_PATTERN } from "../../lib/rule";

export interface NoSecretsInBuildArgsConfig {
    /** Case-insensitive regular expression of build-arg names that hold secrets. */
    secretNamePattern: string;
}

/** Build args end up in the image's history and the state; secrets go through BuildKit secret mounts. */
export const noSecretsInBuildArgs = resourceRule<NoSecretsInBuildArgsConfig>(
    {
        name: "no-secrets-in-build-args",
        description: "docker-build Images pass no secret as a build arg.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Pass secrets with the Image's `secrets` input and `RUN --mount=type=secret` in the Dockerfile.",
        configSchema: { properties: { secretNamePattern: { type: "string", default: SECRET_NAME_PATTERN } } },
    },
    ["docker-build:index:Image"],
    (props, config) => {
        const pattern = new RegExp(config.secretNamePattern, "i");
        return Object.keys(record(props.buildArgs) ?? {})
            .filter((name) => pattern.test(name))
            .map((name) => ({ field: `buildArgs.${name}`, actual: "a value (not shown)", expected: "no secret among build args", fix: "move it to the Image's secrets input and mount it in a RUN step" }));
    },
);
