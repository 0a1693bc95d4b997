/// <reference types="office-js" />
/**
 * Typing of the fake against @types/office-js: every fake proxy class declares
 * `implements ExcelSubset<Excel.X, "member" | …>`, so a member name Excel does not have, or a
 * parameter type Excel would not accept, fails to compile.
 */
import { utf8Length } from "../core/utf8";

/**
 * The members `K` of the Excel proxy class `T` as the fake implements them: the same names and
 * parameter types; where Excel returns a proxy object (or a list of them), the fake returns its
 * own proxy class, which is checked by its own `implements` clause.
 */
export type ExcelSubset<T, K extends keyof T> = { [P in K]: FakeMember<T[P]> };

type FakeMember<V> = V extends (...args: infer A) => infer R
  ? (...args: A) => FakeResult<R>
  : V extends OfficeExtension.ClientObject
    ? unknown
    : V extends readonly OfficeExtension.ClientObject[]
      ? readonly unknown[]
      : V;

type FakeResult<R> = R extends OfficeExtension.ClientObject ? unknown : R;

export { utf8Length };

/** Size of a value as JSON in UTF-8 bytes: how the fake measures requests and responses. */
export function jsonBytes(value: unknown): number {
  return utf8Length(JSON.stringify(value) ?? "null");
}
