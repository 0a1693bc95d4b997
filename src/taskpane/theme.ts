/** Chooses the Fluent theme that matches the Office theme (light when Office does not say). */

/** `true` when a CSS hex colour such as `#1f1f1f` or `1F1F1F` is dark. */
export function isDarkColor(color: string | undefined | null): boolean {
  if (!color) return false;
  const m = /^#?([0-9a-f]{6}|[0-9a-f]{3})$/i.exec(color.trim());
  if (!m || !m[1]) return false;
  const hex =
    m[1].length === 3
      ? m[1]
          .split("")
          .map((ch) => ch + ch)
          .join("")
      : m[1];
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255) as [number, number, number];
  // Relative luminance (sRGB, WCAG).
  const lin = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  const luminance = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  return luminance < 0.2;
}

export type ThemeName = "light" | "dark";

/** The theme for Office's body background colour (`Office.context.officeTheme.bodyBackgroundColor`). */
export function themeForOfficeBackground(bodyBackgroundColor: string | undefined | null): ThemeName {
  return isDarkColor(bodyBackgroundColor) ? "dark" : "light";
}
