import { readOnlyRootFilesystem } from "../../../policy/rules/kubernetes/read-only-root-filesystem";
import { resourceRuleTable } from "../../support/policy";
import { container, deployment } from "../fixtures";

resourceRuleTable(readOnlyRootFilesystem, {
    good: deployment,
    bad: [
        ["a writable root", (r) => (container(r).securityContext.readOnlyRootFilesystem = false), 'readOnlyRootFilesystem (container "api") is false; expected true'],
        ["no setting", (r) => delete container(r).securityContext.readOnlyRootFilesystem, "readOnlyRootFilesystem (container \"api\") is missing"],
    ],
});
