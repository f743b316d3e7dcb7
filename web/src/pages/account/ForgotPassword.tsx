// Asking for a password-reset link: the answer is the same whether or not the address has an account.
import { Button } from "design-react-kit";
import { useState, type FormEvent } from "react";
import { useMutation } from "urql";
import { FieldError } from "../../components/FieldError";
import { Notice } from "../../components/Status";
import { graphql } from "../../gql";
import { useI18n } from "../../i18n";

const RequestResetDocument = graphql(`
  mutation RequestPasswordReset($email: String!) {
    requestPasswordReset(email: $email)
  }
`);

export function ForgotPassword() {
  const { t } = useI18n();
  const [email, setEmail] = useState("");
  const [{ data, error, fetching }, request] = useMutation(RequestResetDocument);

  async function submit(event: FormEvent) {
    event.preventDefault();
    await request({ email });
  }

  return (
    <section className="row justify-content-center">
      <div className="col-12 col-md-8 col-lg-6">
        <h1 className="mb-3">{t("forgot.title")}</h1>
        {data?.requestPasswordReset ? (
          <Notice color="success">
            {t("forgot.sent")}
          </Notice>
        ) : (
          <>
            <p>{t("forgot.intro")}</p>
            <FieldError error={error} />
            <form onSubmit={submit} noValidate>
              <div className="mb-3">
                <label htmlFor="forgot-email" className="form-label">
                  {t("login.email")}
                </label>
                <input id="forgot-email" className="form-control" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
              </div>
              <Button color="primary" type="submit" disabled={fetching}>
                {t("forgot.submit")}
              </Button>
            </form>
          </>
        )}
      </div>
    </section>
  );
}
