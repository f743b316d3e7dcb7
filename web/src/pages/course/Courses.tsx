// Training courses: all those the reader may see (/courses) or one table's (/tables/:id/courses), where whoever runs
// the table also creates courses and reads the training report.
import { Badge } from "design-react-kit";
import { useMemo, useState } from "react";
import { Link, useParams } from "react-router-dom";
import { useMutation, useQuery } from "urql";
import { DateRange } from "../../components/DateRange";
import { FieldError } from "../../components/FieldError";
import { Loading, Notice, QueryError } from "../../components/Status";
import { graphql } from "../../gql";
import { useI18n } from "../../i18n";
import { CourseForm, EMPTY_COURSE, courseFields, type CourseValues } from "./CourseForm";
import { runsTable } from "../../components/roles";

const CoursesDocument = graphql(`
  query Courses($tableId: ID) {
    me {
      id
      instanceRole
    }
    courses(tableId: $tableId) {
      id
      title
      audience
      places
      enrolledCount
      waitingCount
      plannedHours
      enrolmentDeadline
      table {
        id
        name
      }
      myEnrolment {
        id
        status
      }
    }
  }
`);

const CourseTableDocument = graphql(`
  query CourseTable($id: ID!) {
    table(id: $id) {
      id
      name
      myRoles
    }
  }
`);

const CreateCourseDocument = graphql(`
  mutation CreateCourse($tableId: ID!, $input: CourseFields!) {
    createCourse(tableId: $tableId, input: $input) {
      id
    }
  }
`);

const TrainingReportDocument = graphql(`
  query TrainingReport($tableId: ID!, $from: NaiveDate!, $to: NaiveDate!, $locale: Locale!) {
    trainingReport(tableId: $tableId, from: $from, to: $to) {
      courses
      sessions
      peopleTrained
      organizationsTrained
      personHours
      rows {
        courseId
        title
        sessions
        sessionHours
        peopleTrained
        personHours
      }
      organizations {
        organizationId
        name
        peopleTrained
        personHours
      }
      csv(locale: $locale)
      organizationsCsv(locale: $locale)
    }
  }
`);

export function Courses() {
  const { id } = useParams();
  const { t, label, date } = useI18n();
  const [{ data, error }, refetch] = useQuery({ query: CoursesDocument, variables: { tableId: id ?? null } });
  const [tableResult] = useQuery({ query: CourseTableDocument, variables: { id: id ?? "" }, pause: !id });
  if (error) return <QueryError error={error} />;
  if (tableResult.error) return <QueryError error={tableResult.error} />;
  if (!data || (id && !tableResult.data)) return <Loading />;
  const table = tableResult.data?.table;
  const runs = Boolean(id) && runsTable(data.me?.instanceRole, table?.myRoles ?? []);
  return (
    <article>
      {table && (
        <p>
          <Link to={`/tables/${table.id}`}>{table.name}</Link>
        </p>
      )}
      <h1>{table ? t("courses.ofTable") : t("courses.title")}</h1>
      <p className="lead">{t("courses.intro")}</p>
      {data.courses.length === 0 ? (
        <p>{t("courses.none")}</p>
      ) : (
        <ul className="list-group mb-4">
          {data.courses.map((course) => (
            <li key={course.id} className="list-group-item">
              <Link to={`/courses/${course.id}`} className="fw-bold">
                {course.title}
              </Link>{" "}
              {course.myEnrolment && course.myEnrolment.status !== "WITHDRAWN" && <Badge color="success">{label(course.myEnrolment.status)}</Badge>}
              <div className="small text-muted">
                {!table && course.table && <>{course.table.name} · </>}
                {label(course.audience)} · {t("courses.placesTaken")}: {course.enrolledCount}
                {course.places != null && `/${course.places}`}
                {course.waitingCount > 0 && ` · ${t("courses.waiting")}: ${course.waitingCount}`} · {t("courses.plannedHours")}: {course.plannedHours}
                {course.enrolmentDeadline && ` · ${t("courses.deadline")}: ${date(course.enrolmentDeadline)}`}
              </div>
            </li>
          ))}
        </ul>
      )}
      {runs && id && <NewCourse tableId={id} onCreated={() => refetch({ requestPolicy: "network-only" })} />}
      {runs && id && <TrainingReport tableId={id} />}
    </article>
  );
}

