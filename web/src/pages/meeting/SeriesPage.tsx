// A series of recurring meetings: its rhythm, its occurrences (each a meeting page of its own), and for those who run
// the table: convening it, changing it (all meetings still to come, or from one on) and cancelling meetings of it.
import { Badge, Button, Input } from "design-react-kit";
import { useState, type FormEvent } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
import { useMutation, useQuery } from "urql";
import { FieldError } from "../../components/FieldError";
import { useFormErrors } from "../../components/FormErrors";
import { Loading, QueryError } from "../../components/Status";
import { graphql } from "../../gql";
import type { SeriesPageQuery } from "../../gql/graphql";
import { useI18n } from "../../i18n";
import { statusColor } from "../TableMeetings";
import { runsTable } from "../../components/roles";

type SeriesData = NonNullable<SeriesPageQuery["meetingSeries"]>;

const SeriesPageDocument = graphql(`
  query SeriesPage($id: ID!) {
    me {
      id
      instanceRole
    }
    meetingSeries(id: $id) {
      id
      title
      description
      place
      onlineUrl
      timeZone
      status
      pattern
      interval
      weekdays
      until
      count
      startTime
      endTime
      rrule
      cancelReason
      table {
        id
        name
        myRoles
      }
      occurrences {
        id
        title
        status
        localStart
        localEnd
        endsAt
      }
    }
  }
`);

const ScheduleSeriesDocument = graphql(`
  mutation ScheduleMeetingSeries($id: ID!, $allowPast: Boolean!) {
    scheduleMeetingSeries(id: $id, allowPast: $allowPast) {
      id
      status
    }
  }
`);

const UpdateSeriesDocument = graphql(`
  mutation UpdateMeetingSeries($id: ID!, $input: SeriesFields!, $from: ID) {
    updateMeetingSeries(id: $id, input: $input, fromMeetingId: $from) {
      id
    }
  }
`);

const CancelSeriesDocument = graphql(`
  mutation CancelMeetingSeries($id: ID!, $reason: String!, $from: ID) {
    cancelMeetingSeries(id: $id, reason: $reason, fromMeetingId: $from) {
      id
    }
  }
`);

export function SeriesPage() {
  const { id = "" } = useParams();
  const { t, label, span } = useI18n();
  const [{ data, error }, refetch] = useQuery({ query: SeriesPageDocument, variables: { id } });
  const reload = () => refetch({ requestPolicy: "network-only" });
  if (error) return <QueryError error={error} />;
  const series = data?.meetingSeries;
  // A reload after a change keeps the page (and its confirmation) in place: only the first load shows the spinner.
  if (!series) return <Loading />;
  const roles = series.table?.myRoles ?? [];
  const runs = runsTable(data?.me?.instanceRole, roles);
  const open = series.status !== "CANCELLED";
  return (
    <article>
      {series.table && (
        <p>
          <Link to={`/tables/${series.table.id}/meetings`}>{series.table.name}</Link>
        </p>
      )}
      <h1>
        {series.title} <Badge color={statusColor(series.status)}>{label(series.status)}</Badge>
      </h1>
      <p className="text-muted">{t("series.title")}</p>
      {series.description && <p className="lead">{series.description}</p>}
      <dl className="row tavolo-meta">
        <dt className="col-sm-3">{t("series.rhythm")}</dt>
        <dd className="col-sm-9">{rhythm(series, t, label)}</dd>
        <dt className="col-sm-3">{t("series.times")}</dt>
        <dd className="col-sm-9">
          {series.startTime}–{series.endTime} ({series.timeZone})
        </dd>
        {series.place && (
          <>
            <dt className="col-sm-3">{t("meetings.place")}</dt>
            <dd className="col-sm-9">{series.place}</dd>
          </>
        )}
        {series.cancelReason && (
          <>
            <dt className="col-sm-3">{t("meetings.cancelReason")}</dt>
            <dd className="col-sm-9">{series.cancelReason}</dd>
          </>
        )}
        <dt className="col-sm-3">{t("series.rrule")}</dt>
        <dd className="col-sm-9">
          <code>{series.rrule}</code>
        </dd>
      </dl>
      {runs && series.status === "DRAFT" && <Schedule series={series} onChange={reload} />}
      <section className="mb-4">
        <h2 className="h4">{t("series.occurrences")}</h2>
        <ol className="list-group list-group-numbered">
          {series.occurrences.map((occurrence) => (
            <li key={occurrence.id} className="list-group-item d-flex flex-wrap gap-2 align-items-center">
              <Link to={`/meetings/${occurrence.id}`}>{span(occurrence.localStart, occurrence.localEnd)}</Link>
              {occurrence.title !== series.title && <span>{occurrence.title}</span>}
              <Badge color={statusColor(occurrence.status)}>{label(occurrence.status)}</Badge>
            </li>
          ))}
        </ol>
      </section>
      {runs && open && <Change series={series} onChange={reload} />}
      {runs && open && <CancelMeetings series={series} onChange={reload} />}
    </article>
  );
}

