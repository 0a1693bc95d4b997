/** Kontroll: check the workbook, list the findings by severity and sheet, go to a finding's cell. */
import { Badge, Button, makeStyles, tokens } from "@fluentui/react-components";
import { useId, useState } from "react";
import type { Finding, Severity } from "../../core/findings";
import type { WorkbookPort } from "../../core/port";
import { ErrorNotice, Notice, ViewHead, useStyles } from "../components";
import type { CheckOutcome } from "../engine";
import { errorText } from "../errors";
import { loadEngine } from "../lazy";
import { useOperation } from "../operation";
import { STRINGS } from "../strings";

const S = STRINGS.check;
const SEVERITIES: readonly Severity[] = ["error", "warning", "info"];
const BADGE: Record<Severity, "danger" | "warning" | "informative"> = {
  error: "danger",
  warning: "warning",
  info: "informative",
};

const useFindingStyles = makeStyles({
  group: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalXS },
  sheet: {
    margin: 0,
    marginTop: tokens.spacingVerticalS,
    fontSize: tokens.fontSizeBase200,
    fontWeight: tokens.fontWeightSemibold,
    color: tokens.colorNeutralForeground2,
  },
  finding: {
    width: "100%",
    height: "auto",
    justifyContent: "flex-start",
    textAlign: "left",
    whiteSpace: "normal",
    fontWeight: tokens.fontWeightRegular,
    paddingTop: tokens.spacingVerticalXS,
    paddingBottom: tokens.spacingVerticalXS,
  },
  plain: { paddingLeft: tokens.spacingHorizontalM, paddingTop: tokens.spacingVerticalXS },
  cell: { fontWeight: tokens.fontWeightSemibold, marginRight: tokens.spacingHorizontalS },
  /** Read by screen readers, not shown: the sheet before the visible cell address. */
  hidden: {
    position: "absolute",
    width: "1px",
    height: "1px",
    overflow: "hidden",
    clipPath: "inset(50%)",
    whiteSpace: "nowrap",
  },
  code: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
});

/** Findings of one severity grouped by sheet, in the core's order. */
function bySheet(findings: readonly Finding[]): [string, Finding[]][] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = f.sheet ?? S.workbookGroup;
    const list = groups.get(key) ?? [];
    list.push(f);
    groups.set(key, list);
  }
  return [...groups];
}

export function CheckView({ port }: { port: WorkbookPort }) {
  const styles = useStyles();
  const op = useOperation();
  const headingId = useId();
  const [outcome, setOutcome] = useState<CheckOutcome | undefined>();
  const [selectError, setSelectError] = useState<string | undefined>();

  const check = () => {
    setSelectError(undefined);
    void op
      .run(async () => (await loadEngine()).check(port))
      .then((r) => {
        if (r) setOutcome(r);
      });
  };

  const select = (sheet: string, cell: string) => {
    setSelectError(undefined);
    port.selectCell(sheet, cell).catch((e: unknown) => setSelectError(`${S.selectFailed} ${errorText(e)}`));
  };

  return (
    <section className={styles.view} aria-labelledby={headingId}>
      <ViewHead
        id={headingId}
        heading={S.heading}
        intro={S.intro}
        action={S.button}
        disabled={op.busy}
        onAction={check}
      />
      {op.running ? <Notice intent="info">{S.working}</Notice> : null}
      <ErrorNotice error={op.error ?? selectError} />
      {outcome ? <Findings outcome={outcome} onSelect={select} /> : null}
    </section>
  );
}

function Findings({
  outcome,
  onSelect,
}: {
  outcome: CheckOutcome;
  onSelect: (sheet: string, cell: string) => void;
}) {
  const styles = useStyles();
  const own = useFindingStyles();
  const { counts } = outcome;
  const total = counts.error + counts.warning + counts.info;
  return (
    <>
      <div role="status">
        <Notice intent={counts.error > 0 ? "error" : counts.warning > 0 ? "warning" : "success"}>
          {total === 0 ? S.noFindings : STRINGS.results.checkCounts(counts)}
        </Notice>
      </div>
      {SEVERITIES.map((severity) => {
        const list = outcome.findings.filter((f) => f.severity === severity);
        if (list.length === 0) return null;
        const id = `kontroll-${severity}`;
        return (
          <section key={severity} className={own.group} aria-labelledby={id}>
            <h3 id={id} className={styles.subheading}>
              <Badge appearance="filled" color={BADGE[severity]} shape="rounded">
                {list.length}
              </Badge>{" "}
              {STRINGS.severityPlural[severity]}
            </h3>
            {bySheet(list).map(([sheet, items]) => (
              <div key={sheet}>
                <h4 className={own.sheet}>{sheet}</h4>
                <ul className={styles.list}>
                  {items.map((f, i) => (
                    <li key={`${f.code}-${f.cell ?? ""}-${i}`}>
                      {f.sheet && f.cell ? (
                        <Button
                          appearance="subtle"
                          className={own.finding}
                          onClick={() => onSelect(f.sheet as string, f.cell as string)}
                        >
                          <span>
                            <span className={own.hidden}>{S.goToSheet(f.sheet)}</span>
                            <span className={own.cell}>{f.cell}</span> {f.message}{" "}
                            <span className={own.code}>{f.code}</span>
                          </span>
                        </Button>
                      ) : (
                        <div className={own.plain}>
                          {f.message} <span className={own.code}>{f.code}</span>
                        </div>
                      )}
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </section>
        );
      })}
    </>
  );
}
