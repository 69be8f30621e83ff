import { resourceRule, show } from "../../lib/rule";

/** Data in transit is encrypted with current TLS, and no blob is ever anonymously readable. */
export const storageSecureTransport = resourceRule(
    {
        name: "storage-secure-transport",
        description: "Storage accounts allow HTTPS only, require TLS 1.2, and forbid public blob access.",
        severity: "high",
        enforcementLevel: "mandatory",
        remediationSteps: "Set enableHttpsTrafficOnly: true, minimumTlsVersion: TLS1_2 and allowBlobPublicAccess: false (DataLake does).",
    },
    ["azure-native:storage:StorageAccount"],
    (props) => {
        const found = [];
        if (props.enableHttpsTrafficOnly === false) {
            found.push({ field: "enableHttpsTrafficOnly", actual: "false", expected: "true", fix: "allow HTTPS only" });
        }
        if (props.minimumTlsVersion !== "TLS1_2" && props.minimumTlsVersion !== "TLS1_3") {
            found.push({ field: "minimumTlsVersion", actual: show(props.minimumTlsVersion), expected: '"TLS1_2" or newer', fix: "set minimumTlsVersion: TLS1_2" });
        }
        if (props.allowBlobPublicAccess !== false) {
            found.push({ field: "allowBlobPublicAccess", actual: show(props.allowBlobPublicAccess), expected: "false", fix: "set allowBlobPublicAccess: false" });
        }
        return found;
    },
);
