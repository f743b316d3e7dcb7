// The browsers the person is signed in with: when each was opened and last seen; end one, or all the others.
import { Badge, Button } from "design-react-kit";
import { useEffect } from "react";
import { useMutation, useQuery } from "urql";
import { FieldError } from "../../components/FieldError";
import { Loading, QueryError } from "../../components/Status";
import { graphql } from "../../gql";
import { useI18n } from "../../i18n";

const SessionsDocument = graphql(`
  query MySessions {
    mySessions {
      id
      current
      createdAt
      lastSeenAt
      userAgent
      method
    }
  }
`);

const EndSessionDocument = graphql(`
  mutation EndSession($id: ID!) {
    endSession(id: $id)
  }
`);

const EndOtherSessionsDocument = graphql(`
  mutation EndOtherSessions {
    endOtherSessions
  }
`);

/** "Firefox on Linux" from a User-Agent, or the raw text when it is unusual. */
function browserName(agent: string | null | undefined, unknown: string): string {
  if (!agent) return unknown;
  const browser = ["Edg", "Firefox", "Chrome", "Safari"].find((name) => agent.includes(`${name}/`));
  const system = ["Windows", "Android", "iPhone", "Mac OS", "Linux"].find((name) => agent.includes(name));
  if (!browser) return agent.slice(0, 80);
  const label = browser === "Edg" ? "Edge" : browser;
  return system ? `${label} · ${system}` : label;
}

export function Sessions({ refreshKey }: { refreshKey: number }) {
  const { t, date, label } = useI18n();
  const [{ data, error }, refetch] = useQuery({ query: SessionsDocument, requestPolicy: "network-only" });
  useEffect(() => {
    if (refreshKey > 0) refetch({ requestPolicy: "network-only" });
  }, [refreshKey, refetch]);
  const [ending, end] = useMutation(EndSessionDocument);
  const [endingOthers, endOthers] = useMutation(EndOtherSessionsDocument);
  if (error) return <QueryError error={error} />;
  if (!data) return <Loading />;
  const reload = () => refetch({ requestPolicy: "network-only" });
  const others = data.mySessions.filter((s) => !s.current).length;
  return (
    <section className="mt-5">
      <h2 className="h4">{t("profile.sessions")}</h2>
      <p>{t("profile.sessionsHelp")}</p>
      <FieldError error={ending.error ?? endingOthers.error} />
      <ul className="list-group mb-3" data-testid="sessions">
        {data.mySessions.map((session) => (
          <li className="list-group-item d-flex flex-wrap justify-content-between align-items-center gap-2" key={session.id}>
            <div>
              <div className="fw-semibold">
                {browserName(session.userAgent, t("profile.unknownBrowser"))}{" "}
                {session.current && <Badge color="success">{t("profile.thisSession")}</Badge>}
              </div>
              <small className="text-muted">
                {t("profile.opened")} {date(session.createdAt)} ({label(session.method)}) · {t("profile.lastSeen")} {date(session.lastSeenAt)}
              </small>
            </div>
            {!session.current && (
              <Button
                size="xs"
                color="danger"
                outline
                onClick={async () => {
                  await end({ id: session.id });
                  reload();
                }}
              >
                {t("profile.endSession")}
              </Button>
            )}
          </li>
        ))}
      </ul>
      {others > 0 && (
        <Button
          color="danger"
          outline
          onClick={async () => {
            await endOthers({});
            reload();
          }}
        >
          {t("profile.endOthers")}
        </Button>
      )}
    </section>
  );
}
