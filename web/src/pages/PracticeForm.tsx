// The practice record's form, shared by proposing a practice and editing one: every field of domain.md's template,
// in its sections, with required fields marked, bounds the server enforces checked by the inputs first, and a
// refusal shown beside its field with a summary at the top.
import { Button, Input, TextArea } from "design-react-kit";
import { useState, type FormEvent } from "react";
import type { Evaluation, MaterialsLicence, PracticeFields, PracticeLifecycle, PracticeVisibility, Sustainability, TargetGroup, Theme } from "../gql/graphql";
import { useI18n, type Key } from "../i18n";
import { OrganizationSelect } from "../components/OrganizationSelect";
import { required, useFormErrors, type FormFields } from "../components/FormErrors";
import type { ErrorLike } from "../components/FieldError";
import { useUnsavedWarning } from "../components/unsaved";
import { GROUPS, THEMES } from "./Practices";

/** One indicator as the form holds it: numbers as typed. */
export interface IndicatorValues {
  name: string;
  unit: string;
  baseline: string;
  target: string;
  achieved: string;
  source: string;
}

/** The editable values of a practice, as the form holds them (empty strings for unset text and numbers). */
export interface PracticeValues {
  title: string;
  summary: string;
  body: string;
  themes: Theme[];
  targetGroups: TargetGroup[];
  keywords: string;
  region: string;
  territory: string;
  language: string;
  startDate: string;
  endDate: string;
  practiceState: PracticeLifecycle;
  peopleReached: string;
  results: string;
  evaluation: Evaluation;
  indicators: IndicatorValues[];
  lessonsLearned: string;
  funding: string;
  projectCode: string;
  budgetEuros: string;
  organizationId: string;
  partners: string;
  sustainability: Sustainability;
  transferability: string;
  materialsLicence: MaterialsLicence;
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
  keywords: "",
  region: "",
  territory: "",
  language: "it",
  startDate: "",
  endDate: "",
  practiceState: "ACTIVE",
  peopleReached: "",
  results: "",
  evaluation: "NONE",
  indicators: [],
  lessonsLearned: "",
  funding: "",
  projectCode: "",
  budgetEuros: "",
  organizationId: "",
  partners: "",
  sustainability: "UNKNOWN",
  transferability: "",
  materialsLicence: "UNSPECIFIED",
  contactName: "",
  contactEmail: "",
  visibility: "NETWORK",
};

const LIFECYCLES: PracticeLifecycle[] = ["ACTIVE", "ENDED", "STRUCTURAL"];
const EVALUATIONS: Evaluation[] = ["NONE", "INTERNAL", "EXTERNAL"];
const SUSTAINABILITIES: Sustainability[] = ["UNKNOWN", "CONTINUES", "PARTLY", "ENDS"];
const LICENCES: MaterialsLicence[] = ["UNSPECIFIED", "CC_BY", "CC_BY_SA", "CC_0", "ALL_RIGHTS_RESERVED"];
const EMPTY_INDICATOR: IndicatorValues = { name: "", unit: "", baseline: "", target: "", achieved: "", source: "" };

/** What a stored practice gives the form. */
export interface StoredPractice {
  [key: string]: unknown;
  keywords?: string[] | null;
  peopleReached?: number | null;
  budgetEuros?: number | null;
  organization?: { id: string } | null;
  indicators?: { name: string; unit: string; baseline?: number | null; target?: number | null; achieved?: number | null; source?: string | null }[] | null;
}

const text = (value: unknown) => (value === null || value === undefined ? "" : String(value));

/** The form's values from a stored record: exactly the form's fields, unset ones empty. */
export function practiceValues(record: StoredPractice): PracticeValues {
  const entries = Object.entries(EMPTY_PRACTICE).map(([key, empty]) => [key, record[key] ?? empty]);
  const values = Object.fromEntries(entries) as PracticeValues;
  return {
    ...values,
    keywords: (record.keywords ?? []).join(", "),
    peopleReached: text(record.peopleReached),
    budgetEuros: text(record.budgetEuros),
    organizationId: record.organization?.id ?? "",
    indicators: (record.indicators ?? []).map((i) => ({ name: i.name, unit: i.unit, baseline: text(i.baseline), target: text(i.target), achieved: text(i.achieved), source: text(i.source) })),
  };
}

