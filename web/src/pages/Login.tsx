// Sign-in: with a password, or through the installation's OpenID provider when it has one; after signing in, back to
// the page that asked for it. A new installation without an administrator is sent to its first setup.
import { Alert, Button, Input } from "design-react-kit";
import { useState, type FormEvent } from "react";
import { Link, Navigate, useLocation, useNavigate, useSearchParams } from "react-router-dom";
import type { CombinedError } from "urql";
import { useQuery } from "urql";
import { FieldError } from "../components/FieldError";
import { useI18n, type Key } from "../i18n";
import { useSession } from "../session";
import { InstanceDocument } from "./account/Setup";

const SIGN_ON_FAILURES = ["provider", "attempt", "refused", "token", "no_account", "deactivated"];

export function Login() {
  const { t } = useI18n();
  const { me, login } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const from = (location.state as { from?: string } | null)?.from ?? "/";
  const [{ data: instance }] = useQuery({ query: InstanceDocument });
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [refusal, setRefusal] = useState<CombinedError | null>(null);
  const [busy, setBusy] = useState(false);

  if (me) return <Navigate to={from} replace />;
  if (instance?.instance.needsFirstAdministrator) return <Navigate to="/setup" replace />;
  const signOnFailure = params.get("signOn");

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const refused = await login(email, password);
    setBusy(false);
    setRefusal(refused);
    if (!refused) navigate(from, { replace: true });
  }

  const singleSignOn = instance?.instance.singleSignOn;
  return (
    <section className="row justify-content-center">
      <div className="col-12 col-md-8 col-lg-6">
        <h1 className="mb-4">{t("login.title")}</h1>
        {location.state?.from && <p>{t("login.required")}</p>}
        {signOnFailure && SIGN_ON_FAILURES.includes(signOnFailure) && (
          <Alert color="danger" role="alert">
            {t(`login.signOn.${signOnFailure}` as Key)}
          </Alert>
        )}
        <FieldError error={refusal ?? undefined} />
        {singleSignOn != null && (
          <>
            <a className="btn btn-outline-primary w-100 mb-2" href={`/auth/oidc/start?return_to=${encodeURIComponent(from)}`}>
              {singleSignOn || t("login.singleSignOn")}
            </a>
            <p className="text-center text-muted my-3">{t("login.or")}</p>
          </>
        )}
        <form onSubmit={submit} noValidate>
          <Input id="email" type="email" label={t("login.email")} autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required />
          <Input id="password" type="password" label={t("login.password")} autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
          <div className="d-flex flex-wrap align-items-center gap-3">
            <Button color="primary" type="submit" disabled={busy}>
              {t("login.submit")}
            </Button>
            <Link to="/account/forgot">{t("login.forgot")}</Link>
          </div>
        </form>
      </div>
    </section>
  );
}
