// A new meeting of a table: a draft to prepare and convene, or, for one that already took place, the whole record in
// one form (agenda, who was present) that opens its minutes.
import { Button, Input, TextArea } from "design-react-kit";
import { useState, type FormEvent } from "react";
import { useNavigate } from "react-router-dom";
import { useMutation, useQuery } from "urql";
import { graphql } from "../../gql";
import { useI18n } from "../../i18n";
import { required, useFormErrors } from "../../components/FormErrors";
import { NO_REPEAT, Repeat, recurrenceOf } from "./Repeat";

const CreateMeetingDocument = graphql(`
  mutation CreateMeeting($tableId: ID!, $input: MeetingFields!, $inviteSubstitutes: Boolean!) {
    createMeeting(tableId: $tableId, input: $input, inviteSubstitutes: $inviteSubstitutes) {
      id
    }
  }
`);

const CreateSeriesDocument = graphql(`
  mutation CreateMeetingSeries($tableId: ID!, $input: MeetingFields!, $recurrence: RecurrenceFields!, $inviteSubstitutes: Boolean!) {
    createMeetingSeries(tableId: $tableId, input: $input, recurrence: $recurrence, inviteSubstitutes: $inviteSubstitutes) {
      id
    }
  }
`);

const RecordHeldMeetingDocument = graphql(`
  mutation RecordHeldMeeting($tableId: ID!, $input: MeetingFields!, $agenda: [String!]!, $present: [ID!]!) {
    recordHeldMeeting(tableId: $tableId, input: $input, agenda: $agenda, presentPersonIds: $present) {
      id
    }
  }
`);

const UsualInviteesDocument = graphql(`
  query UsualInvitees($tableId: ID!) {
    table(id: $tableId) {
      id
      memberships {
        id
        role
        delegateKind
        person {
          id
          name
        }
        organization {
          name
        }
      }
    }
  }
`);

const EMPTY = { title: "", start: "", end: "", place: "", onlineUrl: "", held: false, allowPast: false, inviteSubstitutes: false, agenda: "" };

