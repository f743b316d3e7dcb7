// A new address, confirmed from its own mailbox before it takes effect.
import { Button } from "design-react-kit";
import { useState } from "react";
import { useMutation } from "urql";
import { FieldError } from "../../components/FieldError";
import { Notice } from "../../components/Status";
import { graphql } from "../../gql";
import { useI18n } from "../../i18n";

const RequestEmailChangeDocument = graphql(`
  mutation RequestEmailChange($newEmail: String!, $currentPassword: String!) {
    requestEmailChange(newEmail: $newEmail, currentPassword: $currentPassword)
  }
`);

/** A new address, confirmed from its own mailbox before it takes effect. */
export function EmailChange() {
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
        <Notice color="success">
          {t("profile.emailSent")}
        </Notice>
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

