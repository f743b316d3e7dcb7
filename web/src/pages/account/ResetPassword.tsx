// Opening a password-reset link: a new password, then signing in with it.
import { Button } from "design-react-kit";
import { useState, type FormEvent } from "react";
import { Link, useParams } from "react-router-dom";
import { useMutation, useQuery } from "urql";
import { FieldError } from "../../components/FieldError";
import { Loading, QueryError, Notice } from "../../components/Status";
import { graphql } from "../../gql";
import { useI18n } from "../../i18n";
import { AccountLinkDocument } from "./Activate";
import { LinkProblem, PasswordPair } from "./parts";

const ResetDocument = graphql(`
  mutation ResetPassword($token: String!, $newPassword: String!) {
    resetPassword(token: $token, newPassword: $newPassword)
  }
`);

export function ResetPassword() {
  const { t } = useI18n();
  const { token = "" } = useParams();
  const [{ data, error }] = useQuery({
    query: AccountLinkDocument,
    variables: { token, purpose: "PASSWORD_RESET" },
    requestPolicy: "network-only",
  });
  const [reset, send] = useMutation(ResetDocument);
  const [password, setPassword] = useState("");
  const [repeat, setRepeat] = useState("");
  const [tried, setTried] = useState(false);

  if (reset.data?.resetPassword) {
    return (
      <section>
        <h1 className="mb-3">{t("reset.title")}</h1>
        <Notice color="success">
          {t("reset.done")} <Link to="/login">{t("link.signIn")}</Link>
        </Notice>
      </section>
    );
  }
  if (error) return <QueryError error={error} />;
  if (!data) return <Loading />;
  const link = data.accountLink;
  if (link.state !== "VALID") {
    return <LinkProblem state={link.state} title={t("reset.title")} retry="/account/forgot" />;
  }
  const mismatch = tried && password !== repeat;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setTried(true);
    if (password !== repeat) return;
    await send({ token, newPassword: password });
  }

  return (
    <section className="row justify-content-center">
      <div className="col-12 col-md-8 col-lg-6">
        <h1 className="mb-3">{t("reset.title")}</h1>
        <p>{t("reset.intro").replace("{email}", link.email ?? "")}</p>
        <FieldError error={reset.error} />
        <form onSubmit={submit} noValidate>
          <PasswordPair password={password} repeat={repeat} onPassword={setPassword} onRepeat={setRepeat} mismatch={mismatch} />
          <Button color="primary" type="submit" disabled={reset.fetching}>
            {t("reset.submit")}
          </Button>
        </form>
      </div>
    </section>
  );
}
