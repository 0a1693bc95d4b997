/**
 * The ribbon's function commands: the names manifest.xml's <FunctionName> elements use and
 * commands.ts registers with Office.actions.associate. Kept apart so tests can read them.
 */
export const COMMAND_FUNCTIONS = {
  /** "Kontrollera": checks the workbook and marks the findings' cells. */
  check: "kontrollera",
  /** "Skapa sammanställning": writes the generated sheets. */
  summary: "skapaSammanstallning",
} as const;

export type CommandFunction = (typeof COMMAND_FUNCTIONS)[keyof typeof COMMAND_FUNCTIONS];

export const COMMAND_FUNCTION_NAMES: readonly CommandFunction[] = Object.values(COMMAND_FUNCTIONS);
