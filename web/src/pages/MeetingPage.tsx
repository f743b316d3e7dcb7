// One meeting: details and lifecycle actions, the answer to one's invitation, agenda editor, invitees, attendance and quorum, and the minutes.
import { Badge, Button, Input } from "design-react-kit";
import { useState, type FormEvent } from "react";
import { Link, useParams } from "react-router-dom";
import { useMutation, useQuery } from "urql";
import { LinkedStrategy } from "../components/LinkedStrategy";
import { Loading, QueryError } from "../components/Status";
import { graphql } from "../gql";
import type { MeetingPageQuery } from "../gql/graphql";
import { useI18n } from "../i18n";
import { MinutesSection } from "./MinutesSection";
import { FieldError } from "../components/FieldError";
import { statusColor } from "./TableMeetings";

const MeetingPageDocument = graphql(`
  query MeetingPage($id: ID!) {
    me {
      id
      instanceRole
    }
    meeting(id: $id) {
      id
      title
      description
      status
      localStart
      localEnd
      startsAt
      timeZone
      place
      onlineUrl
      cancelReason
      agendaVersion
      table {
        id
        name
        myRoles
      }
      agenda {
        id
        title
        description
        presenter
        plannedMinutes
        followUp
        documents
        strategyElements {
          tableId
          code
          title
        }
      }
      invitations {
        id
        name
        email
        role
        rsvp
        person {
          id
          name
        }
      }
      myInvitation {
        id
        rsvp
      }
      remindersEnabled
      reminderHours
      reminderNote
      deliveries {
        invitationId
        kind
        status
        attempts
        lastError
      }
      attendance {
        id
        status
        person {
          id
        }
      }
      quorum {
        memberOrganizations
        presentOrganizations
        required
        reached
      }
    }
  }
`);

const ScheduleDocument = graphql(`
  mutation ScheduleMeeting($id: ID!, $allowPast: Boolean!) {
    scheduleMeeting(id: $id, allowPast: $allowPast) {
      id
      status
    }
  }
`);
const HeldDocument = graphql(`
  mutation MarkHeld($id: ID!) {
    markMeetingHeld(id: $id) {
      id
      status
    }
  }
`);
const CancelDocument = graphql(`
  mutation CancelMeeting($id: ID!, $reason: String!) {
    cancelMeeting(id: $id, reason: $reason) {
      id
      status
    }
  }
`);
const AnswerDocument = graphql(`
  mutation AnswerInvitation($id: ID!, $rsvp: Rsvp!) {
    answerInvitation(id: $id, rsvp: $rsvp) {
      id
      rsvp
    }
  }
`);
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
const InviteDocument = graphql(`
  mutation Invite($meetingId: ID!, $invitee: InviteeInput!) {
    invite(meetingId: $meetingId, invitee: $invitee) {
      id
    }
  }
`);
const ResendDocument = graphql(`
  mutation ResendInvitation($id: ID!) {
    resendInvitation(id: $id) {
      status
    }
  }
`);
const RemindersDocument = graphql(`
  mutation SetMeetingReminders($id: ID!, $enabled: Boolean!, $hours: Int!, $note: String) {
    setMeetingReminders(id: $id, enabled: $enabled, hours: $hours, note: $note) {
      id
    }
  }
`);
const AttendanceDocument = graphql(`
  mutation RecordAttendance($meetingId: ID!, $personId: ID!, $status: AttendanceStatus!) {
    recordAttendance(meetingId: $meetingId, personId: $personId, status: $status) {
      id
      status
    }
  }
`);

export type MeetingData = NonNullable<MeetingPageQuery["meeting"]>;

