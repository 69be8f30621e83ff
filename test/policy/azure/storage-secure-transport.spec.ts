import { storageSecureTransport } from "../../../policy/rules/azure/storage-secure-transport";
import { resourceRuleTable } from "../../support/policy";
import { storageAccount } from "../fixtures";

resourceRuleTable(storageSecureTransport, {
    good: storageAccount,
    bad: [
        ["public blob access", (r) => (r.props.allowBlobPublicAccess = true), 'azure-native:storage:StorageAccount "lake-account": allowBlobPublicAccess is true; expected false. Fix: set allowBlobPublicAccess: false'],
        ["TLS 1.0", (r) => (r.props.minimumTlsVersion = "TLS1_0"), 'minimumTlsVersion is "TLS1_0"; expected "TLS1_2" or newer'],
        ["HTTP allowed", (r) => (r.props.enableHttpsTrafficOnly = false), "enableHttpsTrafficOnly is false"],
    ],
});
