// A meeting's agenda: its items with their links to the strategy; added, moved and removed while the meeting is
// being prepared.
import { Badge, Button, Input } from "design-react-kit";
import { useState, type FormEvent } from "react";
import { useMutation } from "urql";
import { FieldError } from "../../components/FieldError";
import { LinkedStrategy } from "../../components/LinkedStrategy";
import { graphql } from "../../gql";
import { useI18n } from "../../i18n";
import type { MeetingData } from "./MeetingPage";

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

const RemoveItemDocument = graphql(`
  mutation RemoveAgendaItem($id: ID!, $version: Int!) {
    removeAgendaItem(id: $id, expectedVersion: $version) {
      id
    }
  }
`);

export function Agenda({ meeting, editable, onChange }: { meeting: MeetingData; editable: boolean; onChange: () => void }) {
  const { t } = useI18n();
  const [add, runAdd] = useMutation(AddItemDocument);
  const [move, runMove] = useMutation(MoveItemDocument);
  const [remove, runRemove] = useMutation(RemoveItemDocument);
  const [item, setItem] = useState({ title: "", presenter: "", plannedMinutes: "", document: "" });
  const version = meeting.agendaVersion;
  const after = async (promise: Promise<{ error?: { graphQLErrors: { extensions?: Record<string, unknown> }[] } }>) => {
    const result = await promise;
    // On a conflict too: reload, so the editor works on the current agenda.
    onChange();
    return !result.error;
  };
  async function submit(event: FormEvent) {
    event.preventDefault();
    const minutes = Number.parseInt(item.plannedMinutes, 10);
    const input = { title: item.title, presenter: item.presenter || null, plannedMinutes: Number.isNaN(minutes) ? null : minutes, documents: item.document ? [item.document] : null };
    if (await after(runAdd({ meetingId: meeting.id, input, version }))) setItem({ title: "", presenter: "", plannedMinutes: "", document: "" });
  }
  return (
    <section className="mb-4">
      <h2 className="h4">{t("meetings.agenda")}</h2>
      <FieldError error={add.error ?? move.error ?? remove.error} />
      <ol aria-label={t("meetings.agenda")}>
        {meeting.agenda.map((entry, index) => (
          <li key={entry.id} className="mb-2">
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
            {editable && (
              <div className="d-flex gap-1 mt-1">
                <Button size="xs" color="primary" outline disabled={index === 0} aria-label={`${t("meetings.moveUp")}: ${entry.title}`} onClick={() => after(runMove({ id: entry.id, position: index - 1, version }))}>
                  ↑
                </Button>
                <Button size="xs" color="primary" outline disabled={index === meeting.agenda.length - 1} aria-label={`${t("meetings.moveDown")}: ${entry.title}`} onClick={() => after(runMove({ id: entry.id, position: index + 1, version }))}>
                  ↓
                </Button>
                <Button size="xs" color="danger" outline aria-label={`${t("meetings.remove")}: ${entry.title}`} onClick={() => after(runRemove({ id: entry.id, version }))}>
                  ✕
                </Button>
              </div>
            )}
          </li>
        ))}
      </ol>
      {editable && (
        <form onSubmit={submit} className="row g-2 align-items-end">
          <div className="col-md-5">
            <Input id="item-title" label={t("meetings.itemTitle")} value={item.title} onChange={(e) => setItem((i) => ({ ...i, title: e.target.value }))} />
          </div>
          <div className="col-md-3">
            <Input id="item-presenter" label={t("meetings.presenter")} value={item.presenter} onChange={(e) => setItem((i) => ({ ...i, presenter: e.target.value }))} />
          </div>
          <div className="col-md-2">
            {/* A plain number field: the kit's spinner buttons have no accessible names. */}
            <div className="form-group">
              <label htmlFor="item-minutes" className="active">
                {t("meetings.plannedMinutes")}
              </label>
              <input id="item-minutes" type="number" min={1} max={600} className="form-control" value={item.plannedMinutes} onChange={(e) => setItem((i) => ({ ...i, plannedMinutes: e.target.value }))} />
            </div>
          </div>
          <div className="col-md-10">
            <Input id="item-document" type="url" label={t("meetings.document")} value={item.document} onChange={(e) => setItem((i) => ({ ...i, document: e.target.value }))} />
          </div>
          <div className="col-md-2 mb-4">
            <Button color="primary" type="submit" size="sm">
              {t("meetings.addItem")}
            </Button>
          </div>
        </form>
      )}
    </section>
  );
}