export function MeetingPage() {
  const { id = "" } = useParams();
  const { t, label, span } = useI18n();
  const [{ data, fetching, error }, refetch] = useQuery({ query: MeetingPageDocument, variables: { id } });
  const reload = () => refetch({ requestPolicy: "network-only" });
  if (error) return <QueryError error={error} />;
  if (fetching && !data) return <Loading />;
  const meeting = data?.meeting;
  if (!meeting) return <Loading />;
  const roles = meeting.table?.myRoles ?? [];
  const admin = data?.me?.instanceRole === "ADMIN";
  const runs = admin || roles.some((r) => r === "CHAIR" || r === "SECRETARIAT");
  const chairs = admin || roles.includes("CHAIR");
  const editable = meeting.status === "DRAFT" || meeting.status === "SCHEDULED";
  return (
    <article>
      {meeting.table && (
        <p>
          <Link to={`/tables/${meeting.table.id}/meetings`}>{meeting.table.name}</Link>
        </p>
      )}
      <h1>
        {meeting.title} <Badge color={statusColor(meeting.status)}>{label(meeting.status)}</Badge>
      </h1>
      {meeting.description && <p className="lead">{meeting.description}</p>}
      <dl className="row tavolo-meta">
        <dt className="col-sm-3">{t("meetings.when")}</dt>
        <dd className="col-sm-9">
          {span(meeting.localStart, meeting.localEnd)} ({meeting.timeZone})
        </dd>
        {meeting.place && (
          <>
            <dt className="col-sm-3">{t("meetings.place")}</dt>
            <dd className="col-sm-9">{meeting.place}</dd>
          </>
        )}
        {meeting.onlineUrl && (
          <>
            <dt className="col-sm-3">{t("meetings.onlineUrl")}</dt>
            <dd className="col-sm-9">
              <a href={meeting.onlineUrl} rel="noopener noreferrer">
                {meeting.onlineUrl}
              </a>
            </dd>
          </>
        )}
        {meeting.cancelReason && (
          <>
            <dt className="col-sm-3">{t("meetings.cancelReason")}</dt>
            <dd className="col-sm-9">{meeting.cancelReason}</dd>
          </>
        )}
      </dl>
      {runs && <Lifecycle meeting={meeting} onChange={reload} />}
      {meeting.myInvitation && editable && <MyAnswer invitationId={meeting.myInvitation.id} rsvp={meeting.myInvitation.rsvp} onChange={reload} />}
      <Agenda meeting={meeting} editable={runs && editable} onChange={reload} />
      <Invitees meeting={meeting} editable={runs && editable} runs={runs} onChange={reload} />
      {runs && meeting.status === "SCHEDULED" && <Reminders meeting={meeting} onChange={reload} />}
      {(meeting.status === "SCHEDULED" || meeting.status === "HELD") && <AttendanceSheet meeting={meeting} editable={runs} onChange={reload} />}
      {meeting.status === "HELD" && <MinutesSection meetingId={meeting.id} agenda={meeting.agenda} invitations={meeting.invitations} runs={runs} chairs={chairs} />}
    </article>
  );
}

function Lifecycle({ meeting, onChange }: { meeting: MeetingData; onChange: () => void }) {
  const { t } = useI18n();
  const [schedule, runSchedule] = useMutation(ScheduleDocument);
  const [held, runHeld] = useMutation(HeldDocument);
  const [cancel, runCancel] = useMutation(CancelDocument);
  const [reason, setReason] = useState("");
  const [confirmPast, setConfirmPast] = useState(false);
  const inPast = new Date(meeting.startsAt) < new Date();
  const done = async (promise: Promise<{ error?: unknown }>) => {
    const result = await promise;
    if (!result.error) onChange();
  };
  return (
    <section className="mb-4" aria-label={t("meetings.title")}>
      <FieldError error={schedule.error ?? held.error ?? cancel.error} />
      <div className="d-flex flex-wrap gap-2 align-items-center">
        {meeting.status === "DRAFT" && (
          <>
            {inPast && (
              <div className="form-check mb-0">
                <input id="confirm-past" className="form-check-input" type="checkbox" checked={confirmPast} onChange={(e) => setConfirmPast(e.target.checked)} />
                <label className="form-check-label" htmlFor="confirm-past">
                  {t("meetings.allowPast")}
                </label>
              </div>
            )}
            <Button color="primary" onClick={() => done(runSchedule({ id: meeting.id, allowPast: confirmPast }))}>
              {t("meetings.schedule")}
            </Button>
          </>
        )}
        {meeting.status === "SCHEDULED" && inPast && (
          <Button color="primary" onClick={() => done(runHeld({ id: meeting.id }))}>
            {t("meetings.markHeld")}
          </Button>
        )}
      </div>
      {(meeting.status === "DRAFT" || meeting.status === "SCHEDULED") && (
        <form
          className="mt-3"
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            void done(runCancel({ id: meeting.id, reason }));
          }}
        >
          <Input id="cancel-reason" label={t("meetings.cancelReason")} value={reason} onChange={(e) => setReason(e.target.value)} />
          <Button color="danger" outline size="sm" type="submit">
            {t("meetings.cancel")}
          </Button>
        </form>
      )}
    </section>
  );
}

