/**
 * Enheter (on the Start tab): consolidate the units' workbooks into the open nämnd's workbook, and
 * create a unit's workbook from it. The files are read in a Web Worker, with progress and Avbryt.
 */
import { Button, Field, Input, ProgressBar, makeStyles } from "@fluentui/react-components";
import { useId, useRef, useState } from "react";
import type { WorkbookPort } from "../../core/port";
import { ErrorNotice, Notice, StatusNotice, useStyles } from "../components";
import type { ConsolidationOutcome } from "../engine";
import { loadEngine } from "../lazy";
import { useOperation } from "../operation";
import { STRINGS } from "../strings";
import { CancelledError, readUnitFiles } from "../units";

const S = STRINGS.units;

const useLocalStyles = makeStyles({ hiddenInput: { display: "none" } });

type Phase =
  { kind: "reading"; done: number; total: number } | { kind: "writing"; fraction: number; label: string };

export function UnitsView({ port }: { port: WorkbookPort }) {
  return (
    <>
      <ConsolidateSection port={port} />
      <UnitTemplateSection port={port} />
    </>
  );
}

function ConsolidateSection({ port }: { port: WorkbookPort }) {
  const styles = useStyles();
  const local = useLocalStyles();
  const op = useOperation();
  const headingId = useId();
  const input = useRef<HTMLInputElement>(null);
  const abort = useRef<AbortController | undefined>(undefined);
  const [phase, setPhase] = useState<Phase | undefined>();
  const [outcome, setOutcome] = useState<ConsolidationOutcome | undefined>();
  const [cancelled, setCancelled] = useState(false);

  const start = (files: readonly File[]) => {
    if (files.length === 0) return;
    setOutcome(undefined);
    setCancelled(false);
    const controller = new AbortController();
    abort.current = controller;
    setPhase({ kind: "reading", done: 0, total: files.length });
    void op
      .run(async () => {
        try {
          const [engine, digests] = await Promise.all([
            loadEngine(),
            readUnitFiles(
              files,
              (done, total) => setPhase({ kind: "reading", done, total }),
              controller.signal,
            ),
          ]);
          if (controller.signal.aborted) throw new CancelledError();
          setPhase({ kind: "writing", fraction: 0, label: S.consolidating });
          return await engine.consolidateUnits(port, digests, (fraction, label) =>
            setPhase({ kind: "writing", fraction: Math.min(1, Math.max(0, fraction)), label }),
          );
        } catch (error) {
          if (error instanceof CancelledError) {
            setCancelled(true);
            return undefined;
          }
          throw error;
        }
      })
      .then((r) => {
        abort.current = undefined;
        setPhase(undefined);
        if (r) setOutcome(r);
      });
  };

  const running = op.running && phase !== undefined;
  return (
    <section className={styles.view} aria-labelledby={headingId}>
      <h2 id={headingId} className={styles.heading}>
        {S.consolidateHeading}
      </h2>
      <p className={styles.text}>{S.consolidateIntro}</p>
      <div className={styles.actions}>
        <Button disabled={op.busy} onClick={() => input.current?.click()}>
          {S.consolidateButton}
        </Button>
        {running && phase.kind === "reading" ? (
          <Button onClick={() => abort.current?.abort()}>{S.cancelButton}</Button>
        ) : null}
      </div>
      <input
        ref={input}
        className={local.hiddenInput}
        type="file"
        multiple
        accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        aria-label={S.filesLabel}
        tabIndex={-1}
        disabled={op.busy}
        onChange={(e) => {
          const files = Array.from(e.target.files ?? []);
          e.target.value = "";
          start(files);
        }}
      />
      {running ? (
        <Field
          label={S.progressLabel}
          validationMessage={phase.kind === "reading" ? S.reading(phase.done, phase.total) : phase.label}
          validationState="none"
        >
          <ProgressBar
            value={
              phase.kind === "reading" ? (phase.total > 0 ? phase.done / phase.total : 0) : phase.fraction
            }
            max={1}
            thickness="large"
          />
        </Field>
      ) : null}
      <ErrorNotice error={op.error} />
      <StatusNotice intent="info">{cancelled ? S.cancelled : null}</StatusNotice>
      {outcome ? <ConsolidationResult outcome={outcome} /> : null}
    </section>
  );
}

function ConsolidationResult({ outcome }: { outcome: ConsolidationOutcome }) {
  const styles = useStyles();
  const T = STRINGS.summary;
  return (
    <div role="status" className={styles.form}>
      <Notice intent={outcome.skipped.length > 0 ? "warning" : "success"}>
        {S.consolidated(outcome.consolidated.length)} {T.sheetsWritten(outcome.sheets)}
      </Notice>
      {outcome.total ? (
        <p className={styles.text}>
          {T.total(
            outcome.total.period,
            outcome.total.amount,
            T.unit[outcome.total.unit] ?? outcome.total.unit,
          )}
        </p>
      ) : null}
      <p className={styles.text}>{STRINGS.results.checkCounts(outcome.counts)}</p>
      {outcome.consolidated.length > 0 ? (
        <>
          <h3 className={styles.subheading}>{S.consolidatedHeading}</h3>
          <ul>
            {outcome.consolidated.map((u, i) => (
              <li key={`${u}-${i}`}>{u}</li>
            ))}
          </ul>
        </>
      ) : null}
      {outcome.skipped.length > 0 ? (
        <>
          <h3 className={styles.subheading}>{S.skippedHeading}</h3>
          <ul>
            {outcome.skipped.map((f, i) => (
              <li key={`${f.file}-${i}`}>{S.skipped(f.file, f.reason)}</li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}

function UnitTemplateSection({ port }: { port: WorkbookPort }) {
  const styles = useStyles();
  const op = useOperation();
  const headingId = useId();
  const [name, setName] = useState("");
  const [touched, setTouched] = useState(false);
  const [created, setCreated] = useState<string | undefined>();
  const missing = name.trim() === "";

  const create = () => {
    setTouched(true);
    if (missing) return;
    setCreated(undefined);
    void op
      .run(async () => (await loadEngine()).createUnitTemplate(port, name))
      .then((file) => file && setCreated(file));
  };

  return (
    <section className={styles.view} aria-labelledby={headingId}>
      <h2 id={headingId} className={styles.heading}>
        {S.templateHeading}
      </h2>
      <p className={styles.text}>{S.templateIntro}</p>
      <Field
        label={S.nameLabel}
        validationState={touched && missing ? "error" : "none"}
        validationMessage={touched && missing ? S.nameMissing : undefined}
      >
        <Input value={name} onChange={(_, d) => setName(d.value)} />
      </Field>
      <div className={styles.actions}>
        <Button disabled={op.busy} onClick={create}>
          {S.templateButton}
        </Button>
      </div>
      {op.running ? <Notice intent="info">{S.templateWorking}</Notice> : null}
      <ErrorNotice error={op.error} />
      <StatusNotice>{created ? S.templateDone(created) : null}</StatusNotice>
    </section>
  );
}
