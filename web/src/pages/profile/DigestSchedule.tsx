// The weekly digest: on which day and at what hour (in the person's time zone) it comes, and when the next one is,
// shown in that zone too.
import { Button } from "design-react-kit";
import { useEffect, useState, type FormEvent } from "react";
import { useMutation, useQuery } from "urql";
import { FieldError } from "../../components/FieldError";
import { graphql } from "../../gql";
import type { Weekday } from "../../gql/graphql";
import { useI18n } from "../../i18n";

const ScheduleDocument = graphql(`
  query MyDigestSchedule {
    me {
      id
      timeZone
    }
    myDigestSchedule {
      day
      hour
      nextAt
    }
    myNotificationSettings {
      kind
      enabled
    }
  }
`);

const SetScheduleDocument = graphql(`
  mutation SetDigestSchedule($day: Weekday!, $hour: Int!) {
    setDigestSchedule(day: $day, hour: $hour) {
      day
      hour
      nextAt
    }
  }
`);

const DAYS: Weekday[] = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"];
const HOURS = Array.from({ length: 24 }, (_, hour) => hour);

export function DigestSchedule() {
  const { t, label, locale } = useI18n();
  const [{ data }] = useQuery({ query: ScheduleDocument, requestPolicy: "cache-and-network" });
  const [{ data: saved, error, fetching }, save] = useMutation(SetScheduleDocument);
  const [form, setForm] = useState<{ day: Weekday; hour: number } | null>(null);
  const current = saved?.setDigestSchedule ?? data?.myDigestSchedule;
  useEffect(() => {
    if (data && !form) setForm({ day: data.myDigestSchedule.day, hour: data.myDigestSchedule.hour });
  }, [data, form]);
  if (!form || !current) return null;
  const off = data?.myNotificationSettings.some((s) => s.kind === "WEEKLY_DIGEST" && !s.enabled);
  const when = current.nextAt ? new Intl.DateTimeFormat(locale === "it" ? "it-IT" : "en-GB", { dateStyle: "full", timeStyle: "short", timeZone: data?.me?.timeZone ?? undefined }).format(new Date(current.nextAt)) : null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (form) await save(form);
  }

  return (
    <section className="mt-5" aria-labelledby="digest-title">
      <h2 className="h4" id="digest-title">
        {t("digest.title")}
      </h2>
      <p>{t("digest.intro")}</p>
      <FieldError error={error} />
      <form onSubmit={submit} className="row g-2 align-items-end">
        <div className="col-sm-5 col-md-4">
          <div className="select-wrapper">
            <label htmlFor="digest-day">{t("digest.day")}</label>
            <select id="digest-day" value={form.day} onChange={(e) => setForm({ ...form, day: e.target.value as Weekday })}>
              {DAYS.map((day) => (
                <option key={day} value={day}>
                  {label(day)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="col-sm-4 col-md-3">
          <div className="select-wrapper">
            <label htmlFor="digest-hour">{t("digest.hour")}</label>
            <select id="digest-hour" value={form.hour} onChange={(e) => setForm({ ...form, hour: Number(e.target.value) })}>
              {HOURS.map((hour) => (
                <option key={hour} value={hour}>
                  {`${String(hour).padStart(2, "0")}:00`}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="col-sm-3 col-md-2">
          <Button color="primary" size="sm" type="submit" disabled={fetching}>
            {t("digest.save")}
          </Button>
        </div>
      </form>
      <p className="small mt-2" role="status">
        {saved && !error ? `${t("digest.saved")} ` : ""}
        {off ? t("digest.off") : when ? t("digest.next").replace("{when}", when) : ""}
      </p>
    </section>
  );
}
