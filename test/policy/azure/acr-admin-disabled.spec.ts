import { acrAdminDisabled } from "../../../policy/rules/azure/acr-admin-disabled";
import { resourceRuleTable } from "../../support/policy";
import { registry } from "../fixtures";

resourceRuleTable(acrAdminDisabled, {
    good: registry,
    bad: [
        ["the admin user", (r) => (r.props.adminUserEnabled = true), "adminUserEnabled is true; expected false"],
        ["anonymous pull unset", (r) => delete r.props.anonymousPullEnabled, "anonymousPullEnabled is missing; expected false"],
    ],
});
