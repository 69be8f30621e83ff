import { storageSoftDelete } from "../../../policy/rules/azure/storage-soft-delete";
import { resourceRuleTable } from "../../support/policy";
import { blobService } from "../fixtures";

resourceRuleTable(storageSoftDelete, {
    good: blobService,
    config: { minimumDays: 30 },
    bad: [
        ["7 days in prod", (r) => (r.props.deleteRetentionPolicy.days = 7), 'deleteRetentionPolicy is {"days":7,"enabled":true}; expected { enabled: true, days: >= 30 }'],
        ["container soft delete off", (r) => (r.props.containerDeleteRetentionPolicy.enabled = false), "containerDeleteRetentionPolicy is"],
    ],
});
