// Opening an invitation: the person chooses their password, accepts the terms of use and is signed in.
import { Button } from "design-react-kit";
import { useState, type FormEvent } from "react";
import { Navigate, useParams } from "react-router-dom";
import { useMutation, useQuery } from "urql";
import { FieldError } from "../../components/FieldError";
import { Loading, QueryError } from "../../components/Status";
import { graphql } from "../../gql";
import { useI18n } from "../../i18n";
import { useSession } from "../../session";
import { LinkProblem, PasswordPair } from "./parts";

export const AccountLinkDocument = graphql(`
  query AccountLink($token: String!, $purpose: AccountLinkPurpose!) {
    accountLink(token: $token, purpose: $purpose) {
      state
      personName
      email
    }
  }
`);

const ActivateDocument = graphql(`
  mutation ActivateAccount($token: String!, $password: String!, $acceptTerms: Boolean!) {
    activateAccount(token: $token, password: $password, acceptTerms: $acceptTerms) {
      id
    }
  }
`);

export function Activate() {
  const { t } = useI18n();
  const { token = "" } = useParams();
  const { signedIn } = useSession();
  const [{ data, error }] = useQuery({
    query: AccountLinkDocument,
    variables: { token, purpose: "ACTIVATION" },
    requestPolicy: "network-only",
  });
  const [activation, activate] = useMutation(ActivateDocument);
  const [password, setPassword] = useState("");
  const [repeat, setRepeat] = useState("");
  const [terms, setTerms] = useState(false);
  const [tried, setTried] = useState(false);

  if (activation.data?.activateAccount) return <Navigate to="/" replace />;
  if (error) return <QueryError error={error} />;
  if (!data) return <Loading />;
  const link = data.accountLink;
  if (link.state !== "VALID") return <LinkProblem state={link.state} title={t("activate.title")} />;
  const mismatch = tried && password !== repeat;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setTried(true);
    if (password !== repeat) return;
    const result = await activate({ token, password, acceptTerms: terms });
    if (!result.error) signedIn();
  }

  return (
    <section className="row justify-content-center">
      <div className="col-12 col-md-8 col-lg-6">
        <h1 className="mb-3">{t("activate.title")}</h1>
        <p>
          {t("activate.intro")
            .replace("{name}", link.personName ?? "")
            .replace("{email}", link.email ?? "")}
        </p>
        <FieldError error={activation.error} />
        <form onSubmit={submit} noValidate>
          <PasswordPair password={password} repeat={repeat} onPassword={setPassword} onRepeat={setRepeat} mismatch={mismatch} />
          <div className="form-check mb-4">
            <input id="accept-terms" className="form-check-input" type="checkbox" required checked={terms} onChange={(e) => setTerms(e.target.checked)} />
            <label className="form-check-label" htmlFor="accept-terms">
              {t("activate.terms")}
            </label>
          </div>
          <Button color="primary" type="submit" disabled={activation.fetching}>
            {t("activate.submit")}
          </Button>
        </form>
      </div>
    </section>
  );
}
