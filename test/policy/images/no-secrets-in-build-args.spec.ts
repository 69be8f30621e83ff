import { noSecretsInBuildArgs } from "../../../policy/rules/images/no-secrets-in-build-args";
import { resourceRuleTable } from "../../support/policy";
import { image } from "../fixtures";

resourceRuleTable(noSecretsInBuildArgs, {
    good: image,
    compliant: [["no build args", (r) => delete r.props.buildArgs]],
    bad: [
        ["an npm token", (r) => (r.props.buildArgs.NPM_TOKEN = "npm_abc"), "buildArgs.NPM_TOKEN is a value (not shown); expected no secret among build args"],
        ["a password in lower case", (r) => (r.props.buildArgs.db_password = "x"), "buildArgs.db_password"],
    ],
});
