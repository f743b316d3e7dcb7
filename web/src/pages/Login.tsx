// Sign-in form; after signing in, back to the page that asked for it.
import { Alert, Button, Input } from "design-react-kit";
import { useState, type FormEvent } from "react";
import { Navigate, useLocation, useNavigate } from "react-router-dom";
import { useI18n } from "../i18n";
import { useSession } from "../session";

export function Login() {
  const { t } = useI18n();
  const { me, login } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const from = (location.state as { from?: string } | null)?.from ?? "/";
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [failed, setFailed] = useState(false);
  const [busy, setBusy] = useState(false);

  if (me) return <Navigate to={from} replace />;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const ok = await login(email, password);
    setBusy(false);
    setFailed(!ok);
    if (ok) navigate(from, { replace: true });
  }

  return (
    <section className="row justify-content-center">
      <div className="col-12 col-md-8 col-lg-6">
        <h1 className="mb-4">{t("login.title")}</h1>
        {location.state?.from && <p>{t("login.required")}</p>}
        {failed && (
          <Alert color="danger" role="alert">
            {t("login.failed")}
          </Alert>
        )}
        <form onSubmit={submit} noValidate>
          <Input id="email" type="email" label={t("login.email")} autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required />
          <Input id="password" type="password" label={t("login.password")} autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
          <Button color="primary" type="submit" disabled={busy}>
            {t("login.submit")}
          </Button>
        </form>
      </div>
    </section>
  );
}
