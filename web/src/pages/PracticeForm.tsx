// The practice record's form, shared by proposing a practice and editing one: every field of the record.
import { Button, Input, TextArea } from "design-react-kit";
import { useState, type FormEvent } from "react";
import type { Evaluation, PracticeFields, PracticeLifecycle, PracticeVisibility, TargetGroup, Theme } from "../gql/graphql";
import { useI18n, type Key } from "../i18n";
import { GROUPS, THEMES } from "./Practices";

/** The editable values of a practice, as the form holds them (empty strings for unset text). */
export interface PracticeValues {
  title: string;
  summary: string;
  body: string;
  themes: Theme[];
  targetGroups: TargetGroup[];
  region: string;
  territory: string;
  language: string;
  startDate: string;
  endDate: string;
  practiceState: PracticeLifecycle;
  evaluation: Evaluation;
  funding: string;
  projectCode: string;
  results: string;
  transferability: string;
  contactName: string;
  contactEmail: string;
  visibility: PracticeVisibility;
}

export const EMPTY_PRACTICE: PracticeValues = {
  title: "",
  summary: "",
  body: "",
  themes: [],
  targetGroups: [],
  region: "",
  territory: "",
  language: "it",
  startDate: "",
  endDate: "",
  practiceState: "ACTIVE",
  evaluation: "NONE",
  funding: "",
  projectCode: "",
  results: "",
  transferability: "",
  contactName: "",
  contactEmail: "",
  visibility: "NETWORK",
};

const LIFECYCLES: PracticeLifecycle[] = ["ACTIVE", "ENDED", "STRUCTURAL"];
const EVALUATIONS: Evaluation[] = ["NONE", "INTERNAL", "EXTERNAL"];
type TextField = "region" | "territory" | "language" | "funding" | "projectCode" | "contactName" | "contactEmail";

/** The form's values from a stored record: exactly the form's fields, unset ones empty. */
export function practiceValues(record: { [K in keyof PracticeValues]?: PracticeValues[K] | null }): PracticeValues {
  const entries = Object.entries(EMPTY_PRACTICE).map(([key, empty]) => [key, record[key as keyof PracticeValues] ?? empty]);
  return Object.fromEntries(entries) as PracticeValues;
}

/** The input a mutation takes: exactly the form's fields; empty text clears a field, empty dates are left out. */
export function practiceFields(values: PracticeValues): PracticeFields {
  return { ...practiceValues(values), startDate: values.startDate || null, endDate: values.endDate || null };
}

export function PracticeForm({ initial, submitLabel, saving, onSave }: { initial: PracticeValues; submitLabel: string; saving: boolean; onSave: (values: PracticeValues) => void }) {
  const { t, label } = useI18n();
  const [values, setValues] = useState(initial);
  const set = (field: keyof PracticeValues) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [field]: e.target.value }));
  const toggle = <T,>(list: T[], value: T) => (list.includes(value) ? list.filter((v) => v !== value) : [...list, value]);
  const text = (field: TextField, key: Key, type: "text" | "email" = "text") => <Input id={`practice-${field}`} type={type} label={t(key)} value={values[field]} onChange={set(field)} />;
  const choice = <T extends string>(field: "practiceState" | "evaluation" | "visibility", key: Key, options: T[]) => (
    <div className="mb-3">
      <label htmlFor={`practice-${field}`} className="form-label">
        {t(key)}
      </label>
      <select id={`practice-${field}`} className="form-select" value={values[field]} onChange={set(field)}>
        {options.map((o) => (
          <option key={o} value={o}>
            {label(o)}
          </option>
        ))}
      </select>
    </div>
  );
  function submit(event: FormEvent) {
    event.preventDefault();
    onSave(values);
  }
  return (
    <form onSubmit={submit}>
      <Input id="practice-title" label={t("practices.fieldTitle")} value={values.title} onChange={set("title")} />
      <TextArea id="practice-summary" label={t("practices.summary")} rows={3} value={values.summary} onChange={set("summary")} />
      <TextArea id="practice-body" label={t("practices.body")} rows={8} value={values.body} onChange={set("body")} />
      <fieldset className="mb-3">
        <legend className="h6">{t("practices.theme")}</legend>
        {THEMES.map((value) => (
          <div className="form-check form-check-inline" key={value}>
            <input id={`theme-${value}`} className="form-check-input" type="checkbox" checked={values.themes.includes(value)} onChange={() => setValues((v) => ({ ...v, themes: toggle(v.themes, value) }))} />
            <label className="form-check-label" htmlFor={`theme-${value}`}>
              {label(value)}
            </label>
          </div>
        ))}
      </fieldset>
      <fieldset className="mb-3">
        <legend className="h6">{t("practices.targetGroup")}</legend>
        {GROUPS.map((value) => (
          <div className="form-check form-check-inline" key={value}>
            <input id={`group-${value}`} className="form-check-input" type="checkbox" checked={values.targetGroups.includes(value)} onChange={() => setValues((v) => ({ ...v, targetGroups: toggle(v.targetGroups, value) }))} />
            <label className="form-check-label" htmlFor={`group-${value}`}>
              {label(value)}
            </label>
          </div>
        ))}
      </fieldset>
      <div className="row">
        <div className="col-md-6">{text("region", "practices.region")}</div>
        <div className="col-md-6">{text("territory", "practices.territory")}</div>
        <div className="col-md-4">{text("language", "practices.language")}</div>
        <div className="col-md-4">
          <Input id="practice-startDate" type="date" label={t("practices.startDate")} value={values.startDate} onChange={set("startDate")} />
        </div>
        <div className="col-md-4">
          <Input id="practice-endDate" type="date" label={t("practices.endDate")} value={values.endDate} onChange={set("endDate")} />
        </div>
        <div className="col-md-6">{choice("practiceState", "practices.practiceState", LIFECYCLES)}</div>
        <div className="col-md-6">{choice("evaluation", "practices.evaluation", EVALUATIONS)}</div>
        <div className="col-md-6">{text("funding", "practices.funding")}</div>
        <div className="col-md-6">{text("projectCode", "practices.projectCode")}</div>
      </div>
      <TextArea id="practice-results" label={t("practices.results")} rows={3} value={values.results} onChange={set("results")} />
      <TextArea id="practice-transferability" label={t("practices.transferability")} rows={3} value={values.transferability} onChange={set("transferability")} />
      <div className="row">
        <div className="col-md-6">{text("contactName", "practices.contactName")}</div>
        <div className="col-md-6">{text("contactEmail", "practices.contactEmail", "email")}</div>
      </div>
      {choice("visibility", "tables.visibility", ["NETWORK", "PUBLIC"] as PracticeVisibility[])}
      <Button color="primary" type="submit" disabled={saving}>
        {submitLabel}
      </Button>
    </form>
  );
}
