/// <reference types="office-js" />
/**
 * Excel API requirement sets: which the add-in needs, checked at run time with
 * `Office.context.requirements.isSetSupported` behind a small interface tests can replace.
 *
 * The add-in needs ExcelApi 1.7 (the manifest's minimum): `getItemOrNullObject` and
 * `getUsedRangeOrNullObject` (1.4), table columns appended at the end with a name
 * (`TableColumnCollection.add(null, null, name)`, 1.4), `suspendApiCalculationUntilNextSync` and
 * conditional formats (1.6), `Range.hyperlink` and `Worksheet.freezePanes` (1.7). Newer sets are used when present:
 * data validation for dropdowns (1.8) and the place of a chart's value axis (1.8); indent levels,
 * `suspendScreenUpdatingUntilNextSync` and multi-area ranges for marks (1.9). Without them the
 * add-in skips those parts (and says so where it matters).
 */

/** Lowest ExcelApi version the add-in runs on; goes into the manifest's `<Requirements>`. */
export const MINIMUM_EXCEL_API = "1.7";

/** Optional features and the ExcelApi version each needs. */
export const FEATURE_REQUIREMENTS = {
  dataValidation: "1.8",
  chartAxisPosition: "1.8",
  indentLevel: "1.9",
  screenUpdating: "1.9",
  rangeAreas: "1.9",
} as const;

export type Feature = keyof typeof FEATURE_REQUIREMENTS;

const FEATURE_NAMES: Record<Feature, string> = {
  dataValidation: "data\u00ADvalidering",
  chartAxisPosition: "diagramaxlarnas läge",
  indentLevel: "indrag i celler",
  screenUpdating: "pausad skärmuppdatering",
  rangeAreas: "markering av flera områden",
};

/** What the adapter asks about the host. */
export interface Requirements {
  isSetSupported(name: string, minVersion?: string): boolean;
}

/** Every set supported: the fake workbook and tests. */
export const ALL_REQUIREMENTS: Requirements = { isSetSupported: () => true };

/** Only sets up to `version` (e.g. `"1.7"`), to test older hosts. */
export function requirementsUpTo(version: string): Requirements {
  return {
    isSetSupported: (name, minVersion) =>
      name === "ExcelApi" && compareVersions(minVersion ?? "1.1", version) <= 0,
  };
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The host's requirement sets; everything when there is no Office host (the browser preview). */
export function officeRequirements(): Requirements {
  return {
    isSetSupported: (name, minVersion) =>
      typeof Office === "undefined" ? true : Office.context.requirements.isSetSupported(name, minVersion),
  };
}

export function supports(requirements: Requirements, feature: Feature): boolean {
  return requirements.isSetSupported("ExcelApi", FEATURE_REQUIREMENTS[feature]);
}

/** Swedish message for a feature the host lacks. */
export function missingFeatureMessage(feature: Feature): string {
  return (
    `Den här funktionen kräver Excel med ExcelApi ${FEATURE_REQUIREMENTS[feature]} (${FEATURE_NAMES[feature]}). ` +
    "Uppdatera Excel eller använd Excel på webben."
  );
}

/** Swedish message when the host is older than the add-in's minimum, or undefined when it is fine. */
export function minimumRequirementMessage(requirements: Requirements): string | undefined {
  if (requirements.isSetSupported("ExcelApi", MINIMUM_EXCEL_API)) return undefined;
  return (
    `Verksamhetsplan för Excel kräver Excel med ExcelApi ${MINIMUM_EXCEL_API} eller senare ` +
    "(Excel 2019, Excel 2021, Microsoft 365 eller Excel på webben). Uppdatera Excel eller använd Excel på webben."
  );
}
