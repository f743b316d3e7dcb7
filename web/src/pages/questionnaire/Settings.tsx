// A questionnaire's settings for whoever runs it: title, introduction and end date always; who answers (and which
// organizations) and the bound per address while it is prepared.
import { Button, Input, TextArea } from "design-react-kit";
import { useState, type FormEvent } from "react";
import { useMutation, useQuery } from "urql";
import { useFormErrors } from "../../components/FormErrors";
import { Notice } from "../../components/Status";
import { graphql } from "../../gql";
import type { QuestionnaireAudience } from "../../gql/graphql";
import { useI18n } from "../../i18n";
import type { QuestionnaireData } from "./QuestionnairePage";

const SeatsDocument = graphql(`
  query QuestionnaireSeats($tableId: ID!) {
    table(id: $tableId) {
      id
      seats {
        id
        organization {
          id
          name
        }
      }
    }
  }
`);

const UpdateDocument = graphql(`
  mutation UpdateQuestionnaire($id: ID!, $input: QuestionnaireFields!) {
    updateQuestionnaire(id: $id, input: $input) {
      id
    }
  }
`);

const AUDIENCES: QuestionnaireAudience[] = ["MEMBERS", "ORGANIZATIONS", "PUBLIC"];

/** An instant as a `datetime-local` value in the reader's time. */
function localInput(iso: string | null | undefined): string {
  if (!iso) return "";
  const at = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

export function Settings({ questionnaire, onSaved }: { questionnaire: QuestionnaireData; onSaved: () => void }) {
  const { t } = useI18n();
  const draft = questionnaire.status === "DRAFT";
  const [{ data }] = useQuery({ query: SeatsDocument, variables: { tableId: questionnaire.table?.id ?? "" }, pause: !draft || !questionnaire.table });
  const [form, setForm] = useState({
    title: questionnaire.title,
    description: questionnaire.description ?? "",
    audience: questionnaire.audience,
    endsAt: localInput(questionnaire.endsAt),
    organizations: new Set(questionnaire.organizations.map((o) => o.id)),
    perAddress: String(questionnaire.perAddressLimit),
  });
  const [saved, save] = useMutation(UpdateDocument);
  const [done, setDone] = useState(false);
  const errors = useFormErrors(saved.error, {
    title: { id: "settings-title", label: t("questionnaires.name") },
    description: { id: "settings-description", label: t("questionnaires.description") },
    endsAt: { id: "settings-ends", label: t("questionnaires.endsAt") },
    organizationIds: { id: "settings-organizations", label: t("questionnaires.organizations") },
    perAddressLimit: { id: "settings-per-address", label: t("questionnaires.perAddress") },
  });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    const input = {
      title: form.title,
      description: form.description,
      endsAt: form.endsAt ? new Date(form.endsAt).toISOString() : null,
      ...(draft
        ? {
            audience: form.audience,
            organizationIds: form.audience === "ORGANIZATIONS" ? [...form.organizations] : [],
            perAddressLimit: Number(form.perAddress),
          }
        : {}),
    };
    if ((await save({ id: questionnaire.id, input })).data) {
      setDone(true);
      onSaved();
    }
  };
  const toggle = (id: string) => {
    const next = new Set(form.organizations);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setForm({ ...form, organizations: next });
  };
  return (
    <details className="mb-4" open={draft}>
      <summary className="h4">{t("questionnaires.settings")}</summary>
      {errors.summary}
      {done && <Notice>{t("questionnaires.settingsSaved")}</Notice>}
      <form onSubmit={submit} noValidate>
        <Input id="settings-title" label={t("questionnaires.name")} value={form.title} onChange={(e) => setForm({ ...form, title: e.target.value })} {...errors.field("title")} />
        <TextArea id="settings-description" rows={3} label={t("questionnaires.description")} value={form.description} onChange={(e) => setForm({ ...form, description: e.target.value })} {...errors.field("description")} />
        <Input id="settings-ends" type="datetime-local" label={t("questionnaires.endsAt")} value={form.endsAt} onChange={(e) => setForm({ ...form, endsAt: e.target.value })} {...errors.field("endsAt")} />
        {draft && (
          <>
            <fieldset className="mb-3">
              <legend className="h6">{t("questionnaires.audience")}</legend>
              {AUDIENCES.map((audience) => (
                <div key={audience} className="form-check">
                  <input id={`audience-${audience}`} type="radio" name="audience" checked={form.audience === audience} onChange={() => setForm({ ...form, audience })} />
                  <label htmlFor={`audience-${audience}`}>{t(`questionnaires.audience.${audience}`)}</label>
                </div>
              ))}
            </fieldset>
            {form.audience === "ORGANIZATIONS" && (
              <fieldset className="mb-3" id="settings-organizations" tabIndex={-1}>
                <legend className="h6">{t("questionnaires.organizations")}</legend>
                {(data?.table.seats ?? []).map((seat) => (
                  <div key={seat.id} className="form-check">
                    <input id={`organization-${seat.organization.id}`} type="checkbox" checked={form.organizations.has(seat.organization.id)} onChange={() => toggle(seat.organization.id)} />
                    <label htmlFor={`organization-${seat.organization.id}`}>{seat.organization.name}</label>
                  </div>
                ))}
              </fieldset>
            )}
            {form.audience === "PUBLIC" && (
              <Input id="settings-per-address" type="text" inputMode="decimal" label={t("questionnaires.perAddress")} value={form.perAddress} onChange={(e) => setForm({ ...form, perAddress: e.target.value })} {...errors.field("perAddressLimit")} />
            )}
          </>
        )}
        <Button color="primary" type="submit" disabled={saved.fetching}>
          {t("questionnaires.saveSettings")}
        </Button>
      </form>
    </details>
  );
}
