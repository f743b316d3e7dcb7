// The signed-in person's page: their email address (changed through a confirmation link), their calendar
// subscription addresses, each replaceable, and their notifications.
import { Alert, Button } from "design-react-kit";
import { useState } from "react";
import { useMutation, useQuery } from "urql";
import { Loading, QueryError } from "../components/Status";
import { graphql } from "../gql";
import { useI18n } from "../i18n";
import { useSession } from "../session";
import { FieldError } from "./TableMeetings";

const FeedsDocument = graphql(`
  query MyCalendarFeeds {
    myCalendarFeeds {
      path
      table {
        id
        name
      }
    }
  }
`);

const SettingsDocument = graphql(`
  query MyNotificationSettings {
    myNotificationSettings {
      kind
      enabled
    }
  }
`);

const SetNotificationDocument = graphql(`
  mutation SetNotification($kind: NotificationKind!, $enabled: Boolean!) {
    setNotification(kind: $kind, enabled: $enabled) {
      kind
      enabled
    }
  }
`);

/** Each kind of notification, on or off. */
function Notifications() {
  const { t, label } = useI18n();
  const [{ data }, refetch] = useQuery({ query: SettingsDocument });
  const [{ error }, set] = useMutation(SetNotificationDocument);
  return (
    <section className="mt-5">
      <h2 className="h4">{t("profile.notifications")}</h2>
      <FieldError error={error} />
      {data?.myNotificationSettings.map((setting) => (
        <div className="form-check" key={setting.kind}>
          <input
            id={`notify-${setting.kind}`}
            className="form-check-input"
            type="checkbox"
            checked={setting.enabled}
            onChange={async (e) => {
              await set({ kind: setting.kind, enabled: e.target.checked });
              refetch({ requestPolicy: "network-only" });
            }}
          />
          <label className="form-check-label" htmlFor={`notify-${setting.kind}`}>
            {label(setting.kind)}
          </label>
        </div>
      ))}
    </section>
  );
}

const RequestEmailChangeDocument = graphql(`
  mutation RequestEmailChange($newEmail: String!, $currentPassword: String!) {
    requestEmailChange(newEmail: $newEmail, currentPassword: $currentPassword)
  }
`);

/** A new address, confirmed from its own mailbox before it takes effect. */
function EmailChange() {
  const { t } = useI18n();
  const [newEmail, setNewEmail] = useState("");
  const [password, setPassword] = useState("");
  const [sent, setSent] = useState(false);
  const [{ error, fetching }, request] = useMutation(RequestEmailChangeDocument);
  return (
    <section className="mt-5">
      <h2 className="h4">{t("profile.email")}</h2>
      <p>{t("profile.emailHelp")}</p>
      <FieldError error={error} />
      {sent && (
        <Alert color="success" role="status">
          {t("profile.emailSent")}
        </Alert>
      )}
      <form
        className="row g-3"
        onSubmit={async (e) => {
          e.preventDefault();
          setSent(false);
          const result = await request({ newEmail, currentPassword: password });
          if (!result.error) {
            setSent(true);
            setPassword("");
          }
        }}
      >
        <div className="col-md-5">
          <label htmlFor="new-email" className="form-label">
            {t("profile.newEmail")}
          </label>
          <input id="new-email" className="form-control" type="email" required autoComplete="email" value={newEmail} onChange={(e) => setNewEmail(e.target.value)} />
        </div>
        <div className="col-md-4">
          <label htmlFor="email-password" className="form-label">
            {t("profile.currentPassword")}
          </label>
          <input id="email-password" className="form-control" type="password" required autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </div>
        <div className="col-md-3 d-flex align-items-end">
          <Button color="primary" type="submit" disabled={fetching}>
            {t("profile.changeEmail")}
          </Button>
        </div>
      </form>
    </section>
  );
}

const RotateDocument = graphql(`
  mutation RotateCalendarFeed($tableId: ID) {
    rotateCalendarFeed(tableId: $tableId) {
      path
    }
  }
`);

export function Profile() {
  const { t } = useI18n();
  const { me } = useSession();
  const [{ data, error }, refetch] = useQuery({ query: FeedsDocument });
  const [rotation, rotate] = useMutation(RotateDocument);
  if (error) return <QueryError error={error} />;
  if (!data || !me) return <Loading />;
  return (
    <section>
      <h1 className="mb-2">{t("profile.title")}</h1>
      <p className="lead">
        {me.name} — {me.email}
      </p>
      <h2 className="h4 mt-4">{t("profile.calendars")}</h2>
      <p>{t("profile.calendarsHelp")}</p>
      <FieldError error={rotation.error} />
      <ul className="list-group">
        {data.myCalendarFeeds.map((feed) => {
          const name = feed.table?.name ?? t("profile.allMeetings");
          const url = `${window.location.origin}${feed.path}`;
          return (
            <li className="list-group-item" key={feed.table?.id ?? "all"}>
              <div className="fw-semibold">{name}</div>
              <code className="d-block text-break" data-testid="feed-url">
                {url}
              </code>
              <Button
                size="xs"
                color="primary"
                outline
                className="mt-1"
                aria-label={`${t("profile.rotate")}: ${name}`}
                onClick={async () => {
                  await rotate({ tableId: feed.table?.id ?? null });
                  refetch({ requestPolicy: "network-only" });
                }}
              >
                {t("profile.rotate")}
              </Button>
            </li>
          );
        })}
      </ul>
      <EmailChange />
      <Notifications />
    </section>
  );
}
