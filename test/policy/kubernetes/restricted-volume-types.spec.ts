import { restrictedVolumeTypes } from "../../../policy/rules/kubernetes/restricted-volume-types";
import { resourceRuleTable } from "../../support/policy";
import { deployment, podSpec } from "../fixtures";

const volume = (r: any, v: object) => (podSpec(r).volumes = [...(podSpec(r).volumes ?? []), { name: "data", ...v }]);

resourceRuleTable(restrictedVolumeTypes, {
    good: deployment,
    compliant: [
        ["a claim, a projected token and an ephemeral volume", (r) => (volume(r, { persistentVolumeClaim: { claimName: "data" } }), volume(r, { projected: { sources: [] } }), volume(r, { ephemeral: { volumeClaimTemplate: { spec: {} } } }))],
        ["a CSI volume (the Key Vault provider) and an image volume", (r) => (volume(r, { csi: { driver: "secrets-store.csi.k8s.io" } }), volume(r, { image: { reference: "x" } }))],
    ],
    bad: [
        ["an inline azureFile share", (r) => volume(r, { azureFile: { secretName: "s", shareName: "x" } }), 'volumes[1].azureFile (volume "data") is {"secretName":"s","shareName":"x"}; expected configMap'],
        ["an NFS mount", (r) => volume(r, { nfs: { server: "10.0.0.4", path: "/" } }), 'volumes[1].nfs (volume "data")'],
        ["a hostPath (baseline's control too)", (r) => volume(r, { hostPath: { path: "/var/run" } }), "expected configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected or secret"],
    ],
});
