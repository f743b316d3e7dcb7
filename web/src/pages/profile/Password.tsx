// Changing one's password, which ends the other sessions and the API tokens.
import { Button } from "design-react-kit";
import { useState, type FormEvent } from "react";
import { useMutation } from "urql";
import { FieldError } from "../../components/FieldError";
import { Notice } from "../../components/Status";
import { graphql } from "../../gql";
import { useI18n } from "../../i18n";
import { PasswordPair } from "../account/parts";

const ChangePasswordDocument = graphql(`
  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {
    changePassword(currentPassword: $currentPassword, newPassword: $newPassword)
  }
`);

export function Password({ onChanged }: { onChanged: () => void }) {
  const { t } = useI18n();
  const [current, setCurrent] = useState("");
  const [password, setPassword] = useState("");
  const [repeat, setRepeat] = useState("");
  const [tried, setTried] = useState(false);
  const [done, setDone] = useState(false);
  const [{ error, fetching }, change] = useMutation(ChangePasswordDocument);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setTried(true);
    setDone(false);
    if (password !== repeat) return;
    const result = await change({ currentPassword: current, newPassword: password });
    if (result.error) return;
    setDone(true);
    setTried(false);
    setCurrent("");
    setPassword("");
    setRepeat("");
    onChanged();
  }

  return (
    <section className="mt-5">
      <h2 className="h4">{t("profile.password")}</h2>
      <p>{t("profile.passwordHelp")}</p>
      <FieldError error={error} />
      {done && (
        <Notice color="success">
          {t("profile.passwordChanged")}
        </Notice>
      )}
      <form onSubmit={submit} noValidate className="col-md-6">
        <div className="mb-3">
          <label htmlFor="current-password" className="form-label">
            {t("profile.currentPassword")}
          </label>
          <input id="current-password" className="form-control" type="password" required autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} />
        </div>
        <PasswordPair password={password} repeat={repeat} onPassword={setPassword} onRepeat={setRepeat} mismatch={tried && password !== repeat} />
        <Button color="primary" type="submit" disabled={fetching}>
          {t("profile.changePassword")}
        </Button>
      </form>
    </section>
  );
}
