// The signed-in person's page: their details and language, password and address, where they are signed in, their API
// tokens, calendar subscriptions, what they follow and which mails they get.
import { useState } from "react";
import { Loading } from "../../components/Status";
import { useI18n } from "../../i18n";
import { useSession } from "../../session";
import { ApiTokens } from "./ApiTokens";
import { Calendars } from "./Calendars";
import { Details } from "./Details";
import { EmailChange } from "./EmailChange";
import { Follows } from "./Follows";
import { DigestSchedule } from "./DigestSchedule";
import { Notifications } from "./Notifications";
import { Password } from "./Password";
import { Sessions } from "./Sessions";

export function Profile() {
  const { t } = useI18n();
  const { me } = useSession();
  // A password change ends the other sessions and the tokens: their lists reload.
  const [credentialsChanged, setCredentialsChanged] = useState(0);
  if (!me) return <Loading />;
  return (
    <section>
      <h1 className="mb-2">{t("profile.title")}</h1>
      <p className="lead">
        {me.name} — {me.email}
      </p>
      <Details me={me} />
      <Password onChanged={() => setCredentialsChanged((n) => n + 1)} />
      <EmailChange />
      <Sessions refreshKey={credentialsChanged} />
      <ApiTokens refreshKey={credentialsChanged} />
      <Calendars />
      <Follows />
      <DigestSchedule />
      <Notifications />
    </section>
  );
}
