// One meeting: details and lifecycle actions, the answer to one's invitation, then its agenda, invitees, reminders,
// attendance and quorum, and the minutes (each a file of this folder).
import { Badge, Button, Input } from "design-react-kit";
import { useState, type FormEvent } from "react";
import { Link, useParams } from "react-router-dom";
import { useMutation, useQuery } from "urql";
import { FieldError } from "../../components/FieldError";
import { Loading, QueryError } from "../../components/Status";
import { graphql } from "../../gql";
import { useI18n } from "../../i18n";
import type { MeetingPageQuery } from "../../gql/graphql";
import { useLive } from "../../components/useLive";
import { MeetingChangesDocument } from "./live";
import { MinutesSection } from "../MinutesSection";
import { statusColor } from "../TableMeetings";
import { Agenda } from "./Agenda";
import { AttendanceSheet } from "./AttendanceSheet";
import { CalendarReplies } from "./CalendarReplies";
import { Invitees } from "./Invitees";
import { MeetingEdit } from "./MeetingEdit";
import { MyAnswer } from "./MyAnswer";
import { Reminders } from "./Reminders";

export type MeetingData = NonNullable<MeetingPageQuery["meeting"]>;

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
      multiDay
      place
      onlineUrl
      cancelReason
      agendaVersion
      series {
        id
        title
      }
      course {
        id
        title
      }
      table {
        id
        name
        myRoles
        seats {
          id
          organization {
            name
          }
        }
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
      files {
        id
        target
        targetId
        fileName
        sizeBytes
        url
      }
      attendance {
        id
        status
        seatId
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


export function MeetingPage() {
  const { id = "" } = useParams();
  const { t, label, span } = useI18n();
  const [{ data, fetching, error }, refetch] = useQuery({ query: MeetingPageDocument, variables: { id } });
  const reload = () => refetch({ requestPolicy: "network-only" });
  // Someone else's change (an answer, attendance, the agenda) shows without reloading the page.
  useLive(MeetingChangesDocument, { meetingId: id }, (event) => event.meetingChanges.action !== "editing" && reload(), !id);
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
      {meeting.series && (
        <p>
          <Link to={`/series/${meeting.series.id}`}>{t("series.partOf").replace("{title}", meeting.series.title)}</Link>
        </p>
      )}
      {meeting.course && (
        <p>
          <Link to={`/courses/${meeting.course.id}`}>{t("courses.sessionOf").replace("{title}", meeting.course.title)}</Link>
        </p>
      )}
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
      {runs && editable && <MeetingEdit meeting={meeting} onChange={reload} />}
      {meeting.myInvitation && editable && <MyAnswer invitationId={meeting.myInvitation.id} rsvp={meeting.myInvitation.rsvp} onChange={reload} />}
      <Agenda meeting={meeting} editable={runs && editable} filesEditable={runs && meeting.status !== "CANCELLED"} onChange={reload} />
      <Invitees meeting={meeting} editable={runs && editable} runs={runs} onChange={reload} />
      {runs && meeting.status === "SCHEDULED" && <Reminders meeting={meeting} onChange={reload} />}
      {runs && <CalendarReplies meeting={meeting} editable={editable} onChange={reload} />}
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
        {meeting.status === "DRAFT" && meeting.series && (
          <Link to={`/series/${meeting.series.id}`}>{t("series.schedule")}</Link>
        )}
        {meeting.status === "DRAFT" && !meeting.series && (
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
