// The draft editor: its sections in order (added, removed, moved, keeping each one's key so its comments follow) and
// the member organizations named to sign, saved together.
import { Button, Input, TextArea } from "design-react-kit";
import { useState, type FormEvent } from "react";
import { useMutation, useQuery } from "urql";
import { useFormErrors, type FormFields } from "../../components/FormErrors";
import { Notice } from "../../components/Status";
import { graphql } from "../../gql";
import { useI18n } from "../../i18n";
import type { ProtocolData } from "./ProtocolPage";
import type { VersionData } from "./VersionView";

const SeatedOrganizationsDocument = graphql(`
  query ProtocolSeats($tableId: ID!) {
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

const SaveDraftDocument = graphql(`
  mutation SaveProtocolDraft($versionId: ID!, $input: ProtocolDraftFields!) {
    saveProtocolDraft(versionId: $versionId, input: $input) {
      id
    }
  }
`);

interface SectionDraft {
  key: string | null;
  heading: string;
  body: string;
}

export function DraftEditor({ protocol, version, onSaved }: { protocol: ProtocolData; version: VersionData; onSaved: () => void }) {
  const { t } = useI18n();
  const [{ data }] = useQuery({ query: SeatedOrganizationsDocument, variables: { tableId: protocol.table?.id ?? "" }, pause: !protocol.table });
  const [title, setTitle] = useState(protocol.title);
  const [sections, setSections] = useState<SectionDraft[]>(version.sections.map((s) => ({ key: s.key, heading: s.heading, body: s.body })));
  const [signatories, setSignatories] = useState<Set<string>>(new Set(version.signatories.map((s) => s.organization?.id ?? "")));
  const [saved, save] = useMutation(SaveDraftDocument);
  const [done, setDone] = useState(false);
  const fields: FormFields = { title: { id: "draft-title", label: t("protocols.name") }, signatoryIds: { id: "draft-signatories", label: t("protocols.chooseSignatories") } };
  sections.forEach((_, i) => {
    fields[`sections.${i}.heading`] = { id: `section-heading-${i}`, label: t("protocols.sectionHeading").replace("{n}", String(i + 1)) };
    fields[`sections.${i}.body`] = { id: `section-body-${i}`, label: t("protocols.sectionBody").replace("{n}", String(i + 1)) };
  });
  const errors = useFormErrors(saved.error, fields);
  const change = (index: number, part: Partial<SectionDraft>) => setSections(sections.map((s, i) => (i === index ? { ...s, ...part } : s)));
  const move = (index: number, by: number) => {
    const next = [...sections];
    const [moved] = next.splice(index, 1);
    next.splice(index + by, 0, moved);
    setSections(next);
  };
  const toggle = (id: string) => {
    const next = new Set(signatories);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSignatories(next);
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    const input = { title, sections: sections.map((s) => ({ key: s.key, heading: s.heading, body: s.body })), signatoryIds: [...signatories].filter(Boolean) };
    if ((await save({ versionId: version.id, input })).data) {
      setDone(true);
      onSaved();
    }
  };
  const organizations = data?.table.seats.map((s) => s.organization) ?? [];
  return (
    <details className="mb-4" open={version.sections.length === 0}>
      <summary className="h5">{t("protocols.edit")}</summary>
      {errors.summary}
      {done && <Notice>{t("protocols.saved")}</Notice>}
      <form onSubmit={submit} noValidate>
        <Input id="draft-title" label={t("protocols.name")} value={title} onChange={(e) => setTitle(e.target.value)} {...errors.field("title")} />
        <fieldset className="mb-3">
          <legend className="h6">{t("protocols.sections")}</legend>
          {sections.map((section, index) => (
            <div key={section.key ?? `new-${index}`} className="border rounded p-2 mb-2">
              <Input id={`section-heading-${index}`} label={t("protocols.sectionHeading").replace("{n}", String(index + 1))} value={section.heading} onChange={(e) => change(index, { heading: e.target.value })} {...errors.field(`sections.${index}.heading`)} />
              <TextArea id={`section-body-${index}`} rows={5} label={t("protocols.sectionBody").replace("{n}", String(index + 1))} value={section.body} onChange={(e) => change(index, { body: e.target.value })} {...errors.field(`sections.${index}.body`)} />
              <div className="d-flex gap-2">
                <Button size="xs" color="primary" outline disabled={index === 0} onClick={() => move(index, -1)}>
                  {t("protocols.moveUp")}
                </Button>
                <Button size="xs" color="primary" outline disabled={index === sections.length - 1} onClick={() => move(index, 1)}>
                  {t("protocols.moveDown")}
                </Button>
                <Button size="xs" color="danger" outline onClick={() => setSections(sections.filter((_, i) => i !== index))}>
                  {t("protocols.removeSection")}
                </Button>
              </div>
            </div>
          ))}
          <Button size="sm" color="primary" outline onClick={() => setSections([...sections, { key: null, heading: "", body: "" }])}>
            {t("protocols.addSection")}
          </Button>
        </fieldset>
        <fieldset className="mb-3" id="draft-signatories" tabIndex={-1}>
          <legend className="h6">{t("protocols.chooseSignatories")}</legend>
          {organizations.map((organization) => (
            <div key={organization.id} className="form-check">
              <input id={`signatory-${organization.id}`} type="checkbox" checked={signatories.has(organization.id)} onChange={() => toggle(organization.id)} />
              <label htmlFor={`signatory-${organization.id}`}>{organization.name}</label>
            </div>
          ))}
        </fieldset>
        <Button color="primary" type="submit" disabled={saved.fetching}>
          {t("protocols.save")}
        </Button>
      </form>
    </details>
  );
}
