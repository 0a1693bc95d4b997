/** Inställningar: the Installningar table's values as a form, loaded from and saved to the workbook. */
import { Button, Field, Input, Select } from "@fluentui/react-components";
import { useCallback, useEffect, useId, useRef, useState } from "react";
import type { Settings } from "../../core/model";
import type { WorkbookPort } from "../../core/port";
import {
  DOCUMENT_TYPES,
  INPUT_UNITS,
  LEVELS,
  SETTING_NAMES,
  SUMMARY_UNITS,
  type SettingName,
} from "../../core/spec";
import { formatShortSv, parseAmount } from "../../core/values";
import { ErrorNotice, Notice, StatusNotice, useStyles } from "../components";
import { loadEngine } from "../lazy";
import { useOperation } from "../operation";
import { STRINGS } from "../strings";

const S = STRINGS.settings;

export type SettingsForm = Record<SettingName, string>;

/** Choices of the settings shown as dropdowns. */
const CHOICES: Partial<Record<SettingName, readonly string[]>> = {
  Nivå: LEVELS,
  Dokument: DOCUMENT_TYPES,
  "Beloppsenhet i indata": INPUT_UNITS,
  "Beloppsenhet i sammanställning": SUMMARY_UNITS,
  "Decimaler i sammanställning": ["0", "1", "2", "3"],
};

const AMOUNTS: readonly SettingName[] = ["Budgetram netto", "Investeringsram"];

export function settingsToForm(s: Settings): SettingsForm {
  return {
    Organisation: s.organisation,
    Nivå: s.level,
    "Överordnad organisation": s.parentOrganisation ?? "",
    Planår: s.planYear > 0 ? String(s.planYear) : "",
    Dokument: s.document,
    "Beloppsenhet i indata": s.inputUnit,
    "Beloppsenhet i sammanställning": s.summaryUnit,
    "Decimaler i sammanställning": String(s.decimals),
    "Budgetram netto": s.budgetFrame !== undefined ? formatShortSv(s.budgetFrame) : "",
    Investeringsram: s.investmentFrame !== undefined ? formatShortSv(s.investmentFrame) : "",
  };
}

type Parsed =
  | { ok: true; values: Map<SettingName, string | number | null> }
  | { ok: false; errors: Partial<Record<SettingName, string>> };

/** The form as values for port.writeSettings; numbers for Planår, Decimaler and the frames. */
export function formToValues(form: SettingsForm): Parsed {
  const values = new Map<SettingName, string | number | null>();
  const errors: Partial<Record<SettingName, string>> = {};
  for (const name of SETTING_NAMES) {
    const text = form[name].trim();
    if (name === "Planår") {
      const year = /^\d{4}$/.test(text) ? Number(text) : NaN;
      if (!(year >= 1900 && year <= 2200)) errors[name] = S.planYearInvalid;
      else values.set(name, year);
    } else if (name === "Decimaler i sammanställning") {
      values.set(name, Number(text));
    } else if (AMOUNTS.includes(name)) {
      const parsed = parseAmount(text === "" ? null : text);
      if (!parsed.ok) errors[name] = parsed.message;
      else values.set(name, parsed.value);
    } else {
      values.set(name, text === "" ? null : text);
    }
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, values };
}

export function SettingsView({ port, active }: { port: WorkbookPort; active: boolean }) {
  const styles = useStyles();
  const op = useOperation();
  const headingId = useId();
  const fieldId = useId();
  const [form, setForm] = useState<SettingsForm | undefined>();
  const [errors, setErrors] = useState<Partial<Record<SettingName, string>>>({});
  const [notice, setNotice] = useState<string | undefined>();
  const [action, setAction] = useState<"load" | "save">("load");
  const loadedOnce = useRef(false);

  const { run, busy } = op;
  const load = useCallback(() => {
    setNotice(undefined);
    setAction("load");
    void run(async () => (await loadEngine()).loadSettings(port)).then((settings) => {
      if (!settings) return;
      setForm(settingsToForm(settings));
      setErrors({});
    });
  }, [run, port]);

  // Loads once, when the view is first shown (later with the button).
  useEffect(() => {
    if (active && !loadedOnce.current && !busy) {
      loadedOnce.current = true;
      load();
    }
  }, [active, busy, load]);

  const save = () => {
    if (!form) return;
    setNotice(undefined);
    const parsed = formToValues(form);
    if (!parsed.ok) {
      setErrors(parsed.errors);
      return;
    }
    setErrors({});
    setAction("save");
    void op
      .run(async () => (await loadEngine()).saveSettings(port, parsed.values))
      .then((added) => {
        if (!added) return;
        setNotice(added.length > 0 ? `${S.saved} ${S.columnsAdded(added)}` : S.saved);
      });
  };

  const set = (name: SettingName, value: string) => {
    setNotice(undefined);
    setForm((f) => (f ? { ...f, [name]: value } : f));
  };

  return (
    <section className={styles.view} aria-labelledby={headingId}>
      <h2 id={headingId} className={styles.heading}>
        {S.heading}
      </h2>
      <p className={styles.text}>{S.intro}</p>
      {op.running ? <Notice intent="info">{action === "load" ? S.loading : S.saving}</Notice> : null}
      <ErrorNotice error={op.error} />
      {!form && !op.running ? <Notice intent="info">{S.notLoaded}</Notice> : null}
      {form ? (
        <form
          className={styles.form}
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            save();
          }}
        >
          {SETTING_NAMES.map((name, i) => {
            const choices = CHOICES[name];
            const error = errors[name];
            return (
              <Field
                key={name}
                label={S.labels[name] ?? name}
                hint={S.hints[name]}
                validationState={error ? "error" : "none"}
                validationMessage={error}
              >
                {choices ? (
                  <Select id={`${fieldId}-${i}`} value={form[name]} onChange={(_, d) => set(name, d.value)}>
                    {choices.map((c) => (
                      <option key={c} value={c}>
                        {c}
                      </option>
                    ))}
                  </Select>
                ) : (
                  <Input
                    id={`${fieldId}-${i}`}
                    value={form[name]}
                    inputMode={name === "Planår" ? "numeric" : AMOUNTS.includes(name) ? "decimal" : "text"}
                    onChange={(_, d) => set(name, d.value)}
                  />
                )}
              </Field>
            );
          })}
          {Object.keys(errors).length > 0 ? (
            <div role="alert">
              <Notice intent="error">{S.fixErrors}</Notice>
            </div>
          ) : null}
          <StatusNotice>{notice}</StatusNotice>
          <div className={styles.actions}>
            <Button appearance="primary" type="submit" disabled={op.busy}>
              {S.saveButton}
            </Button>
            <Button disabled={op.busy} onClick={load}>
              {S.loadButton}
            </Button>
          </div>
        </form>
      ) : (
        <div className={styles.actions}>
          <Button disabled={op.busy} onClick={load}>
            {S.loadButton}
          </Button>
        </div>
      )}
    </section>
  );
}
