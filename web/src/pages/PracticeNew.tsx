// Proposing a good practice: the essentials and the facets; it starts as a draft the author then submits.
import { Button, Input, TextArea } from "design-react-kit";
import { useState, type FormEvent } from "react";
import { useNavigate } from "react-router-dom";
import { useMutation } from "urql";
import { graphql } from "../gql";
import type { PracticeVisibility, TargetGroup, Theme } from "../gql/graphql";
import { useI18n } from "../i18n";
import { GROUPS, THEMES } from "./Practices";
import { FieldError } from "./TableMeetings";

const CreatePracticeDocument = graphql(`
  mutation CreatePractice($input: PracticeFields!) {
    createPractice(input: $input) {
      id
    }
  }
`);

export function PracticeNew() {
  const { t, label } = useI18n();
  const navigate = useNavigate();
  const [{ error, fetching }, create] = useMutation(CreatePracticeDocument);
  const [form, setForm] = useState({ title: "", summary: "", body: "", region: "", results: "", visibility: "NETWORK" as PracticeVisibility });
  const [themes, setThemes] = useState<Theme[]>([]);
  const [groups, setGroups] = useState<TargetGroup[]>([]);
  const toggle = <T,>(list: T[], value: T) => (list.includes(value) ? list.filter((v) => v !== value) : [...list, value]);
  async function submit(event: FormEvent) {
    event.preventDefault();
    const input = { ...form, region: form.region || null, results: form.results || null, themes, targetGroups: groups };
    const result = await create({ input });
    if (result.data) navigate(`/practices/${result.data.createPractice.id}`);
  }
  return (
    <section>
      <h1 className="mb-4">{t("practices.new")}</h1>
      <FieldError error={error} />
      <form onSubmit={submit}>
        <Input id="practice-title" label={t("practices.fieldTitle")} value={form.title} onChange={(e) => setForm((f) => ({ ...f, title: e.target.value }))} />
        <TextArea id="practice-summary" label={t("practices.summary")} rows={3} value={form.summary} onChange={(e) => setForm((f) => ({ ...f, summary: e.target.value }))} />
        <TextArea id="practice-body" label={t("practices.body")} rows={6} value={form.body} onChange={(e) => setForm((f) => ({ ...f, body: e.target.value }))} />
        <fieldset className="mb-3">
          <legend className="h6">{t("practices.theme")}</legend>
          {THEMES.map((value) => (
            <div className="form-check form-check-inline" key={value}>
              <input id={`theme-${value}`} className="form-check-input" type="checkbox" checked={themes.includes(value)} onChange={() => setThemes((list) => toggle(list, value))} />
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
              <input id={`group-${value}`} className="form-check-input" type="checkbox" checked={groups.includes(value)} onChange={() => setGroups((list) => toggle(list, value))} />
              <label className="form-check-label" htmlFor={`group-${value}`}>
                {label(value)}
              </label>
            </div>
          ))}
        </fieldset>
        <Input id="practice-region" label={t("practices.region")} value={form.region} onChange={(e) => setForm((f) => ({ ...f, region: e.target.value }))} />
        <TextArea id="practice-results" label={t("practices.results")} rows={3} value={form.results} onChange={(e) => setForm((f) => ({ ...f, results: e.target.value }))} />
        <div className="mb-3">
          <label htmlFor="practice-visibility" className="form-label">
            {t("tables.visibility")}
          </label>
          <select id="practice-visibility" className="form-select" value={form.visibility} onChange={(e) => setForm((f) => ({ ...f, visibility: e.target.value as PracticeVisibility }))}>
            <option value="NETWORK">{label("NETWORK")}</option>
            <option value="PUBLIC">{label("PUBLIC")}</option>
          </select>
        </div>
        <Button color="primary" type="submit" disabled={fetching}>
          {t("practices.saveDraft")}
        </Button>
      </form>
    </section>
  );
}