const number = (value: string) => (value.trim() === "" ? null : Number(value));

/** The input a mutation takes: empty text clears a field, an empty number sends null, empty dates are left out. */
export function practiceFields(values: PracticeValues): PracticeFields {
  return {
    ...values,
    keywords: values.keywords.split(",").map((k) => k.trim()).filter(Boolean),
    peopleReached: number(values.peopleReached),
    budgetEuros: number(values.budgetEuros),
    organizationId: values.organizationId || null,
    indicators: values.indicators.map((i) => ({ name: i.name, unit: i.unit, baseline: number(i.baseline), target: number(i.target), achieved: number(i.achieved), source: i.source || null })),
    startDate: values.startDate || null,
    endDate: values.endDate || null,
  };
}

type TextField = "region" | "territory" | "language" | "funding" | "projectCode" | "contactName" | "contactEmail" | "keywords";
type LongField = "summary" | "body" | "results" | "transferability" | "partners" | "lessonsLearned";
type ChoiceField = "practiceState" | "evaluation" | "visibility" | "sustainability" | "materialsLicence";

export function PracticeForm({ initial, submitLabel, saving, error, onSave }: { initial: PracticeValues; submitLabel: string; saving: boolean; error?: ErrorLike; onSave: (values: PracticeValues) => void }) {
  const { t, label } = useI18n();
  const [values, setValues] = useState(initial);
  const [dirty, setDirty] = useState(false);
  useUnsavedWarning(dirty && !saving);
  const fields: FormFields = {};
  const labelled = (field: string, key: Key) => {
    fields[field] = { id: `practice-${field}`, label: t(key) };
    return t(key);
  };
  for (const [field, key] of [
    ["indicators.name", "practices.indicatorName"],
    ["indicators.unit", "practices.indicatorUnit"],
    ["indicators.baseline", "practices.indicatorBaseline"],
    ["indicators.target", "practices.indicatorTarget"],
    ["indicators.achieved", "practices.indicatorAchieved"],
    ["indicators.source", "practices.indicatorSource"],
  ] as [string, Key][]) {
    fields[field] = { id: `indicator-0-${field.slice("indicators.".length)}`, label: t(key) };
  }
  fields.themes = { id: `theme-${THEMES[0]}`, label: t("practices.theme") };
  fields.targetGroups = { id: `group-${GROUPS[0]}`, label: t("practices.targetGroup") };
  const errors = useFormErrors(error, fields);
  const update = (change: Partial<PracticeValues>) => {
    setDirty(true);
    setValues((v) => ({ ...v, ...change }));
  };
  const set = (field: keyof PracticeValues) => (e: { target: { value: string } }) => update({ [field]: e.target.value });
  const toggle = <T,>(list: T[], value: T) => (list.includes(value) ? list.filter((v) => v !== value) : [...list, value]);
  const line = (field: TextField, key: Key, props: { type?: "text" | "email"; maxLength?: number; isRequired?: boolean; info?: string } = {}) => {
    const name = labelled(field, key);
    return (
      <Input
        id={`practice-${field}`}
        type={props.type ?? "text"}
        label={props.isRequired ? required(name) : name}
        required={props.isRequired}
        maxLength={props.maxLength}
        infoText={props.info}
        value={values[field]}
        onChange={set(field)}
        {...errors.field(field)}
      />
    );
  };
  const long = (field: LongField, key: Key, rows: number, maxLength: number, isRequired = false) => {
    const name = labelled(field, key);
    return <TextArea id={`practice-${field}`} label={isRequired ? required(name) : name} required={isRequired} rows={rows} maxLength={maxLength} value={values[field]} onChange={set(field)} {...errors.field(field)} />;
  };
  const whole = (field: "peopleReached" | "budgetEuros", key: Key, max: number) => {
    const name = labelled(field, key);
    return <Input id={`practice-${field}`} type="number" min={0} max={max} step={1} label={name} incrementLabel={`${t("form.increase")}: ${name}`} decrementLabel={`${t("form.decrease")}: ${name}`} value={values[field]} onChange={set(field)} {...errors.field(field)} />;
  };
  const choice = <T extends string>(field: ChoiceField, key: Key, options: T[]) => (
    <div className="select-wrapper mb-3">
      <label htmlFor={`practice-${field}`}>{labelled(field, key)}</label>
      <select id={`practice-${field}`} value={values[field]} onChange={set(field)}>
        {options.map((o) => (
          <option key={o} value={o}>
            {label(o)}
          </option>
        ))}
      </select>
    </div>
  );
  const checks = <T extends string>(field: "themes" | "targetGroups", key: Key, prefix: string, options: T[]) => {
    const chosen = values[field] as T[];
    const invalid = errors.field(field).validationText;
    return (
      <fieldset className="mb-3" aria-invalid={invalid ? true : undefined} aria-describedby={invalid ? `${prefix}-error` : undefined}>
        <legend className="h6">{required(t(key))}</legend>
        {options.map((value) => (
          <div className="form-check form-check-inline" key={value}>
            <input id={`${prefix}-${value}`} className="form-check-input" type="checkbox" checked={chosen.includes(value)} onChange={() => update({ [field]: toggle(chosen, value) })} />
            <label className="form-check-label" htmlFor={`${prefix}-${value}`}>
              {label(value)}
            </label>
          </div>
        ))}
        {invalid && (
          <div id={`${prefix}-error`} className="invalid-feedback d-block">
            {invalid}
          </div>
        )}
      </fieldset>
    );
  };
  function submit(event: FormEvent) {
    event.preventDefault();
    setDirty(false);
    onSave(values);
  }
  return (
    <form onSubmit={submit}>
      {errors.summary}
      <p className="small">{t("form.requiredNote")}</p>
      <fieldset className="mb-4">
        <legend className="h5">{t("practices.sectionIdentity")}</legend>
        <Input id="practice-title" label={required(labelled("title", "practices.fieldTitle"))} required maxLength={200} value={values.title} onChange={set("title")} {...errors.field("title")} />
        {long("summary", "practices.summary", 3, 1500, true)}
        {long("body", "practices.body", 8, 100000)}
        {checks("themes", "practices.theme", "theme", THEMES)}
        {checks("targetGroups", "practices.targetGroup", "group", GROUPS)}
        {line("keywords", "practices.keywords", { info: t("practices.keywordsHelp"), maxLength: 700 })}
      </fieldset>
      <fieldset className="mb-4">
        <legend className="h5">{t("practices.sectionWhere")}</legend>
        <div className="row">
          <div className="col-md-6">{line("region", "practices.region", { maxLength: 100 })}</div>
          <div className="col-md-6">{line("territory", "practices.territory", { maxLength: 300 })}</div>
          <div className="col-md-4">{line("language", "practices.language", { maxLength: 2 })}</div>
          <div className="col-md-4">
            <Input id="practice-startDate" type="date" label={labelled("startDate", "practices.startDate")} value={values.startDate} onChange={set("startDate")} {...errors.field("startDate")} />
          </div>
          <div className="col-md-4">
            <Input id="practice-endDate" type="date" label={labelled("endDate", "practices.endDate")} min={values.startDate || undefined} value={values.endDate} onChange={set("endDate")} {...errors.field("endDate")} />
          </div>
          <div className="col-md-6">{choice("practiceState", "practices.practiceState", LIFECYCLES)}</div>
          <div className="col-md-6">{whole("peopleReached", "practices.peopleReached", 100000000)}</div>
        </div>
      </fieldset>
      <fieldset className="mb-4">
        <legend className="h5">{t("practices.sectionEvidence")}</legend>
        {long("results", "practices.results", 3, 20000)}
        {choice("evaluation", "practices.evaluation", EVALUATIONS)}
        <Indicators values={values.indicators} onChange={(indicators) => update({ indicators })} errorOf={errors.field} />
        {long("lessonsLearned", "practices.lessonsLearned", 3, 20000)}
      </fieldset>
      <fieldset className="mb-4">
        <legend className="h5">{t("practices.sectionMeans")}</legend>
        <div className="row">
          <div className="col-md-6">{line("funding", "practices.funding", { maxLength: 300 })}</div>
          <div className="col-md-6">{line("projectCode", "practices.projectCode", { maxLength: 100 })}</div>
          <div className="col-md-6">{whole("budgetEuros", "practices.budgetEuros", 10000000000)}</div>
          <div className="col-md-6">
            <OrganizationSelect id="practice-organizationId" label={labelled("organizationId", "practices.organization")} value={values.organizationId} onChange={(organizationId) => update({ organizationId })} invalid={errors.field("organizationId").validationText} />
          </div>
        </div>
        {long("partners", "practices.partners", 2, 2000)}
      </fieldset>
      <fieldset className="mb-4">
        <legend className="h5">{t("practices.sectionReuse")}</legend>
        {choice("sustainability", "practices.sustainability", SUSTAINABILITIES)}
        {long("transferability", "practices.transferability", 3, 20000)}
        {choice("materialsLicence", "practices.materialsLicence", LICENCES)}
        <div className="row">
          <div className="col-md-6">{line("contactName", "practices.contactName", { maxLength: 200 })}</div>
          <div className="col-md-6">{line("contactEmail", "practices.contactEmail", { type: "email", maxLength: 254 })}</div>
        </div>
        {choice("visibility", "tables.visibility", ["NETWORK", "PUBLIC"] as PracticeVisibility[])}
      </fieldset>
      <Button color="primary" type="submit" disabled={saving}>
        {submitLabel}
      </Button>
    </form>
  );
}

