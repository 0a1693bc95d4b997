/** Start: create the template's sheets and tables, or add only the missing ones. */
import { Button, Field, Input, Radio, RadioGroup } from "@fluentui/react-components";
import { useId, useState } from "react";
import type { TemplateResult, WorkbookPort } from "../../core/port";
import { LEVELS, type OrgLevel } from "../../core/spec";
import { ErrorNotice, Notice, StatusNotice, useStyles } from "../components";
import type { ExampleId } from "../engine";
import { loadEngine } from "../lazy";
import { useOperation } from "../operation";
import { STRINGS } from "../strings";

const S = STRINGS.start;

function parseYear(text: string): number | undefined {
  const t = text.trim();
  if (!/^\d{4}$/.test(t)) return undefined;
  const year = Number(t);
  return year >= 1900 && year <= 2200 ? year : undefined;
}

export function StartView({ port }: { port: WorkbookPort }) {
  const styles = useStyles();
  const op = useOperation();
  const headingId = useId();
  const [level, setLevel] = useState<OrgLevel>("Nämnd");
  const [yearText, setYearText] = useState(String(new Date().getFullYear() + 1));
  const [result, setResult] = useState<TemplateResult | undefined>();
  const year = parseYear(yearText);

  const create = (missingOnly: boolean) => {
    if (year === undefined) return;
    setResult(undefined);
    void op
      .run(async () => {
        const engine = await loadEngine();
        const options = { level, planYear: year };
        return missingOnly ? engine.addMissingTables(port, options) : engine.createTemplate(port, options);
      })
      .then((r) => r && setResult(r));
  };

  return (
    <section className={styles.view} aria-labelledby={headingId}>
      <h2 id={headingId} className={styles.heading}>
        {S.heading}
      </h2>
      <p className={styles.text}>{S.intro}</p>
      <Field label={S.levelLabel}>
        <RadioGroup value={level} onChange={(_, d) => setLevel(d.value as OrgLevel)} layout="horizontal">
          {LEVELS.map((l) => (
            <Radio key={l} value={l} label={S.levels[l] ?? l} />
          ))}
        </RadioGroup>
      </Field>
      <Field
        label={S.planYearLabel}
        hint={S.planYearHint}
        validationState={year === undefined ? "error" : "none"}
        validationMessage={year === undefined ? STRINGS.settings.planYearInvalid : undefined}
      >
        <Input inputMode="numeric" value={yearText} onChange={(_, d) => setYearText(d.value)} />
      </Field>
      <div className={styles.actions}>
        <Button appearance="primary" disabled={op.busy || year === undefined} onClick={() => create(false)}>
          {S.createButton}
        </Button>
        <Button disabled={op.busy || year === undefined} onClick={() => create(true)}>
          {S.addMissingButton}
        </Button>
      </div>
      <p className={styles.text}>{S.addMissingHint}</p>
      {op.running ? <Notice intent="info">{S.working}</Notice> : null}
      <ErrorNotice error={op.error} />
      {result ? <TemplateOutcome result={result} /> : null}
      {port.openWorkbook ? <Examples port={port} /> : null}
    </section>
  );
}

/** Opens either bundled example as a new workbook. */
function Examples({ port }: { port: WorkbookPort }) {
  const styles = useStyles();
  const op = useOperation();
  const headingId = useId();
  const [opened, setOpened] = useState<string | undefined>();
  const open = (which: ExampleId) => {
    setOpened(undefined);
    void op
      .run(async () => (await loadEngine()).openExample(port, which))
      .then((file) => file && setOpened(file));
  };
  return (
    <section aria-labelledby={headingId}>
      <h3 id={headingId} className={styles.subheading}>
        {S.examplesHeading}
      </h3>
      <p className={styles.text}>{S.examplesIntro}</p>
      <div className={styles.actions}>
        <Button disabled={op.busy} onClick={() => open("plan")}>
          {S.examplePlan}
        </Button>
        <Button disabled={op.busy} onClick={() => open("followup")}>
          {S.exampleFollowUp}
        </Button>
      </div>
      <ErrorNotice error={op.error} />
      <StatusNotice>{opened ? S.exampleOpened(opened) : null}</StatusNotice>
    </section>
  );
}

function TemplateOutcome({ result }: { result: TemplateResult }) {
  const styles = useStyles();
  return (
    <div role="status">
      <Notice intent={result.created.length > 0 ? "success" : "info"}>
        {result.created.length > 0
          ? S.createdSummary(result.created.length, result.kept.length)
          : S.nothingCreated}
      </Notice>
      {result.created.length > 0 ? (
        <>
          <h3 className={styles.subheading}>{S.createdHeading}</h3>
          <ul>
            {result.created.map((t) => (
              <li key={t}>{t}</li>
            ))}
          </ul>
        </>
      ) : null}
      {result.kept.length > 0 ? (
        <>
          <h3 className={styles.subheading}>{S.keptHeading}</h3>
          <ul>
            {result.kept.map((t) => (
              <li key={t}>{t}</li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