export function NewMeeting({ tableId }: { tableId: string }) {
  const { t, label } = useI18n();
  const navigate = useNavigate();
  const [created, create] = useMutation(CreateMeetingDocument);
  const [recorded, record] = useMutation(RecordHeldMeetingDocument);
  const [series, createSeries] = useMutation(CreateSeriesDocument);
  const [form, setForm] = useState(EMPTY);
  const [repeat, setRepeat] = useState(NO_REPEAT);
  const [present, setPresent] = useState<string[]>([]);
  const [{ data }] = useQuery({ query: UsualInviteesDocument, variables: { tableId }, pause: !form.held });
  // Who a meeting invites by default: the chair, the secretariat and the titular delegates.
  const invitees = (data?.table?.memberships ?? []).filter((m) => m.role === "CHAIR" || m.role === "SECRETARIAT" || (m.role === "DELEGATE" && m.delegateKind === "TITULAR"));
  const repeating = !form.held && repeat.pattern !== "";
  const errors = useFormErrors(form.held ? recorded.error : repeating ? series.error : created.error, {
    title: { id: "meeting-title", label: t("meetings.fieldTitle") },
    start: { id: "meeting-start", label: t("meetings.start") },
    end: { id: "meeting-end", label: t("meetings.end") },
    place: { id: "meeting-place", label: t("meetings.place") },
    onlineUrl: { id: "meeting-url", label: t("meetings.onlineUrl") },
    agenda: { id: "meeting-agenda", label: t("meetings.agendaLines") },
    "recurrence.interval": { id: "repeat-interval", label: t("series.interval") },
    "recurrence.count": { id: "repeat-count", label: t("series.count") },
    "recurrence.until": { id: repeat.endsBy === "until" ? "repeat-until" : "repeat-count", label: t("series.endsBy") },
    "recurrence.weekdays": { id: "repeat-pattern", label: t("series.weekdays") },
    recurrence: { id: "repeat-pattern", label: t("series.repeat") },
  });
  const set = (key: keyof typeof form) => (e: { target: { value: string; checked?: boolean; type?: string } }) =>
    setForm((f) => ({ ...f, [key]: e.target.type === "checkbox" ? Boolean(e.target.checked) : e.target.value }));
  async function submit(event: FormEvent) {
    event.preventDefault();
    const input = { title: form.title, start: form.start, end: form.end, place: form.place || null, onlineUrl: form.onlineUrl || null, allowPast: form.held || form.allowPast };
    if (form.held) {
      const agenda = form.agenda.split("\n").map((line) => line.trim()).filter(Boolean);
      const result = await record({ tableId, input, agenda, present });
      if (result.data) navigate(`/meetings/${result.data.recordHeldMeeting.id}`);
      return;
    }
    const recurrence = recurrenceOf(repeat, form.start);
    if (recurrence) {
      const made = await createSeries({ tableId, input, recurrence, inviteSubstitutes: form.inviteSubstitutes });
      if (made.data) navigate(`/series/${made.data.createMeetingSeries.id}`);
      return;
    }
    const result = await create({ tableId, input, inviteSubstitutes: form.inviteSubstitutes });
    if (result.data) navigate(`/meetings/${result.data.createMeeting.id}`);
  }
  const now = new Date(Date.now() - new Date().getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
  return (
    <section className="mb-5">
      <h2 className="h4">{t("meetings.new")}</h2>
      <form onSubmit={submit}>
        {errors.summary}
        <p className="small">{t("form.requiredNote")}</p>
        <div className="form-check mb-3">
          <input id="meeting-held" className="form-check-input" type="checkbox" checked={form.held} onChange={set("held")} />
          <label className="form-check-label" htmlFor="meeting-held">
            {t("meetings.recordHeldMode")}
          </label>
        </div>
        <Input id="meeting-title" label={required(t("meetings.fieldTitle"))} required maxLength={200} value={form.title} onChange={set("title")} {...errors.field("title")} />
        <div className="row">
          <div className="col-md-6">
            <Input id="meeting-start" type="datetime-local" label={required(t("meetings.start"))} required max={form.held ? now : undefined} value={form.start} onChange={set("start")} {...errors.field("start")} />
          </div>
          <div className="col-md-6">
            <Input id="meeting-end" type="datetime-local" label={required(t("meetings.end"))} required min={form.start || undefined} max={form.held ? now : undefined} value={form.end} onChange={set("end")} {...errors.field("end")} />
          </div>
        </div>
        <Input id="meeting-place" label={t("meetings.place")} maxLength={500} value={form.place} onChange={set("place")} {...errors.field("place")} />
        <Input id="meeting-url" type="url" label={t("meetings.onlineUrl")} value={form.onlineUrl} onChange={set("onlineUrl")} {...errors.field("onlineUrl")} />
        {form.held ? (
          <>
            <TextArea id="meeting-agenda" label={required(t("meetings.agendaLines"))} required rows={4} value={form.agenda} onChange={set("agenda")} {...errors.field("agenda")} />
            <fieldset className="mb-3">
              <legend className="h6">{t("meetings.whoWasPresent")}</legend>
              {invitees.map((m) => (
                <div className="form-check" key={m.id}>
                  <input
                    id={`present-${m.person.id}`}
                    className="form-check-input"
                    type="checkbox"
                    checked={present.includes(m.person.id)}
                    onChange={() => setPresent((p) => (p.includes(m.person.id) ? p.filter((id) => id !== m.person.id) : [...p, m.person.id]))}
                  />
                  <label className="form-check-label" htmlFor={`present-${m.person.id}`}>
                    {m.person.name} — {m.organization?.name ?? label(m.role)}
                  </label>
                </div>
              ))}
            </fieldset>
          </>
        ) : (
          <>
          <div className="form-check mb-2">
            <input id="meeting-past" className="form-check-input" type="checkbox" checked={form.allowPast} onChange={set("allowPast")} />
            <label className="form-check-label" htmlFor="meeting-past">
              {t("meetings.allowPast")}
            </label>
          </div>
          <Repeat repeat={repeat} onChange={setRepeat} errors={errors} />
          <div className="form-check mb-3">
            <input id="meeting-substitutes" className="form-check-input" type="checkbox" checked={form.inviteSubstitutes} onChange={set("inviteSubstitutes")} />
            <label className="form-check-label" htmlFor="meeting-substitutes">
              {t("meetings.inviteSubstitutes")}
            </label>
          </div>
          </>
        )}
        <Button color="primary" type="submit" disabled={created.fetching || recorded.fetching || series.fetching}>
          {form.held ? t("meetings.recordHeld") : t("meetings.create")}
        </Button>
      </form>
    </section>
  );
}
