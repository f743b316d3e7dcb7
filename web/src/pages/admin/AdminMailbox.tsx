// Answers that reached Tavolo's mailbox but name no meeting it knows, or could not be read: for administrators, who
// see why and mark them as seen.
import { Badge, Button } from "design-react-kit";
import { useMutation, useQuery } from "urql";
import { FieldError } from "../../components/FieldError";
import { Loading, QueryError, ScrollTable } from "../../components/Status";
import { graphql } from "../../gql";
import { useI18n } from "../../i18n";

const UnmatchedDocument = graphql(`
  query UnmatchedCalendarReplies {
    unmatchedCalendarReplies(first: 100) {
      id
      outcome
      issue
      detail
      sender
      attendeeEmail
      answer
      receivedAt
      reviewedAt
    }
  }
`);

const SeenDocument = graphql(`
  mutation MarkUnmatchedReplySeen($id: ID!) {
    reviewCalendarReply(id: $id) {
      id
      reviewedAt
    }
  }
`);

export function AdminMailbox() {
  const { t, label, date } = useI18n();
  const [{ data, error }, refetch] = useQuery({ query: UnmatchedDocument, requestPolicy: "cache-and-network" });
  const [marking, mark] = useMutation(SeenDocument);
  if (error) return <QueryError error={error} />;
  const replies = data?.unmatchedCalendarReplies.filter((r) => !r.reviewedAt) ?? [];
  return (
    <section>
      <h2 className="h3 mb-3">{t("admin.mailbox")}</h2>
      <p>{t("admin.mailboxIntro")}</p>
      <FieldError error={marking.error} />
      {!data ? (
        <Loading />
      ) : replies.length === 0 ? (
        <p>{t("replies.none")}</p>
      ) : (
        <ScrollTable label={t("admin.mailbox")}>
          <table className="table table-sm align-middle" data-testid="unmatched-replies">
            <thead>
              <tr>
                <th scope="col">{t("replies.who")}</th>
                <th scope="col">{t("replies.answer")}</th>
                <th scope="col">{t("replies.reason")}</th>
                <th scope="col">{t("replies.received")}</th>
                <th scope="col">{t("common.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {replies.map((reply) => (
                <tr key={reply.id}>
                  <td className="text-break">{reply.attendeeEmail ?? reply.sender}</td>
                  <td>{label(reply.answer) || "—"}</td>
                  <td>
                    <Badge color="warning">{label(reply.issue)}</Badge>
                    {reply.detail && <div className="small text-break">{reply.detail}</div>}
                  </td>
                  <td className="small">{date(reply.receivedAt)}</td>
                  <td>
                    <Button
                      size="xs"
                      color="secondary"
                      outline
                      aria-label={`${t("replies.markSeen")}: ${reply.attendeeEmail ?? reply.sender}`}
                      onClick={async () => {
                        const result = await mark({ id: reply.id });
                        if (!result.error) refetch({ requestPolicy: "network-only" });
                      }}
                    >
                      {t("replies.markSeen")}
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
    </section>
  );
}