function MyAnswer({ invitationId, rsvp, onChange }: { invitationId: string; rsvp: string; onChange: () => void }) {
  const { t, label } = useI18n();
  const [{ error }, answer] = useMutation(AnswerDocument);
  const choices = ["ACCEPTED", "TENTATIVE", "DECLINED"] as const;
  return (
    <section className="mb-4">
      <h2 className="h5">
        {t("meetings.myAnswer")}: <Badge color="secondary">{label(rsvp)}</Badge>
      </h2>
      <FieldError error={error} />
      <div className="d-flex gap-2">
        {choices.map((choice) => (
          <Button
            key={choice}
            size="sm"
            color="primary"
            outline={rsvp !== choice}
            aria-pressed={rsvp === choice}
            onClick={async () => {
              const result = await answer({ id: invitationId, rsvp: choice });
              if (!result.error) onChange();
            }}
          >
            {label(choice)}
          </Button>
        ))}
      </div>
    </section>
  );
}

function Agenda({ meeting, editable, onChange }: { meeting: MeetingData; editable: boolean; onChange: () => void }) {
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

function Invitees({ meeting, editable, runs, onChange }: { meeting: MeetingData; editable: boolean; runs: boolean; onChange: () => void }) {
  const { t, label } = useI18n();
  const [{ error }, invite] = useMutation(InviteDocument);
  const [, resend] = useMutation(ResendDocument);
  const delivery = (id: string) => meeting.deliveries.find((d) => d.invitationId === id);
  const [guest, setGuest] = useState({ email: "", name: "", offerAccount: false });
  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = await invite({ meetingId: meeting.id, invitee: { ...guest, role: "OPTIONAL" } });
    if (!result.error) {
      setGuest({ email: "", name: "", offerAccount: false });
      onChange();
    }
  }
  return (
    <section className="mb-4">
      <h2 className="h4">{t("meetings.invitations")}</h2>
      <table className="table table-sm">
        <thead>
          <tr>
            <th scope="col">{t("tables.person")}</th>
            <th scope="col">{t("tables.role")}</th>
            <th scope="col">{t("meetings.myAnswer")}</th>
            {runs && <th scope="col">{t("meetings.delivery")}</th>}
          </tr>
        </thead>
        <tbody>
          {meeting.invitations.map((invitation) => (
            <tr key={invitation.id}>
              <td>
                {invitation.name}
                {invitation.email && <div className="small text-muted">{invitation.email}</div>}
              </td>
              <td>{label(invitation.role)}</td>
              <td>{label(invitation.rsvp)}</td>
              {runs && (
                <td>
                  {delivery(invitation.id) ? (
                    <>
                      <Badge color={delivery(invitation.id)?.status === "failed" ? "danger" : delivery(invitation.id)?.status === "sent" ? "success" : "secondary"}>
                        {t(`delivery.${delivery(invitation.id)?.status ?? "queued"}` as "delivery.sent")}
                      </Badge>
                      {delivery(invitation.id)?.lastError && delivery(invitation.id)?.status === "failed" && <div className="small text-danger">{delivery(invitation.id)?.lastError}</div>}
                      {delivery(invitation.id)?.status !== "queued" && (
                        <Button
                          size="xs"
                          color="primary"
                          outline
                          className="ms-2"
                          aria-label={`${t("meetings.resend")}: ${invitation.name}`}
                          onClick={async () => {
                            await resend({ id: invitation.id });
                            onChange();
                          }}
                        >
                          {t("meetings.resend")}
                        </Button>
                      )}
                    </>
                  ) : (
                    "—"
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {editable && (
        <form onSubmit={submit} className="row g-2 align-items-end">
          <FieldError error={error} />
          <div className="col-md-5">
            <Input id="guest-email" type="email" label={t("meetings.inviteEmail")} value={guest.email} onChange={(e) => setGuest((g) => ({ ...g, email: e.target.value }))} />
          </div>
          <div className="col-md-5">
            <Input id="guest-name" label={t("meetings.inviteName")} value={guest.name} onChange={(e) => setGuest((g) => ({ ...g, name: e.target.value }))} />
          </div>
          <div className="col-md-2 mb-4">
            <Button color="primary" type="submit" size="sm">
              {t("meetings.invite")}
            </Button>
          </div>
          <div className="col-12 form-check mb-3">
            <input id="guest-account" className="form-check-input" type="checkbox" checked={guest.offerAccount} onChange={(e) => setGuest((g) => ({ ...g, offerAccount: e.target.checked }))} />
            <label className="form-check-label" htmlFor="guest-account">
              {t("meetings.offerAccount")}
            </label>
          </div>
        </form>
      )}
    </section>
  );
}

function AttendanceSheet({ meeting, editable, onChange }: { meeting: MeetingData; editable: boolean; onChange: () => void }) {
  const { t, label } = useI18n();
  const [{ error }, record] = useMutation(AttendanceDocument);
  const statusOf = (personId: string) => meeting.attendance.find((a) => a.person?.id === personId)?.status ?? "";
  const people = meeting.invitations.filter((i) => i.person);
  const q = meeting.quorum;
  return (
    <section className="mb-4">
      <h2 className="h4">{t("meetings.attendance")}</h2>
      <p data-testid="quorum">
        <strong>{t("meetings.quorum")}:</strong> {q.presentOrganizations} {t("meetings.quorumText")} {q.memberOrganizations} ({q.required} {t("meetings.quorumRequired")}) —{" "}
        <Badge color={q.reached ? "success" : "danger"}>{q.reached ? t("meetings.quorumReached") : t("meetings.quorumMissing")}</Badge>
      </p>
      <FieldError error={error} />
      <table className="table table-sm">
        <thead>
          <tr>
            <th scope="col">{t("tables.person")}</th>
            <th scope="col">{t("meetings.attendance")}</th>
          </tr>
        </thead>
        <tbody>
          {people.map((invitation) => {
            const person = invitation.person;
            if (!person) return null;
            return (
              <tr key={invitation.id}>
                <td>{person.name}</td>
                <td>
                  {editable ? (
                    <select
                      className="form-select form-select-sm"
                      aria-label={`${t("meetings.attendance")}: ${person.name}`}
                      value={statusOf(person.id)}
                      onChange={async (e) => {
                        const status = e.target.value as "PRESENT" | "ABSENT" | "EXCUSED";
                        const result = await record({ meetingId: meeting.id, personId: person.id, status });
                        if (!result.error) onChange();
                      }}
                    >
                      <option value="">—</option>
                      {(["PRESENT", "ABSENT", "EXCUSED"] as const).map((s) => (
                        <option key={s} value={s}>
                          {label(s)}
                        </option>
                      ))}
                    </select>
                  ) : (
                    label(statusOf(person.id)) || "—"
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

function Reminders({ meeting, onChange }: { meeting: MeetingData; onChange: () => void }) {
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
