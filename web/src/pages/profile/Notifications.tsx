// Each kind of notification by email, on or off.
import { useMutation, useQuery } from "urql";
import { FieldError } from "../../components/FieldError";
import { graphql } from "../../gql";
import { useI18n } from "../../i18n";

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
export function Notifications() {
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

