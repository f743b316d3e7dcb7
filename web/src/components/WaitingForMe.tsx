// "Waiting for me": invitations to answer, minutes to review or approve, strategy versions to approve, practices to
// review and action items due, across the person's tables; and the count the header shows.
import { Badge } from "design-react-kit";
import { useEffect, type ReactNode } from "react";
import { Link, useLocation } from "react-router-dom";
import { useQuery } from "urql";
import { graphql } from "../gql";
import { useI18n, type Key } from "../i18n";
import { useSession } from "../session";
import { useLive } from "./useLive";
import { Loading, QueryError } from "./Status";

const WaitingDocument = graphql(`
  query WaitingForMe {
    waitingForMe {
      total
      invitations {
        total
        items {
          id
          meeting {
            id
            title
            localStart
            localEnd
          }
        }
      }
      minutesToReview {
        total
        items {
          id
          title
        }
      }
      minutesToApprove {
        total
        items {
          id
          title
        }
      }
      strategiesToApprove {
        total
        items {
          id
          number
          title
          tableId
        }
      }
      practicesToReview {
        total
        items {
          id
          title
        }
      }
      actionItemsDue {
        total
        items {
          id
          title
          dueDate
          overdue
          meeting {
            id
          }
        }
      }
    }
  }
`);

const WaitingCountsDocument = graphql(`
  subscription WaitingCounts {
    waitingCounts {
      total
    }
  }
`);

const WaitingCountDocument = graphql(`
  query WaitingCount {
    waitingForMe {
      total
    }
  }
`);

/** The header's link to what waits, with its count; nothing when nothing waits. */
export function WaitingBadge() {
  const { t } = useI18n();
  const { me } = useSession();
  const [{ data }, refetch] = useQuery({ query: WaitingCountDocument, pause: !me });
  // The count follows new invitations, minutes sent for review and the like as they happen.
  useLive(WaitingCountsDocument, {}, () => refetch({ requestPolicy: "network-only" }), !me);
  const total = data?.waitingForMe.total ?? 0;
  if (!me || total === 0) return null;
  return (
    <Link to="/#waiting" className="btn btn-primary btn-xs me-2" data-testid="waiting-badge">
      <span className="d-none d-sm-inline">{t("waiting.short")} </span>
      <Badge color="light" className="text-primary">
        {total}
      </Badge>
      <span className="visually-hidden"> {t("waiting.itemsWaiting")}</span>
    </Link>
  );
}

function Group({ title, total, children }: { title: Key; total: number; children: ReactNode }) {
  const { t } = useI18n();
  if (total === 0) return null;
  return (
    <div className="col-12 col-md-6 mb-3">
      <h3 className="h5">
        {t(title)} <Badge color="primary">{total}</Badge>
      </h3>
      <ul className="list-group">{children}</ul>
    </div>
  );
}

export function WaitingForMe() {
  const { t, span, date } = useI18n();
  const { hash } = useLocation();
  const [{ data, error }] = useQuery({ query: WaitingDocument, requestPolicy: "cache-and-network" });
  // The header's badge links here: once the list is drawn, bring it into view and focus.
  useEffect(() => {
    if (data && hash === "#waiting") document.getElementById("waiting")?.focus();
  }, [data, hash]);
  if (error) return <QueryError error={error} />;
  if (!data) return <Loading />;
  const w = data.waitingForMe;
  return (
    <section className="mb-5" id="waiting" aria-labelledby="waiting-title" tabIndex={-1}>
      <h2 className="h3" id="waiting-title">
        {t("waiting.title")}
      </h2>
      {w.total === 0 ? (
        <p>{t("waiting.nothing")}</p>
      ) : (
        <div className="row">
          <Group title="waiting.invitations" total={w.invitations.total}>
            {w.invitations.items.map((invitation) =>
              invitation.meeting ? (
                <li className="list-group-item" key={invitation.id}>
                  <Link to={`/meetings/${invitation.meeting.id}`}>{invitation.meeting.title}</Link>
                  <div className="small text-muted">{span(invitation.meeting.localStart, invitation.meeting.localEnd)}</div>
                </li>
              ) : null,
            )}
          </Group>
          <Group title="waiting.minutesToApprove" total={w.minutesToApprove.total}>
            {w.minutesToApprove.items.map((meeting) => (
              <li className="list-group-item" key={meeting.id}>
                <Link to={`/meetings/${meeting.id}`}>{meeting.title}</Link>
              </li>
            ))}
          </Group>
          <Group title="waiting.minutesToReview" total={w.minutesToReview.total}>
            {w.minutesToReview.items.map((meeting) => (
              <li className="list-group-item" key={meeting.id}>
                <Link to={`/meetings/${meeting.id}`}>{meeting.title}</Link>
              </li>
            ))}
          </Group>
          <Group title="waiting.strategiesToApprove" total={w.strategiesToApprove.total}>
            {w.strategiesToApprove.items.map((version) => (
              <li className="list-group-item" key={version.id}>
                <Link to={`/tables/${version.tableId}/strategy`}>
                  {version.title} ({t("strategy.version")} {version.number})
                </Link>
              </li>
            ))}
          </Group>
          <Group title="waiting.practicesToReview" total={w.practicesToReview.total}>
            {w.practicesToReview.items.map((practice) => (
              <li className="list-group-item" key={practice.id}>
                <Link to={`/practices/${practice.id}`}>{practice.title}</Link>
              </li>
            ))}
          </Group>
          <Group title="waiting.actionItemsDue" total={w.actionItemsDue.total}>
            {w.actionItemsDue.items.map((item) => (
              <li className="list-group-item" key={item.id}>
                {item.meeting ? <Link to={`/meetings/${item.meeting.id}`}>{item.title}</Link> : item.title}
                <div className={`small ${item.overdue ? "text-danger" : "text-muted"}`}>
                  {item.overdue ? t("waiting.overdue") : t("minutes.dueDate")} {date(item.dueDate)}
                </div>
              </li>
            ))}
          </Group>
        </div>
      )}
    </section>
  );
}
