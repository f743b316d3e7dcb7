// A meeting's agenda: its items with their links to the strategy; added, moved and removed while the meeting is
// being prepared.
import { Badge, Button } from "design-react-kit";
import { useState } from "react";
import { useMutation } from "urql";
import { FieldError } from "../../components/FieldError";
import { LinkedStrategy } from "../../components/LinkedStrategy";
import { graphql } from "../../gql";
import { useI18n } from "../../i18n";
import { AgendaItemForm, EMPTY_ITEM, itemInput } from "./AgendaItemForm";
import type { MeetingData } from "./MeetingPage";
import { MeetingFiles } from "./MeetingFiles";

const AddItemDocument = graphql(`
  mutation AddAgendaItem($meetingId: ID!, $input: AgendaItemFields!, $version: Int!) {
    addAgendaItem(meetingId: $meetingId, input: $input, expectedVersion: $version) {
      id
    }
  }
`);

const MoveItemDocument = graphql(`
  mutation MoveAgendaItem($id: ID!, $position: Int!, $version: Int!) {
    moveAgendaItem(id: $id, position: $position, expectedVersion: $version) {
      id
    }
  }
`);

const UpdateItemDocument = graphql(`
  mutation UpdateAgendaItem($id: ID!, $input: AgendaItemFields!, $version: Int!) {
    updateAgendaItem(id: $id, input: $input, expectedVersion: $version) {
      id
    }
  }
`);
const RemoveItemDocument = graphql(`
  mutation RemoveAgendaItem($id: ID!, $version: Int!) {
    removeAgendaItem(id: $id, expectedVersion: $version) {
      id
    }
  }
`);

export function Agenda({ meeting, editable, filesEditable, onChange }: { meeting: MeetingData; editable: boolean; filesEditable: boolean; onChange: () => void }) {
  const { t } = useI18n();
  const [add, runAdd] = useMutation(AddItemDocument);
  const [move, runMove] = useMutation(MoveItemDocument);
  const [remove, runRemove] = useMutation(RemoveItemDocument);
  const [edit, runEdit] = useMutation(UpdateItemDocument);
  const [editing, setEditing] = useState<string | null>(null);
  const version = meeting.agendaVersion;
  const after = async (promise: Promise<{ error?: { graphQLErrors: { extensions?: Record<string, unknown> }[] } }>) => {
    const result = await promise;
    // On a conflict too: reload, so the editor works on the current agenda.
    onChange();
    return !result.error;
  };
  return (
    <section className="mb-4">
      <h2 className="h4">{t("meetings.agenda")}</h2>
      <FieldError error={add.error ?? move.error ?? remove.error ?? edit.error} />
      <ol aria-label={t("meetings.agenda")}>
        {meeting.agenda.map((entry, index) => (
          <li key={entry.id} className="mb-2">
            {editing === entry.id ? (
              <AgendaItemForm
                idPrefix={`edit-item-${entry.id}`}
                initial={{
                  title: entry.title,
                  description: entry.description ?? "",
                  presenter: entry.presenter ?? "",
                  plannedMinutes: entry.plannedMinutes ? String(entry.plannedMinutes) : "",
                  documents: entry.documents.join("\n"),
                }}
                submitLabel={t("common.save")}
                onCancel={() => setEditing(null)}
                onSubmit={async (fields) => {
                  const saved = await after(runEdit({ id: entry.id, input: itemInput(fields), version }));
                  if (saved) setEditing(null);
                  return saved;
                }}
              />
            ) : (
              <>
            <strong>{entry.title}</strong> {entry.followUp && <Badge color="warning">{t("meetings.followUp")}</Badge>}
            <div className="small text-muted">
              {entry.presenter}
              {entry.plannedMinutes ? ` · ${entry.plannedMinutes}′` : ""}
            </div>
            {entry.description && <div className="small" style={{ whiteSpace: "pre-line" }}>{entry.description}</div>}
            <LinkedStrategy elements={entry.strategyElements} />
            {entry.documents.map((url) => (
              <div key={url} className="small">
                <a href={url} rel="noopener noreferrer">
                  {url}
                </a>
              </div>
            ))}
            <MeetingFiles meetingId={meeting.id} files={meeting.files} target="AGENDA_ITEM" targetId={entry.id} subject={entry.title} editable={filesEditable} onChange={onChange} />
            {editable && (
              <div className="d-flex gap-1 mt-1">
                <Button size="xs" color="primary" outline disabled={index === 0} aria-label={`${t("meetings.moveUp")}: ${entry.title}`} onClick={() => after(runMove({ id: entry.id, position: index - 1, version }))}>
                  ↑
                </Button>
                <Button size="xs" color="primary" outline disabled={index === meeting.agenda.length - 1} aria-label={`${t("meetings.moveDown")}: ${entry.title}`} onClick={() => after(runMove({ id: entry.id, position: index + 1, version }))}>
                  ↓
                </Button>
                <Button size="xs" color="primary" outline aria-label={`${t("admin.edit")}: ${entry.title}`} onClick={() => setEditing(entry.id)}>
                  {t("admin.edit")}
                </Button>
                <Button
                  size="xs"
                  color="danger"
                  outline
                  aria-label={`${t("meetings.remove")}: ${entry.title}`}
                  onClick={() => window.confirm(t("meetings.confirmRemoveItem").replace("{title}", entry.title)) && after(runRemove({ id: entry.id, version }))}
                >
                  ✕
                </Button>
              </div>
            )}
              </>
            )}
          </li>
        ))}
      </ol>
      {editable && (
        <AgendaItemForm
          idPrefix="item"
          initial={EMPTY_ITEM}
          submitLabel={t("meetings.addItem")}
          onSubmit={(fields) => after(runAdd({ meetingId: meeting.id, input: itemInput(fields), version }))}
        />
      )}
    </section>
  );
}
