/** Sammanställning: write the generated sheets, with progress, and show the result. */
import { Field, ProgressBar } from "@fluentui/react-components";
import { useId, useState } from "react";
import type { WorkbookPort } from "../../core/port";
import { ErrorNotice, Notice, ViewHead, useStyles } from "../components";
import type { SummaryOutcome } from "../engine";
import { loadEngine } from "../lazy";
import { useOperation } from "../operation";
import { STRINGS } from "../strings";

const S = STRINGS.summary;

export function SummaryView({ port }: { port: WorkbookPort }) {
  const styles = useStyles();
  const op = useOperation();
  const headingId = useId();
  const [progress, setProgress] = useState<{ fraction: number; label: string }>({
    fraction: 0,
    label: S.starting,
  });
  const [outcome, setOutcome] = useState<SummaryOutcome | undefined>();

  const summarize = () => {
    setOutcome(undefined);
    setProgress({ fraction: 0, label: S.starting });
    void op
      .run(async () => {
        const engine = await loadEngine();
        return engine.summarize(port, (fraction, label) =>
          setProgress({ fraction: Math.min(1, Math.max(0, fraction)), label }),
        );
      })
      .then((r) => {
        if (r) setOutcome(r);
      });
  };

  return (
    <section className={styles.view} aria-labelledby={headingId}>
      <ViewHead
        id={headingId}
        heading={S.heading}
        intro={S.intro}
        action={S.button}
        disabled={op.busy}
        onAction={summarize}
      />
      {op.running ? (
        <Field label={S.progressLabel} validationMessage={progress.label} validationState="none">
          <ProgressBar value={progress.fraction} max={1} thickness="large" />
        </Field>
      ) : null}
      <ErrorNotice error={op.error} />
      {outcome ? (
        <div role="status" className={styles.form}>
          <Notice intent="success">{S.sheetsWritten(outcome.sheets)}</Notice>
          {outcome.total ? (
            <p className={styles.text}>
              {S.total(
                outcome.total.period,
                outcome.total.amount,
                S.unit[outcome.total.unit] ?? outcome.total.unit,
              )}
            </p>
          ) : null}
          {outcome.deviation ? (
            <p className={styles.text}>
              {S.deviation(
                outcome.deviation.amount,
                S.unit[outcome.deviation.unit] ?? outcome.deviation.unit,
                outcome.deviation.favourable,
              )}
            </p>
          ) : null}
          {outcome.assessments ? <p className={styles.text}>{S.assessments(outcome.assessments)}</p> : null}
          <p className={styles.text}>{STRINGS.results.checkCounts(outcome.counts)}</p>
        </div>
      ) : null}
    </section>
  );
}
