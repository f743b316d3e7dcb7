// A table's meetings: list and month calendar, a new-meeting form and the attendance report for those who run the table.
import { Badge, Button } from "design-react-kit";
import { ActionItemStatus } from "../components/ActionItemStatus";
import { DateRange } from "../components/DateRange";
import { FieldError } from "../components/FieldError";
import { useMemo, useState } from "react";
import { Link, useParams } from "react-router-dom";
import { useQuery } from "urql";
import { Loading, QueryError } from "../components/Status";
import { graphql } from "../gql";
import type { TableMeetingsQuery } from "../gql/graphql";
import { useI18n } from "../i18n";
import { useSession } from "../session";
import { NewMeeting } from "./meeting/NewMeeting";
import { runsTable } from "../components/roles";

const TableMeetingsDocument = graphql(`
  query TableMeetings($tableId: ID!) {
    table(id: $tableId) {
      id
      name
      myRoles
    }
    meetings(tableId: $tableId) {
      id
      title
      status
      localStart
      localEnd
      place
    }
  }
`);


const AttendanceReportDocument = graphql(`
  query AttendanceReport($tableId: ID!, $from: NaiveDate!, $to: NaiveDate!, $locale: Locale!) {
    attendanceReport(tableId: $tableId, from: $from, to: $to) {
      sessions
      peopleReached
      organizationsReached
      hours
      csv(locale: $locale)
    }
  }
`);

type MeetingRow = TableMeetingsQuery["meetings"][number];

export function statusColor(status: string): string {
  return { DRAFT: "secondary", SCHEDULED: "primary", HELD: "success", CANCELLED: "danger" }[status] ?? "secondary";
}

export function TableMeetings() {
  const { id = "" } = useParams();
  const { t, label, span } = useI18n();
  const { me } = useSession();
  const [view, setView] = useState<"list" | "calendar">("list");
  const [{ data, fetching, error }] = useQuery({ query: TableMeetingsDocument, variables: { tableId: id } });
  if (error) return <QueryError error={error} />;
  if (fetching && !data) return <Loading />;
  if (!data?.table) return <Loading />;
  const runs = runsTable(me?.instanceRole, data.table.myRoles);
  const reads = runs || data.table.myRoles.includes("DELEGATE");
  return (
    <section>
      <p>
        <Link to={`/tables/${data.table.id}`}>{data.table.name}</Link>
      </p>
      <h1 className="mb-4">{t("meetings.of")}</h1>
      <div className="btn-group mb-3" role="group" aria-label={t("meetings.title")}>
        <Button color="primary" outline={view !== "list"} size="sm" aria-pressed={view === "list"} onClick={() => setView("list")}>
          {t("meetings.list")}
        </Button>
        <Button color="primary" outline={view !== "calendar"} size="sm" aria-pressed={view === "calendar"} onClick={() => setView("calendar")}>
          {t("meetings.calendar")}
        </Button>
      </div>
      {view === "list" ? (
        data.meetings.length === 0 ? (
          <p>{t("meetings.none")}</p>
        ) : (
          <ul className="list-group mb-4" aria-label={t("meetings.title")}>
            {data.meetings.map((meeting) => (
              <li className="list-group-item" key={meeting.id}>
                <Link to={`/meetings/${meeting.id}`} className="fw-semibold">
                  {meeting.title}
                </Link>{" "}
                <Badge color={statusColor(meeting.status)}>{label(meeting.status)}</Badge>
                <div className="small text-muted">
                  {span(meeting.localStart, meeting.localEnd)}
                  {meeting.place && ` · ${meeting.place}`}
                </div>
              </li>
            ))}
          </ul>
        )
      ) : (
        <MonthCalendar meetings={data.meetings} />
      )}
      {reads && <TableActionItems tableId={data.table.id} runs={runs} />}
      {runs && <NewMeeting tableId={data.table.id} />}
      {runs && <AttendanceReport tableId={data.table.id} />}
    </section>
  );
}

const TableActionItemsDocument = graphql(`
  query TableActionItems($tableId: ID!, $overdueOnly: Boolean!) {
    actionItems(tableId: $tableId, overdueOnly: $overdueOnly) {
      id
      title
      status
      dueDate
      overdue
      assigneePerson {
        id
        name
      }
      assigneeOrganization {
        name
      }
      meeting {
        id
        title
      }
    }
  }
`);

