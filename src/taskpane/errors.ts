/** Turns anything thrown by the core, the Office adapter or Excel into a plain Swedish sentence. */
import { STRINGS } from "./strings";

/** An error whose message is written for the user, in Swedish (shown as it is). */
export class UserFacingError extends Error {
  override name = "UserFacingError";
}

/**
 * Errors whose message is already written for the user, in Swedish: shown as they are.
 * GeneratedSheetConflictError comes from the core; the others from the Office adapter.
 */
const USER_FACING = new Set([
  "GeneratedSheetConflictError",
  "RequirementsError",
  "MissingRequirementsError",
  "UnsupportedHostError",
  "UserFacingError",
]);

/** Swedish letters or typical Swedish words: the message was written for the user. */
const SWEDISH = /[åäöÅÄÖ]|\b(och|inte|finns|saknas|arbetsboken|bladet|tabellen)\b/;

export function errorText(error: unknown): string {
  if (error instanceof Error || (typeof error === "object" && error !== null && "message" in error)) {
    const e = error as { name?: unknown; message?: unknown; code?: unknown; debugInfo?: unknown };
    const name = typeof e.name === "string" ? e.name : "";
    const message = typeof e.message === "string" ? e.message : "";
    if (USER_FACING.has(name) && message) return message;
    // OfficeExtension.Error: a code such as `InvalidArgument` and an English message.
    if (typeof e.code === "string" && e.debugInfo !== undefined) return STRINGS.errors.excel(e.code);
    if (message && SWEDISH.test(message)) return message;
    return STRINGS.errors.unexpected(message);
  }
  return STRINGS.errors.unexpected(typeof error === "string" ? error : "");
}
