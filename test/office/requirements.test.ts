import {
  ALL_REQUIREMENTS,
  compareVersions,
  MINIMUM_EXCEL_API,
  minimumRequirementMessage,
  missingFeatureMessage,
  officeRequirements,
  requirementsUpTo,
  supports,
} from "../../src/office/requirements";

test("the minimum is ExcelApi 1.7; newer features are checked one by one", () => {
  expect(MINIMUM_EXCEL_API).toBe("1.7");
  const old = requirementsUpTo("1.7");
  expect(minimumRequirementMessage(old)).toBeUndefined();
  expect(minimumRequirementMessage(requirementsUpTo("1.6"))).toContain("ExcelApi 1.7");
  expect(supports(old, "dataValidation")).toBe(false);
  expect(supports(requirementsUpTo("1.8"), "dataValidation")).toBe(true);
  expect(supports(requirementsUpTo("1.8"), "indentLevel")).toBe(false);
  expect(supports(ALL_REQUIREMENTS, "rangeAreas")).toBe(true);
  expect(compareVersions("1.10", "1.9")).toBeGreaterThan(0);
});

test("Swedish messages for missing sets", () => {
  expect(missingFeatureMessage("dataValidation")).toBe(
    "Den här funktionen kräver Excel med ExcelApi 1.8 (data\u00ADvalidering). Uppdatera Excel eller använd Excel på webben.",
  );
});

test("without an Office host (the browser preview) everything counts as supported", () => {
  expect(officeRequirements().isSetSupported("ExcelApi", "1.9")).toBe(true);
});
