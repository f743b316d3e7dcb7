// What invitees' calendar programs mailed back, for whoever runs the table: proposals of another time (accepted by
// moving the meeting, or marked as seen), answers that were not applied and why, and every answer received.
import { Badge, Button } from "design-react-kit";
import { useMutation, useQuery } from "urql";
import { FieldError } from "../../components/FieldError";
import { ScrollTable } from "../../components/Status";
import { graphql } from "../../gql";
import type { MeetingCalendarRepliesQuery } from "../../gql/graphql";
import { useI18n } from "../../i18n";
import type { MeetingData } from "./MeetingPage";

const RepliesDocument = graphql(`
  query MeetingCalendarReplies($id: ID!) {
    meeting(id: $id) {
      id
      calendarReplies {
        id
        method
        outcome
        issue
        sender
        attendeeEmail
        answer
        delegatedToEmail
        proposedStartsAt
        proposedEndsAt
        comment
        receivedAt
        reviewedAt
      }
    }
  }
`);

const ReviewDocument = graphql(`
  mutation ReviewCalendarReply($id: ID!) {
    reviewCalendarReply(id: $id) {
      id
      reviewedAt
    }
  }
`);

const MoveDocument = graphql(`
  mutation MoveMeetingToProposal($id: ID!, $input: MeetingFields!) {
    updateMeeting(id: $id, input: $input) {
      id
      sequence
    }
  }
`);

type Reply = MeetingCalendarRepliesQuery["meeting"]["calendarReplies"][number];

/** An instant as the meeting form's `YYYY-MM-DDTHH:MM` in the meeting's time zone. */
function wallClock(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(new Date(iso));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")}T${part("hour")}:${part("minute")}`;
}

export function CalendarReplies({ meeting, editable, onChange }: { meeting: MeetingData; editable: boolean; onChange: () => void }) {
  const { t, locale } = useI18n();
  const [{ data }, refetch] = useQuery({ query: RepliesDocument, variables: { id: meeting.id }, requestPolicy: "cache-and-network" });
  const [reviewing, review] = useMutation(ReviewDocument);
  const [moving, move] = useMutation(MoveDocument);
  const replies = data?.meeting.calendarReplies ?? [];
  if (replies.length === 0) return null;
  const inZone = new Intl.DateTimeFormat(locale === "it" ? "it-IT" : "en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: meeting.timeZone });
  const time = (iso: string) => inZone.format(new Date(iso));
  const who = (reply: Reply) => reply.attendeeEmail ?? reply.sender;
  const proposals = replies.filter((r) => r.outcome === "PROPOSAL" && !r.reviewedAt);
  const aside = replies.filter((r) => r.outcome === "SET_ASIDE" && !r.reviewedAt);
  const reload = () => refetch({ requestPolicy: "network-only" });

  async function seen(reply: Reply) {
    const result = await review({ id: reply.id });
    if (!result.error) reload();
  }

  async function moveTo(reply: Reply) {
    if (!reply.proposedStartsAt || !reply.proposedEndsAt) return;
    if (!window.confirm(t("replies.confirmMove").replace("{count}", String(meeting.invitations.length)))) return;
    const input = { start: wallClock(reply.proposedStartsAt, meeting.timeZone), end: wallClock(reply.proposedEndsAt, meeting.timeZone) };
    const result = await move({ id: meeting.id, input });
    if (result.error) return;
    await review({ id: reply.id });
    reload();
    onChange();
  }

  return (
    <section className="mb-4" aria-labelledby="calendar-replies">
      <h2 className="h4" id="calendar-replies">
        {t("replies.title")}
      </h2>
      <p className="small text-muted">{t("replies.intro")}</p>
      <FieldError error={reviewing.error ?? moving.error} />
      {proposals.length > 0 && (
        <>
          <h3 className="h5">{t("replies.proposals")}</h3>
          <ul className="list-unstyled">
            {proposals.map((reply) => (
              <li key={reply.id} className="border rounded p-2 mb-2">
                <p className="mb-1">
                  {reply.proposedStartsAt && reply.proposedEndsAt
                    ? t("replies.proposes").replace("{who}", who(reply)).replace("{when}", `${time(reply.proposedStartsAt)} – ${time(reply.proposedEndsAt)}`)
                    : t("replies.proposesNoTime").replace("{who}", who(reply))}
                </p>
                {reply.comment && <blockquote className="small mb-2">{reply.comment}</blockquote>}
                <div className="d-flex flex-wrap gap-2">
                  {editable && reply.proposedStartsAt && (
                    <Button size="xs" color="primary" onClick={() => moveTo(reply)} aria-label={`${t("replies.moveHere")}: ${who(reply)}`}>
                      {t("replies.moveHere")}
                    </Button>
                  )}
                  <Button size="xs" color="secondary" outline onClick={() => seen(reply)} aria-label={`${t("replies.markSeen")}: ${who(reply)}`}>
                    {t("replies.markSeen")}
                  </Button>
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
      {aside.length > 0 && (
        <>
          <h3 className="h5">{t("replies.setAside")}</h3>
          <p className="small">{t("replies.setAsideIntro")}</p>
          <RepliesTable replies={aside} caption={t("replies.setAside")} time={time} onSeen={seen} />
        </>
      )}
      <details>
        <summary>{t("replies.all").replace("{count}", String(replies.length))}</summary>
        <RepliesTable replies={replies} caption={t("replies.title")} time={time} />
      </details>
      {proposals.length === 0 && aside.length === 0 && <p className="small">{t("replies.none")}</p>}
    </section>
  );
}

function RepliesTable({ replies, caption, time, onSeen }: { replies: Reply[]; caption: string; time: (iso: string) => string; onSeen?: (reply: Reply) => void }) {
  const { t, label } = useI18n();
  return (
    <ScrollTable label={caption}>
      <table className="table table-sm align-middle">
        <thead>
          <tr>
            <th scope="col">{t("replies.who")}</th>
            <th scope="col">{t("replies.answer")}</th>
            <th scope="col">{t("replies.outcome")}</th>
            <th scope="col">{t("replies.received")}</th>
            {onSeen && <th scope="col">{t("common.actions")}</th>}
          </tr>
        </thead>
        <tbody>
          {replies.map((reply) => (
            <tr key={reply.id}>
              <td className="text-break">
                {reply.attendeeEmail ?? reply.sender}
                {reply.attendeeEmail && reply.sender !== reply.attendeeEmail && <div className="small text-muted">{t("replies.sentBy").replace("{sender}", reply.sender)}</div>}
              </td>
              <td>
                {reply.method === "COUNTER" ? label(reply.method) : label(reply.answer)}
                {reply.delegatedToEmail && <div className="small text-muted">{t("replies.delegatedTo").replace("{email}", reply.delegatedToEmail)}</div>}
              </td>
              <td>
                <Badge color={reply.outcome === "APPLIED" ? "success" : reply.outcome === "PROPOSAL" ? "info" : "warning"}>{label(reply.outcome)}</Badge>
                {reply.issue && <div className="small">{label(reply.issue)}</div>}
              </td>
              <td className="small">{time(reply.receivedAt)}</td>
              {onSeen && (
                <td>
                  <Button size="xs" color="secondary" outline onClick={() => onSeen(reply)} aria-label={`${t("replies.markSeen")}: ${reply.attendeeEmail ?? reply.sender}`}>
                    {t("replies.markSeen")}
                  </Button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollTable>
  );
}