function rhythm(series: SeriesData, t: ReturnType<typeof useI18n>["t"], label: ReturnType<typeof useI18n>["label"]): string {
  const every =
    series.interval > 1 ? (series.pattern === "WEEKLY" ? t("series.everyWeeks") : t("series.everyMonths")).replace("{n}", String(series.interval)) : label(series.pattern);
  const days = series.pattern === "WEEKLY" ? series.weekdays.map((d) => label(d)).join(", ") : "";
  const end = series.until ? t("series.untilDate").replace("{date}", series.until) : t("series.countTimes").replace("{count}", String(series.count ?? 0));
  return [every, days, end].filter(Boolean).join(" · ");
}

/** The occurrences a change may start from: those still to come. */
function upcoming(series: SeriesData) {
  const now = Date.now();
  return series.occurrences.filter((o) => (o.status === "DRAFT" || o.status === "SCHEDULED") && new Date(o.endsAt).getTime() >= now);
}

function Scope({ series, value, onChange, prefix }: { series: SeriesData; value: string; onChange: (next: string) => void; prefix: string }) {
  const { t, span } = useI18n();
  return (
    <div className="select-wrapper mb-3">
      <label htmlFor={`${prefix}-scope`}>{t("series.scope")}</label>
      <select id={`${prefix}-scope`} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t("series.scopeAll")}</option>
        {upcoming(series).map((o) => (
          <option key={o.id} value={o.id}>
            {t("series.scopeFrom")}: {span(o.localStart, o.localEnd)}
          </option>
        ))}
      </select>
    </div>
  );
}

function Schedule({ series, onChange }: { series: SeriesData; onChange: () => void }) {
  const { t } = useI18n();
  const [result, schedule] = useMutation(ScheduleSeriesDocument);
  const [allowPast, setAllowPast] = useState(false);
  return (
    <section className="mb-4">
      <FieldError error={result.error} />
      <div className="d-flex flex-wrap gap-2 align-items-center">
        <div className="form-check mb-0">
          <input id="series-past" className="form-check-input" type="checkbox" checked={allowPast} onChange={(e) => setAllowPast(e.target.checked)} />
          <label className="form-check-label" htmlFor="series-past">
            {t("meetings.allowPast")}
          </label>
        </div>
        <Button color="primary" disabled={result.fetching} onClick={async () => (await schedule({ id: series.id, allowPast })).data && onChange()}>
          {t("series.schedule")}
        </Button>
      </div>
    </section>
  );
}

