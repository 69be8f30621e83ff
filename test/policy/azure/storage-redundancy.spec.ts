import { storageRedundancy } from "../../../policy/rules/azure/storage-redundancy";
import { resourceRuleTable } from "../../support/policy";
import { storageAccount } from "../fixtures";

resourceRuleTable(storageRedundancy, {
    good: storageAccount,
    config: { allowedSkus: ["Standard_ZRS", "Standard_GZRS"] },
    bad: [["LRS in prod", (r) => (r.props.sku.name = "Standard_LRS"), 'sku.name is "Standard_LRS"; expected one of Standard_ZRS, Standard_GZRS']],
});