function NewCourse({ tableId, onCreated }: { tableId: string; onCreated: () => void }) {
  const { t } = useI18n();
  const [result, create] = useMutation(CreateCourseDocument);
  const [done, setDone] = useState(false);
  const submit = async (values: CourseValues) => {
    setDone(false);
    const saved = Boolean((await create({ tableId, input: courseFields(values) })).data);
    if (saved) {
      setDone(true);
      onCreated();
    }
    return saved;
  };
  return (
    <section className="mb-4">
      <h2 className="h4">{t("courses.new")}</h2>
      {done && <Notice>{t("courses.created")}</Notice>}
      <CourseForm prefix="course" initial={EMPTY_COURSE} submitText={t("courses.create")} error={result.error} busy={result.fetching} onSubmit={submit} />
    </section>
  );
}

function TrainingReport({ tableId }: { tableId: string }) {
  const { t, locale } = useI18n();
  const [range, setRange] = useState(lastTwelveMonths);
  const [{ data, error }] = useQuery({ query: TrainingReportDocument, variables: { tableId, ...range, locale: locale === "it" ? "IT" : "EN" } });
  const report = data?.trainingReport;
  const coursesCsv = useMemo(() => (report ? URL.createObjectURL(new Blob([report.csv], { type: "text/csv" })) : null), [report]);
  const organizationsCsv = useMemo(() => (report ? URL.createObjectURL(new Blob([report.organizationsCsv], { type: "text/csv" })) : null), [report]);
  return (
    <section className="mb-4">
      <h2 className="h4">{t("courses.report")}</h2>
      <p>{t("courses.reportIntro")}</p>
      <DateRange prefix="training" range={range} onChange={setRange} fromLabel={t("courses.from")} toLabel={t("courses.to")} />
      <FieldError error={error} />
      {report && (
        <>
          <dl className="row tavolo-meta">
            <dt className="col-sm-4">{t("courses.sessions")}</dt>
            <dd className="col-sm-8">{report.sessions}</dd>
            <dt className="col-sm-4">{t("courses.peopleTrained")}</dt>
            <dd className="col-sm-8">{report.peopleTrained}</dd>
            <dt className="col-sm-4">{t("courses.organizationsTrained")}</dt>
            <dd className="col-sm-8">{report.organizationsTrained}</dd>
            <dt className="col-sm-4">{t("courses.personHours")}</dt>
            <dd className="col-sm-8">{report.personHours.toFixed(1)}</dd>
          </dl>
          {report.organizations.length > 0 && (
            <table className="table table-sm">
              <caption>{t("courses.organizationsTrained")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("courses.organization")}</th>
                  <th scope="col">{t("courses.peopleTrained")}</th>
                  <th scope="col">{t("courses.personHours")}</th>
                </tr>
              </thead>
              <tbody>
                {report.organizations.map((row) => (
                  <tr key={row.organizationId ?? "none"}>
                    <td>{row.name ?? t("courses.noOrganization")}</td>
                    <td>{row.peopleTrained}</td>
                    <td>{row.personHours.toFixed(1)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p className="d-flex gap-2">
            {coursesCsv && (
              <a className="btn btn-outline-primary btn-sm" href={coursesCsv} download={`formazione-${range.from}-${range.to}.csv`}>
                {t("courses.csv")}
              </a>
            )}
            {organizationsCsv && (
              <a className="btn btn-outline-primary btn-sm" href={organizationsCsv} download={`formazione-enti-${range.from}-${range.to}.csv`}>
                {t("courses.csvOrganizations")}
              </a>
            )}
          </p>
        </>
      )}
    </section>
  );
}

/** The report's first period: the twelve months up to today. */
function lastTwelveMonths() {
  const today = new Date();
  const iso = (day: Date) => day.toISOString().slice(0, 10);
  const yearAgo = new Date(today);
  yearAgo.setFullYear(today.getFullYear() - 1);
  return { from: iso(yearAgo), to: iso(today) };
}
