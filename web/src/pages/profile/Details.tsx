// The person's own name, language and time zone; the language also switches the interface and the mails they get.
import { Button } from "design-react-kit";
import { useState, type FormEvent } from "react";
import { useMutation } from "urql";
import { FieldError } from "../../components/FieldError";
import { Notice } from "../../components/Status";
import { graphql } from "../../gql";
import type { Locale } from "../../gql/graphql";
import { useI18n } from "../../i18n";
import type { Me } from "../../session";
import { LANGUAGES } from "../admin/choices";
import { timeZones } from "../../components/timeZones";

export const UpdateMeDocument = graphql(`
  mutation UpdateMe($id: ID!, $input: UpdatePersonInput!) {
    updatePerson(id: $id, input: $input) {
      id
      name
      locale
      timeZone
    }
  }
`);

export function Details({ me }: { me: Me }) {
  const { t, setLocale } = useI18n();
  const [name, setName] = useState(me.name);
  const [locale, setLocaleField] = useState(me.locale ?? "IT");
  const [timeZone, setTimeZone] = useState(me.timeZone ?? "Europe/Rome");
  const [{ data, error, fetching }, update] = useMutation(UpdateMeDocument);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = await update({ id: me.id, input: { name, locale, timeZone } });
    if (!result.error) setLocale(locale === "EN" ? "en" : "it");
  }

  return (
    <section className="mt-4">
      <h2 className="h4">{t("profile.details")}</h2>
      <FieldError error={error} />
      {data && !error && (
        <Notice color="success">
          {t("common.saved")}
        </Notice>
      )}
      <form className="row g-3" onSubmit={submit}>
        <div className="col-md-5">
          <label htmlFor="profile-name" className="form-label">
            {t("profile.name")}
          </label>
          <input id="profile-name" className="form-control" required autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="col-md-3">
          <label htmlFor="profile-locale" className="form-label">
            {t("profile.language")}
          </label>
          <select id="profile-locale" className="form-select" value={locale} onChange={(e) => setLocaleField(e.target.value as Locale)}>
            {LANGUAGES.map((language) => (
              <option key={language.value} value={language.value}>
                {language.label}
              </option>
            ))}
          </select>
        </div>
        <div className="col-md-4">
          <label htmlFor="profile-zone" className="form-label">
            {t("profile.timeZone")}
          </label>
          <select id="profile-zone" className="form-select" value={timeZone} onChange={(e) => setTimeZone(e.target.value)}>
            {timeZones(timeZone).map((zone) => (
              <option key={zone} value={zone}>
                {zone}
              </option>
            ))}
          </select>
        </div>
        <div className="col-12">
          <Button color="primary" type="submit" disabled={fetching}>
            {t("common.save")}
          </Button>
        </div>
      </form>
    </section>
  );
}