/** The evidence's indicators: rows added and removed in place. */
function Indicators({ values, onChange, errorOf }: { values: IndicatorValues[]; onChange: (values: IndicatorValues[]) => void; errorOf: (field: string) => object }) {
  const { t } = useI18n();
  const change = (index: number, field: keyof IndicatorValues, value: string) => onChange(values.map((row, i) => (i === index ? { ...row, [field]: value } : row)));
  const cell = (index: number, field: keyof IndicatorValues, key: Key, kind: "text" | "number", isRequired = false) => (
    <Input
      id={`indicator-${index}-${field}`}
      type={kind}
      step={kind === "number" ? "any" : undefined}
      incrementLabel={kind === "number" ? `${t("form.increase")}: ${t(key)} ${index + 1}` : undefined}
      decrementLabel={kind === "number" ? `${t("form.decrease")}: ${t(key)} ${index + 1}` : undefined}
      label={isRequired ? required(t(key)) : t(key)}
      required={isRequired}
      maxLength={kind === "text" ? (field === "unit" ? 50 : field === "source" ? 300 : 200) : undefined}
      value={values[index][field]}
      onChange={(e) => change(index, field, e.target.value)}
      {...(index === 0 ? errorOf(`indicators.${field}`) : {})}
    />
  );
  return (
    <fieldset className="mb-3">
      <legend className="h6">{t("practices.indicators")}</legend>
      {values.map((_, index) => (
        <div className="row border-bottom mb-2" key={index}>
          <div className="col-md-4">{cell(index, "name", "practices.indicatorName", "text", true)}</div>
          <div className="col-md-2">{cell(index, "unit", "practices.indicatorUnit", "text", true)}</div>
          <div className="col-md-2">{cell(index, "baseline", "practices.indicatorBaseline", "number")}</div>
          <div className="col-md-2">{cell(index, "target", "practices.indicatorTarget", "number")}</div>
          <div className="col-md-2">{cell(index, "achieved", "practices.indicatorAchieved", "number")}</div>
          <div className="col-md-8">{cell(index, "source", "practices.indicatorSource", "text")}</div>
          <div className="col-md-4 mb-3">
            <Button size="sm" color="danger" outline type="button" aria-label={`${t("practices.removeIndicator")} ${index + 1}`} onClick={() => onChange(values.filter((__, i) => i !== index))}>
              {t("practices.removeIndicator")}
            </Button>
          </div>
        </div>
      ))}
      {values.length < 20 && (
        <Button size="sm" color="primary" outline type="button" onClick={() => onChange([...values, { ...EMPTY_INDICATOR }])}>
          {t("practices.addIndicator")}
        </Button>
      )}
    </fieldset>
  );
}