function TableActionItems({ tableId, runs }: { tableId: string; runs: boolean }) {
  const { t, date } = useI18n();
  const { me } = useSession();
  const [overdueOnly, setOverdueOnly] = useState(false);
  const [{ data, error }, refetch] = useQuery({ query: TableActionItemsDocument, variables: { tableId, overdueOnly } });
  return (
    <section className="mb-5">
      <h2 className="h4">{t("meetings.tableActions")}</h2>
      <div className="form-check mb-2">
        <input id="overdue-only" className="form-check-input" type="checkbox" checked={overdueOnly} onChange={(e) => setOverdueOnly(e.target.checked)} />
        <label className="form-check-label" htmlFor="overdue-only">
          {t("meetings.overdueOnly")}
        </label>
      </div>
      <FieldError error={error} />
      {data && data.actionItems.length === 0 && <p>{t("home.noActions")}</p>}
      <ul>
        {data?.actionItems.map((item) => (
          <li key={item.id}>
            {item.title} — {item.assigneePerson?.name ?? item.assigneeOrganization?.name ?? "—"}
            {item.dueDate && ` · ${t("minutes.dueDate")} ${date(item.dueDate)}`}{" "}
            <ActionItemStatus item={item} editable={runs || (Boolean(me) && item.assigneePerson?.id === me?.id)} onChange={() => refetch({ requestPolicy: "network-only" })} />
            {item.meeting && (
              <>
                {" "}
                (<Link to={`/meetings/${item.meeting.id}`}>{item.meeting.title}</Link>)
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function MonthCalendar({ meetings }: { meetings: MeetingRow[] }) {
  const { t, locale } = useI18n();
  const [month, setMonth] = useState(() => new Date().toISOString().slice(0, 7));
  const [year, monthIndex] = month.split("-").map(Number);
  const days = new Date(Date.UTC(year, monthIndex, 0)).getUTCDate();
  const firstWeekday = (new Date(Date.UTC(year, monthIndex - 1, 1)).getUTCDay() + 6) % 7;
  const title = new Intl.DateTimeFormat(locale === "it" ? "it-IT" : "en-GB", { month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(Date.UTC(year, monthIndex - 1, 1)));
  const shift = (delta: number) => {
    const next = new Date(Date.UTC(year, monthIndex - 1 + delta, 1));
    setMonth(next.toISOString().slice(0, 7));
  };
  const cells: (number | null)[] = [...Array(firstWeekday).fill(null), ...Array.from({ length: days }, (_, i) => i + 1)];
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks = Array.from({ length: cells.length / 7 }, (_, w) => cells.slice(w * 7, w * 7 + 7));
  const weekdays = locale === "it" ? ["lun", "mar", "mer", "gio", "ven", "sab", "dom"] : ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
  return (
    <div className="mb-4">
      <div className="d-flex align-items-center gap-2 mb-2">
        <Button size="xs" color="primary" outline onClick={() => shift(-1)} aria-label={t("meetings.previousMonth")}>
          ‹
        </Button>
        <h2 className="h5 mb-0 text-capitalize">{title}</h2>
        <Button size="xs" color="primary" outline onClick={() => shift(1)} aria-label={t("meetings.nextMonth")}>
          ›
        </Button>
      </div>
      <table className="table table-bordered table-sm">
        <caption className="visually-hidden">{title}</caption>
        <thead>
          <tr>
            {weekdays.map((d) => (
              <th scope="col" key={d}>
                {d}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week, w) => (
            <tr key={w}>
              {week.map((day, d) => {
                const date = day ? `${month}-${String(day).padStart(2, "0")}` : "";
                const today = meetings.filter((m) => day && m.localStart.slice(0, 10) === date);
                return (
                  <td key={d} style={{ height: "4.5rem", width: "14%" }}>
                    {day && <div className="small text-muted">{day}</div>}
                    {today.map((m) => (
                      <div key={m.id} className="small">
                        <Link to={`/meetings/${m.id}`}>
                          {m.localStart.slice(11, 16)} {m.title}
                        </Link>
                      </div>
                    ))}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function AttendanceReport({ tableId }: { tableId: string }) {
  const { t, locale } = useI18n();
  const year = new Date().getFullYear();
  const [range, setRange] = useState({ from: `${year}-01-01`, to: `${year}-12-31` });
  const [{ data, error }] = useQuery({ query: AttendanceReportDocument, variables: { tableId, ...range, locale: locale === "it" ? "IT" : "EN" } });
  const report = data?.attendanceReport;
  const download = useMemo(() => (report ? URL.createObjectURL(new Blob([report.csv], { type: "text/csv" })) : null), [report]);
  return (
    <section className="mb-4">
      <h2 className="h4">{t("meetings.report")}</h2>
      <DateRange prefix="report" range={range} onChange={setRange} fromLabel={t("meetings.from")} toLabel={t("meetings.to")} />
      <FieldError error={error} />
      {report && (
        <>
          <dl className="row tavolo-meta">
            <dt className="col-sm-4">{t("meetings.sessions")}</dt>
            <dd className="col-sm-8">{report.sessions}</dd>
            <dt className="col-sm-4">{t("meetings.peopleReached")}</dt>
            <dd className="col-sm-8">{report.peopleReached}</dd>
            <dt className="col-sm-4">{t("meetings.organizationsReached")}</dt>
            <dd className="col-sm-8">{report.organizationsReached}</dd>
            <dt className="col-sm-4">{t("meetings.hours")}</dt>
            <dd className="col-sm-8">{report.hours.toFixed(1)}</dd>
          </dl>
          {download && (
            <a className="btn btn-outline-primary btn-sm" href={download} download={`${t("meetings.reportFile")}-${range.from}-${range.to}.csv`}>
              {t("meetings.downloadCsv")}
            </a>
          )}
        </>
      )}
    </section>
  );
}

/** A mutation's or query's error in words, naming the field when the server did. */
