/** The browser version's texts about charts in the sheet viewer, in Swedish. */

function list(items: readonly string[], max = 6): string {
  const shown = items.slice(0, max);
  const rest = items.length - shown.length;
  return rest > 0 ? `${shown.join(", ")} och ${rest} till` : shown.join(", ");
}

export const CHART_STRINGS = {
  /** A series without a name (no header cell). */
  seriesName: (n: number) => `Serie ${n}`,
  untitled: "Diagram utan rubrik",
  kind: (direction: "column" | "bar", stacked: boolean) =>
    direction === "bar"
      ? stacked
        ? "Staplat liggande stapeldiagram"
        : "Grupperat liggande stapeldiagram"
      : stacked
        ? "Staplat stapeldiagram"
        : "Grupperat stapeldiagram",
  /** The chart's accessible name: what it shows, its series and categories and the range of values. */
  summary: (options: {
    readonly title: string;
    readonly kind: string;
    readonly series: readonly string[];
    readonly categories: readonly string[];
    readonly lowest?: string;
    readonly highest?: string;
  }) => {
    const { title, kind, series, categories, lowest, highest } = options;
    const parts = [
      `Diagram: ${title}.`,
      `${kind} med ${series.length === 1 ? "1 serie" : `${series.length} serier`} (${list(series)})`,
      `och ${categories.length === 1 ? "1 kategori" : `${categories.length} kategorier`} (${list(categories)}).`,
    ];
    if (lowest !== undefined && highest !== undefined)
      parts.push(lowest === highest ? `Alla värden: ${lowest}.` : `Värden från ${lowest} till ${highest}.`);
    else parts.push("Inga värden att visa.");
    return parts.join(" ");
  },
  /** A bar's tooltip. */
  bar: (series: string, category: string, value: string) => `${series}, ${category}: ${value}`,
  noValues: "Inga värden att visa",
  figureLabel: (title: string) => `Diagrammet ${title}`,
} as const;
