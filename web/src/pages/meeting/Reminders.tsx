// The reminder mailed to invitees before the meeting: on or off, how many hours before, an optional note.
import { Button, Input } from "design-react-kit";
import { useState, type FormEvent } from "react";
import { useMutation } from "urql";
import { FieldError } from "../../components/FieldError";
import { graphql } from "../../gql";
import { useI18n } from "../../i18n";
import type { MeetingData } from "./MeetingPage";

const RemindersDocument = graphql(`
  mutation SetMeetingReminders($id: ID!, $enabled: Boolean!, $hours: Int!, $note: String) {
    setMeetingReminders(id: $id, enabled: $enabled, hours: $hours, note: $note) {
      id
    }
  }
`);

export function Reminders({ meeting, onChange }: { meeting: MeetingData; onChange: () => void }) {
  const { t } = useI18n();
  const [{ error }, save] = useMutation(RemindersDocument);
  const [form, setForm] = useState({ enabled: meeting.remindersEnabled, hours: String(meeting.reminderHours), note: meeting.reminderNote ?? "" });
  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = await save({ id: meeting.id, enabled: form.enabled, hours: Number.parseInt(form.hours, 10) || 24, note: form.note || null });
    if (!result.error) onChange();
  }
  return (
    <section className="mb-4">
      <h2 className="h4">{t("meetings.reminders")}</h2>
      <FieldError error={error} />
      <form onSubmit={submit} className="row g-2 align-items-end">
        <div className="col-md-3 mb-4">
          <div className="form-check">
            <input id="reminders-on" className="form-check-input" type="checkbox" checked={form.enabled} onChange={(e) => setForm((f) => ({ ...f, enabled: e.target.checked }))} />
            <label className="form-check-label" htmlFor="reminders-on">
              {t("meetings.remindersOn")}
            </label>
          </div>
        </div>
        <div className="col-md-2">
          <div className="form-group">
            <label htmlFor="reminder-hours" className="active">
              {t("meetings.reminderHours")}
            </label>
            <input id="reminder-hours" type="number" min={1} max={336} className="form-control" value={form.hours} onChange={(e) => setForm((f) => ({ ...f, hours: e.target.value }))} />
          </div>
        </div>
        <div className="col-md-5">
          <Input id="reminder-note" label={t("meetings.reminderNote")} value={form.note} onChange={(e) => setForm((f) => ({ ...f, note: e.target.value }))} />
        </div>
        <div className="col-md-2 mb-4">
          <Button color="primary" size="sm" type="submit">
            {t("meetings.save")}
          </Button>
        </div>
      </form>
    </section>
  );
}
