/**
 * Azure public-cloud regions (programmatic names, as `az account list-locations --query "[].name"`
 * prints them). A region outside this list is almost always a typo ("westeurop", "West Europe"),
 * which the config loader reports with the closest match. Extend the list when Azure opens one.
 */
import { closest } from "./text";

export const AZURE_REGIONS: readonly string[] = [
    "australiacentral", "australiacentral2", "australiaeast", "australiasoutheast", "austriaeast",
    "belgiumcentral", "brazilsouth", "brazilsoutheast", "canadacentral", "canadaeast", "centralindia",
    "centralus", "chilecentral", "eastasia", "eastus", "eastus2", "francecentral", "francesouth",
    "germanynorth", "germanywestcentral", "indonesiacentral", "israelcentral", "italynorth",
    "japaneast", "japanwest", "jioindiacentral", "jioindiawest", "koreacentral", "koreasouth",
    "malaysiawest", "mexicocentral", "newzealandnorth", "northcentralus", "northeurope",
    "norwayeast", "norwaywest", "polandcentral", "qatarcentral", "southafricanorth",
    "southafricawest", "southcentralus", "southeastasia", "southindia", "spaincentral",
    "swedencentral", "swedensouth", "switzerlandnorth", "switzerlandwest", "uaecentral", "uaenorth",
    "uksouth", "ukwest", "westcentralus", "westeurope", "westindia", "westus", "westus2", "westus3",
];

/** The listed region closest to `text`, to suggest in an error message. */
export function closestRegion(text: string): string | undefined {
    return closest(text.replace(/[^A-Za-z0-9]/g, ""), AZURE_REGIONS);
}
