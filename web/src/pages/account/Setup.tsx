// The first run: an installation without an administrator creates one with the code from the server's log.
import { Button } from "design-react-kit";
import { useState, type FormEvent } from "react";
import { Navigate } from "react-router-dom";
import { useMutation, useQuery } from "urql";
import { FieldError } from "../../components/FieldError";
import { Loading, QueryError } from "../../components/Status";
import { graphql } from "../../gql";
import { useI18n } from "../../i18n";
import { useSession } from "../../session";
import { PasswordPair } from "./parts";

export const InstanceDocument = graphql(`
  query Instance {
    instance {
      needsFirstAdministrator
      singleSignOn
      controllerName
      controllerEmail
      dpoEmail
    }
  }
`);

const CreateFirstAdministratorDocument = graphql(`
  mutation CreateFirstAdministrator($input: FirstAdministratorInput!) {
    createFirstAdministrator(input: $input) {
      id
    }
  }
`);

export function Setup() {
  const { t, locale } = useI18n();
  const { signedIn } = useSession();
  const [{ data, error }] = useQuery({ query: InstanceDocument, requestPolicy: "network-only" });
  const [creation, create] = useMutation(CreateFirstAdministratorDocument);
  const [form, setForm] = useState({ code: "", name: "", email: "" });
  const [password, setPassword] = useState("");
  const [repeat, setRepeat] = useState("");
  const [tried, setTried] = useState(false);

  if (creation.data?.createFirstAdministrator) return <Navigate to="/admin" replace />;
  if (error) return <QueryError error={error} />;
  if (!data) return <Loading />;
  if (!data.instance.needsFirstAdministrator) return <Navigate to="/login" replace />;
  const mismatch = tried && password !== repeat;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setTried(true);
    if (password !== repeat) return;
    const input = {
      ...form,
      password,
      locale: locale === "en" ? ("EN" as const) : ("IT" as const),
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    };
    const result = await create({ input });
    if (!result.error) signedIn();
  }

  const field = (key: "code" | "name" | "email", label: string, type: string, autoComplete: string, help?: string) => (
    <div className="mb-3">
      <label htmlFor={`setup-${key}`} className="form-label">
        {label}
      </label>
      <input
        id={`setup-${key}`}
        className="form-control"
        type={type}
        required
        autoComplete={autoComplete}
        aria-describedby={help ? `setup-${key}-help` : undefined}
        value={form[key]}
        onChange={(e) => setForm({ ...form, [key]: e.target.value })}
      />
      {help && (
        <div id={`setup-${key}-help`} className="form-text">
          {help}
        </div>
      )}
    </div>
  );

  return (
    <section className="row justify-content-center">
      <div className="col-12 col-md-8 col-lg-6">
        <h1 className="mb-3">{t("setup.title")}</h1>
        <p>{t("setup.intro")}</p>
        <FieldError error={creation.error} />
        <form onSubmit={submit} noValidate>
          {field("code", t("setup.code"), "text", "one-time-code", t("setup.codeHelp"))}
          {field("name", t("setup.name"), "text", "name")}
          {field("email", t("login.email"), "email", "username")}
          <PasswordPair password={password} repeat={repeat} onPassword={setPassword} onRepeat={setRepeat} mismatch={mismatch} />
          <Button color="primary" type="submit" disabled={creation.fetching}>
            {t("setup.submit")}
          </Button>
        </form>
      </div>
    </section>
  );
}
