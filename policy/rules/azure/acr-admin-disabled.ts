import { resourceRule, show } from "../../lib/rule";

/** The admin user is a shared static password; anonymous pull serves images to anyone. */
export const acrAdminDisabled = resourceRule(
    {
        name: "acr-admin-disabled",
        description: "Container registries disable the admin user and anonymous pull.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Set adminUserEnabled: false and anonymousPullEnabled: false; pull with the kubelet identity (AcrPull), push with Entra ID (AcrPush).",
    },
    ["azure-native:containerregistry:Registry"],
    (props) =>
        (["adminUserEnabled", "anonymousPullEnabled"] as const)
            .filter((field) => props[field] !== false)
            .map((field) => ({ field, actual: show(props[field]), expected: "false", fix: `set ${field}: false` })),
);
