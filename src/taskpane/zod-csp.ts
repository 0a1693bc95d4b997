/**
 * The pages' Content-Security-Policy allows no eval. Zod compiles object parsers with
 * `new Function` unless told not to (it would catch the refusal, but the browser still reports a
 * CSP violation). Import this before anything that builds Zod schemas (src/core/schemas.ts).
 */
import { config } from "zod";

config({ jitless: true });
