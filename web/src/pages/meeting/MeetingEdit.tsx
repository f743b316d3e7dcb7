// Changing a meeting's details or moving it: title, description, start and end in a time zone, place and online link.
// For a scheduled meeting, the form says how many people the calendar update will reach before it is saved.
import { Button } from "design-react-kit";
import { useState, type FormEvent } from "react";
import { useMutation } from "urql";
import { FieldError } from "../../components/FieldError";
import { Notice } from "../../components/Status";
import { timeZones } from "../../components/timeZones";
import { useUnsavedWarning } from "../../components/unsaved";
import { graphql } from "../../gql";
import { useI18n } from "../../i18n";
import type { MeetingData } from "./MeetingPage";

const UpdateMeetingDocument = graphql(`
  mutation UpdateMeeting($id: ID!, $input: MeetingFields!) {
    updateMeeting(id: $id, input: $input) {
      id
      sequence
    }
  }
`);

function fieldsOf(meeting: MeetingData) {
  return {
    title: meeting.title,
    description: meeting.description ?? "",
    start: meeting.localStart.slice(0, 16),
    end: meeting.localEnd.slice(0, 16),
    timeZone: meeting.timeZone,
    multiDay: meeting.multiDay,
    place: meeting.place ?? "",
    onlineUrl: meeting.onlineUrl ?? "",
  };
}

export function MeetingEdit({ meeting, onChange }: { meeting: MeetingData; onChange: () => void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [fields, setFields] = useState(() => fieldsOf(meeting));
  const [done, setDone] = useState(false);
  const [{ error, fetching }, update] = useMutation(UpdateMeetingDocument);
  const dirty = open && JSON.stringify(fields) !== JSON.stringify(fieldsOf(meeting));
  useUnsavedWarning(dirty);
  const invited = meeting.invitations.length;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (meeting.status === "SCHEDULED" && !window.confirm(t("meetings.confirmUpdate").replace("{count}", String(invited)))) return;
    const result = await update({ id: meeting.id, input: fields });
    if (result.error) return;
    setDone(true);
    setOpen(false);
    onChange();
  }

  const text = (key: "title" | "place" | "onlineUrl", label: string, type = "text") => (
    <div className="col-md-6">
      <label htmlFor={`edit-${key}`} className="form-label">
        {label}
      </label>
      <input id={`edit-${key}`} className="form-control" type={type} required={key === "title"} value={fields[key]} onChange={(e) => setFields({ ...fields, [key]: e.target.value })} />
    </div>
  );
  const time = (key: "start" | "end", label: string) => (
    <div className="col-md-4">
      <label htmlFor={`edit-${key}`} className="form-label">
        {label}
      </label>
      <input id={`edit-${key}`} className="form-control" type="datetime-local" required value={fields[key]} onChange={(e) => setFields({ ...fields, [key]: e.target.value })} />
    </div>
  );

  if (!open) {
    return (
      <div className="mb-4">
        {done && <Notice>{meeting.status === "SCHEDULED" ? t("meetings.updatedSent") : t("common.saved")}</Notice>}
        <Button
          color="primary"
          outline
          onClick={() => {
            setFields(fieldsOf(meeting));
            setDone(false);
            setOpen(true);
          }}
        >
          {t("meetings.editDetails")}
        </Button>
      </div>
    );
  }
  return (
    <section className="mb-4 p-3 border rounded" aria-labelledby="edit-meeting-title">
      <h2 className="h4" id="edit-meeting-title">
        {t("meetings.editDetails")}
      </h2>
      <FieldError error={error} />
      <form className="row g-3" onSubmit={submit}>
        {text("title", t("meetings.fieldTitle"))}
        {text("place", t("meetings.place"))}
        {time("start", t("meetings.start"))}
        {time("end", t("meetings.end"))}
        <div className="col-md-4">
          <label htmlFor="edit-zone" className="form-label">
            {t("meetings.timeZone")}
          </label>
          <select id="edit-zone" className="form-select" value={fields.timeZone} onChange={(e) => setFields({ ...fields, timeZone: e.target.value })}>
            {timeZones(fields.timeZone).map((zone) => (
              <option key={zone} value={zone}>
                {zone}
              </option>
            ))}
          </select>
        </div>
        <div className="col-12 form-check ms-2">
          <input id="edit-multi-day" className="form-check-input" type="checkbox" checked={fields.multiDay} onChange={(e) => setFields({ ...fields, multiDay: e.target.checked })} />
          <label className="form-check-label" htmlFor="edit-multi-day">
            {t("meetings.multiDay")}
          </label>
        </div>
        {text("onlineUrl", t("meetings.onlineUrl"), "url")}
        <div className="col-12">
          <label htmlFor="edit-description" className="form-label">
            {t("admin.description")}
          </label>
          <textarea id="edit-description" className="form-control" rows={3} value={fields.description} onChange={(e) => setFields({ ...fields, description: e.target.value })} />
        </div>
        <div className="col-12 d-flex gap-2">
          <Button color="primary" type="submit" disabled={fetching}>
            {t("common.save")}
          </Button>
          <Button color="secondary" outline type="button" onClick={() => setOpen(false)}>
            {t("common.cancel")}
          </Button>
        </div>
      </form>
    </section>
  );
}
