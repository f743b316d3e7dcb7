// The mail outbox: messages not delivered (with the mail server's last answer), queued and sent; any of them sent
// again.
import { Badge, Button } from "design-react-kit";
import { useState } from "react";
import { useMutation, useQuery } from "urql";
import { FieldError } from "../../components/FieldError";
import { Loading, QueryError, ScrollTable } from "../../components/Status";
import { graphql } from "../../gql";
import type { MailStatus } from "../../gql/graphql";
import { useI18n } from "../../i18n";
import { MAIL_STATUSES } from "./choices";
import { Pager, useCursor } from "./Pager";

const OutboxDocument = graphql(`
  query MailOutbox($status: MailStatus, $after: String) {
    mailOutbox(status: $status, first: 25, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        kind
        recipientEmail
        subject
        status
        attempts
        lastError
        createdAt
      }
    }
  }
`);

const RetryDocument = graphql(`
  mutation RetryMail($id: ID!) {
    retryMail(id: $id) {
      id
      status
    }
  }
`);

const COLOR: Record<MailStatus, string> = { FAILED: "danger", QUEUED: "warning", SENT: "success" };

export function AdminMail() {
  const { t, label, date } = useI18n();
  const cursor = useCursor();
  const [status, setStatus] = useState<MailStatus | null>("FAILED");
  const [{ data, error }, refetch] = useQuery({ query: OutboxDocument, variables: { status, after: cursor.after }, requestPolicy: "cache-and-network" });
  const [retrying, retry] = useMutation(RetryDocument);
  if (error) return <QueryError error={error} />;

  const tab = (value: MailStatus | null, caption: string) => (
    <li className="nav-item" key={value ?? "all"}>
      <button
        type="button"
        className={`nav-link${status === value ? " active" : ""}`}
        aria-pressed={status === value}
        onClick={() => {
          cursor.reset();
          setStatus(value);
        }}
      >
        {caption}
      </button>
    </li>
  );

  return (
    <section>
      <h2 className="h3 mb-3">{t("admin.mail")}</h2>
      <ul className="nav nav-pills mb-3">
        {MAIL_STATUSES.map((value) => tab(value, label(value)))}
        {tab(null, t("admin.allMail"))}
      </ul>
      <FieldError error={retrying.error} />
      {!data ? (
        <Loading />
      ) : data.mailOutbox.nodes.length === 0 ? (
        <p>{t("admin.noMail")}</p>
      ) : (
        <ScrollTable label={t("admin.mail")}>
          <table className="table table-sm align-middle" data-testid="outbox">
            <thead>
              <tr>
                <th scope="col">{t("admin.recipient")}</th>
                <th scope="col">{t("admin.subject")}</th>
                <th scope="col">{t("admin.status")}</th>
                <th scope="col">{t("admin.lastError")}</th>
                <th scope="col">{t("common.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {data.mailOutbox.nodes.map((message) => (
                <tr key={message.id}>
                  <td>{message.recipientEmail}</td>
                  <td>
                    {message.subject}
                    <div className="small text-muted">{date(message.createdAt)}</div>
                  </td>
                  <td>
                    <Badge color={COLOR[message.status]}>{label(message.status)}</Badge>
                    <div className="small text-muted">
                      {t("admin.attempts")}: {message.attempts}
                    </div>
                  </td>
                  <td className="small text-break">{message.lastError ?? "—"}</td>
                  <td>
                    {message.status !== "QUEUED" && (
                      <Button
                        size="xs"
                        color="primary"
                        outline
                        aria-label={`${t("admin.retry")}: ${message.recipientEmail}`}
                        onClick={async () => {
                          await retry({ id: message.id });
                          refetch({ requestPolicy: "network-only" });
                        }}
                      >
                        {t("admin.retry")}
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
      {data && <Pager cursor={cursor} total={data.mailOutbox.totalCount} hasNext={data.mailOutbox.pageInfo.hasNextPage} endCursor={data.mailOutbox.pageInfo.endCursor} />}
    </section>
  );
}