function Change({ series, onChange }: { series: SeriesData; onChange: () => void }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [result, update] = useMutation(UpdateSeriesDocument);
  const [from, setFrom] = useState("");
  const [done, setDone] = useState(false);
  const [form, setForm] = useState({ title: series.title, place: series.place ?? "", onlineUrl: series.onlineUrl ?? "", startTime: series.startTime, endTime: series.endTime });
  const errors = useFormErrors(result.error, {
    title: { id: "series-title", label: t("meetings.fieldTitle") },
    place: { id: "series-place", label: t("meetings.place") },
    onlineUrl: { id: "series-url", label: t("meetings.onlineUrl") },
    startTime: { id: "series-start", label: t("series.startTime") },
    endTime: { id: "series-end", label: t("series.endTime") },
    fromMeetingId: { id: "change-scope", label: t("series.scope") },
  });
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));
  async function submit(event: FormEvent) {
    event.preventDefault();
    setDone(false);
    const input = { title: form.title, place: form.place, onlineUrl: form.onlineUrl, startTime: form.startTime, endTime: form.endTime };
    const changed = await update({ id: series.id, input, from: from || null });
    if (!changed.data) return;
    setDone(true);
    // "From this meeting on" makes the later meetings a series of their own: show that one.
    if (changed.data.updateMeetingSeries.id !== series.id) navigate(`/series/${changed.data.updateMeetingSeries.id}`);
    else onChange();
  }
  return (
    <section className="mb-4">
      <h2 className="h4">{t("series.change")}</h2>
      <p className="small">{t("series.changeIntro")}</p>
      <form onSubmit={submit}>
        {errors.summary}
        {done && (
          <p role="status" className="alert alert-success">
            {t("series.saved")}
          </p>
        )}
        <Scope series={series} value={from} onChange={setFrom} prefix="change" />
        <Input id="series-title" label={t("meetings.fieldTitle")} maxLength={200} value={form.title} onChange={set("title")} {...errors.field("title")} />
        <div className="row">
          <div className="col-md-6">
            <Input id="series-start" type="time" label={t("series.startTime")} value={form.startTime} onChange={set("startTime")} {...errors.field("startTime")} />
          </div>
          <div className="col-md-6">
            <Input id="series-end" type="time" label={t("series.endTime")} value={form.endTime} onChange={set("endTime")} {...errors.field("endTime")} />
          </div>
        </div>
        <Input id="series-place" label={t("meetings.place")} maxLength={500} value={form.place} onChange={set("place")} {...errors.field("place")} />
        <Input id="series-url" type="url" label={t("meetings.onlineUrl")} value={form.onlineUrl} onChange={set("onlineUrl")} {...errors.field("onlineUrl")} />
        <Button color="primary" type="submit" disabled={result.fetching}>
          {t("series.save")}
        </Button>
      </form>
    </section>
  );
}

function CancelMeetings({ series, onChange }: { series: SeriesData; onChange: () => void }) {
  const { t } = useI18n();
  const [result, cancel] = useMutation(CancelSeriesDocument);
  const [from, setFrom] = useState("");
  const [reason, setReason] = useState("");
  const [done, setDone] = useState(false);
  const errors = useFormErrors(result.error, {
    reason: { id: "series-cancel-reason", label: t("meetings.cancelReason") },
    fromMeetingId: { id: "cancel-scope", label: t("series.scope") },
  });
  async function submit(event: FormEvent) {
    event.preventDefault();
    setDone(false);
    const cancelled = await cancel({ id: series.id, reason, from: from || null });
    if (!cancelled.data) return;
    setDone(true);
    onChange();
  }
  return (
    <section className="mb-4">
      <h2 className="h4">{t("series.cancelTitle")}</h2>
      <form onSubmit={submit}>
        {errors.summary}
        {done && (
          <p role="status" className="alert alert-success">
            {t("series.cancelled")}
          </p>
        )}
        <Scope series={series} value={from} onChange={setFrom} prefix="cancel" />
        <Input id="series-cancel-reason" label={t("meetings.cancelReason")} required value={reason} onChange={(e) => setReason(e.target.value)} {...errors.field("reason")} />
        <Button color="danger" outline type="submit" disabled={result.fetching}>
          {t("series.cancel")}
        </Button>
      </form>
    </section>
  );
}
