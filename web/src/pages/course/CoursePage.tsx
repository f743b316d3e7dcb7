// One course: what it offers, its sessions (meeting pages of their own), the reader's place, hours and certificate;
// delegates enrol their organization's operators; whoever runs the table adds sessions and sees every enrolment.
import { Badge, Button, Input } from "design-react-kit";
import { useState, type FormEvent } from "react";
import { Link, useParams } from "react-router-dom";
import { useMutation, useQuery } from "urql";
import { ConfirmButton } from "../../components/ConfirmButton";
import { FieldError } from "../../components/FieldError";
import { useFormErrors } from "../../components/FormErrors";
import { Loading, Notice, QueryError, ScrollTable } from "../../components/Status";
import { graphql } from "../../gql";
import type { CoursePageQuery } from "../../gql/graphql";
import { useI18n } from "../../i18n";
import { statusColor } from "../TableMeetings";
import { CourseForm, courseFields, type CourseValues } from "./CourseForm";

type CourseData = NonNullable<CoursePageQuery["course"]>;

const CoursePageDocument = graphql(`
  query CoursePage($id: ID!) {
    me {
      id
    }
    course(id: $id) {
      id
      title
      description
      audience
      places
      enrolmentDeadline
      certificateShare
      plannedHours
      enrolledCount
      waitingCount
      canManage
      canEnrol
      table {
        id
        name
      }
      sessions {
        id
        title
        status
        localStart
        localEnd
      }
      myEnrolment {
        id
        status
        waitingPosition
        hoursAttended
        sessionsAttended
        certificateUrl
      }
      enrolments {
        id
        status
        waitingPosition
        hoursAttended
        certificateUrl
        person {
          id
          name
        }
        organization {
          id
          name
        }
      }
    }
  }
`);

const EnrolDocument = graphql(`
  mutation Enrol($courseId: ID!, $personId: ID) {
    enrol(courseId: $courseId, personId: $personId) {
      id
      status
    }
  }
`);

const WithdrawDocument = graphql(`
  mutation WithdrawEnrolment($id: ID!) {
    withdrawEnrolment(id: $id) {
      id
      status
    }
  }
`);

const EnrolablePeopleDocument = graphql(`
  query EnrolablePeople($id: ID!, $search: String!) {
    course(id: $id) {
      id
      enrolablePeople(search: $search) {
        id
        name
        email
        organization {
          id
          name
        }
      }
    }
  }
`);

const UpdateCourseDocument = graphql(`
  mutation UpdateCourse($id: ID!, $input: CourseFields!) {
    updateCourse(id: $id, input: $input) {
      id
    }
  }
`);

const AddSessionDocument = graphql(`
  mutation AddCourseSession($courseId: ID!, $input: MeetingFields!) {
    addCourseSession(courseId: $courseId, input: $input) {
      id
    }
  }
`);

export function CoursePage() {
  const { id = "" } = useParams();
  const { t, label, date, span } = useI18n();
  const [{ data, error }, refetch] = useQuery({ query: CoursePageDocument, variables: { id } });
  const reload = () => refetch({ requestPolicy: "network-only" });
  if (error) return <QueryError error={error} />;
  const course = data?.course;
  if (!course) return <Loading />;
  const others = course.enrolments.filter((e) => e.person?.id !== data?.me?.id);
  return (
    <article>
      {course.table && (
        <p>
          <Link to={`/tables/${course.table.id}/courses`}>{course.table.name}</Link>
        </p>
      )}
      <h1>{course.title}</h1>
      {course.description && <p className="lead">{course.description}</p>}
      <dl className="row tavolo-meta">
        <dt className="col-sm-4">{t("courses.audience")}</dt>
        <dd className="col-sm-8">{label(course.audience)}</dd>
        <dt className="col-sm-4">{t("courses.placesTaken")}</dt>
        <dd className="col-sm-8">
          {course.enrolledCount} / {course.places ?? t("courses.unlimited")}
          {course.waitingCount > 0 && ` · ${t("courses.waiting")}: ${course.waitingCount}`}
        </dd>
        {course.enrolmentDeadline && (
          <>
            <dt className="col-sm-4">{t("courses.deadline")}</dt>
            <dd className="col-sm-8">{date(course.enrolmentDeadline)}</dd>
          </>
        )}
        <dt className="col-sm-4">{t("courses.plannedHours")}</dt>
        <dd className="col-sm-8">{course.plannedHours}</dd>
        <dt className="col-sm-4">{t("courses.share")}</dt>
        <dd className="col-sm-8">{course.certificateShare}%</dd>
      </dl>
      <MyPlace course={course} onChange={reload} />
      <section className="mb-4">
        <h2 className="h4">{t("courses.sessions")}</h2>
        {course.sessions.length === 0 ? (
          <p>{t("courses.noSessions")}</p>
        ) : (
          <ol className="list-group list-group-numbered">
            {course.sessions.map((session) => (
              <li key={session.id} className="list-group-item d-flex flex-wrap gap-2 align-items-center">
                <Link to={`/meetings/${session.id}`}>{session.title}</Link>
                <span>{span(session.localStart, session.localEnd)}</span>
                <Badge color={statusColor(session.status)}>{label(session.status)}</Badge>
              </li>
            ))}
          </ol>
        )}
      </section>
      {course.canManage && <AddSession courseId={course.id} onAdded={reload} />}
      {course.canManage && <EditCourse course={course} onSaved={reload} />}
      {(course.canManage || others.length > 0) && <Enrolments course={course} onChange={reload} />}
    </article>
  );
}

function MyPlace({ course, onChange }: { course: CourseData; onChange: () => void }) {
  const { t } = useI18n();
  const [enrolResult, enrol] = useMutation(EnrolDocument);
  const [, withdraw] = useMutation(WithdrawDocument);
  const mine = course.myEnrolment && course.myEnrolment.status !== "WITHDRAWN" ? course.myEnrolment : null;
  if (!mine) {
    if (!course.canEnrol) return null;
    return (
      <section className="mb-4">
        <FieldError error={enrolResult.error} />
        <Button color="primary" disabled={enrolResult.fetching} onClick={async () => (await enrol({ courseId: course.id, personId: null })).data && onChange()}>
          {t("courses.enrolMe")}
        </Button>
      </section>
    );
  }
  return (
    <section className="mb-4" aria-labelledby="my-place">
      <h2 className="h4" id="my-place">
        {t("courses.myHours")}
      </h2>
      <p>{mine.status === "WAITING" ? t("courses.waitingPosition").replace("{n}", String(mine.waitingPosition ?? "")) : t("courses.enrolled")}</p>
      {mine.status === "ENROLLED" && <p>{t("courses.hoursOf").replace("{h}", String(mine.hoursAttended)).replace("{total}", String(course.plannedHours))}</p>}
      <div className="d-flex flex-wrap gap-2 align-items-center">
        {mine.certificateUrl ? (
          <a className="btn btn-primary btn-sm" href={mine.certificateUrl} target="_blank" rel="noopener">
            {t("courses.certificate")}
          </a>
        ) : (
          mine.status === "ENROLLED" && <span className="text-muted">{t("courses.certificateNotYet").replace("{share}", String(course.certificateShare))}</span>
        )}
        <ConfirmButton text={t("courses.withdraw")} name={course.title} question={t("courses.withdrawConfirm")} run={() => withdraw({ id: mine.id })} onDone={onChange} />
      </div>
    </section>
  );
}

function Enrolments({ course, onChange }: { course: CourseData; onChange: () => void }) {
  const { t, label } = useI18n();
  const [, withdraw] = useMutation(WithdrawDocument);
  return (
    <section className="mb-4">
      <h2 className="h4">{t("courses.enrolments")}</h2>
      <ScrollTable label={t("courses.enrolments")}>
        <table className="table table-sm">
          <thead>
            <tr>
              <th scope="col">{t("courses.person")}</th>
              <th scope="col">{t("courses.organization")}</th>
              <th scope="col">{t("courses.status")}</th>
              <th scope="col">{t("courses.hours")}</th>
              <th scope="col">{t("common.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {course.enrolments.map((enrolment) => (
              <tr key={enrolment.id}>
                <td>{enrolment.person?.name}</td>
                <td>{enrolment.organization?.name ?? ""}</td>
                <td>
                  {label(enrolment.status)}
                  {enrolment.waitingPosition != null && ` (${enrolment.waitingPosition})`}
                </td>
                <td>{enrolment.hoursAttended}</td>
                <td className="d-flex flex-wrap gap-2">
                  {enrolment.certificateUrl && (
                    <a href={enrolment.certificateUrl} target="_blank" rel="noopener" aria-label={`${t("courses.certificate")}: ${enrolment.person?.name ?? ""}`}>
                      {t("courses.certificate")}
                    </a>
                  )}
                  {enrolment.status !== "WITHDRAWN" && (
                    <ConfirmButton text={t("courses.withdraw")} name={enrolment.person?.name ?? ""} question={t("courses.withdrawConfirm")} run={() => withdraw({ id: enrolment.id })} onDone={onChange} />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
      <EnrolOther courseId={course.id} onEnrolled={onChange} />
    </section>
  );
}

function EnrolOther({ courseId, onEnrolled }: { courseId: string; onEnrolled: () => void }) {
  const { t } = useI18n();
  const [search, setSearch] = useState("");
  const [chosen, setChosen] = useState("");
  const [{ data }] = useQuery({ query: EnrolablePeopleDocument, variables: { id: courseId, search } });
  const [result, enrol] = useMutation(EnrolDocument);
  const people = data?.course.enrolablePeople ?? [];
  if (!data || (people.length === 0 && search === "")) return null;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const personId = chosen || people[0]?.id;
    if (!personId) return;
    if ((await enrol({ courseId, personId })).data) {
      setChosen("");
      onEnrolled();
    }
  };
  return (
    <form onSubmit={submit} className="mt-3" noValidate>
      <h3 className="h5">{t("courses.enrolOther")}</h3>
      <FieldError error={result.error} />
      <Input id="enrol-search" label={t("courses.searchPerson")} value={search} onChange={(e) => setSearch(e.target.value)} />
      {people.length === 0 ? (
        <p>{t("courses.noneToEnrol")}</p>
      ) : (
        <div className="select-wrapper mb-3">
          <label htmlFor="enrol-person">{t("courses.choosePerson")}</label>
          <select id="enrol-person" value={chosen || people[0]?.id} onChange={(e) => setChosen(e.target.value)}>
            {people.map((person) => (
              <option key={person.id} value={person.id}>
                {person.name} · {person.email}
                {person.organization ? ` · ${person.organization.name}` : ""}
              </option>
            ))}
          </select>
        </div>
      )}
      <Button color="primary" size="sm" type="submit" disabled={result.fetching || people.length === 0}>
        {t("courses.enrol")}
      </Button>
    </form>
  );
}

function EditCourse({ course, onSaved }: { course: CourseData; onSaved: () => void }) {
  const { t } = useI18n();
  const [result, update] = useMutation(UpdateCourseDocument);
  const [done, setDone] = useState(false);
  const initial: CourseValues = {
    title: course.title,
    description: course.description ?? "",
    audience: course.audience,
    places: course.places == null ? "" : String(course.places),
    deadline: course.enrolmentDeadline ? localDate(course.enrolmentDeadline) : "",
    share: String(course.certificateShare),
  };
  const submit = async (values: CourseValues) => {
    setDone(false);
    const saved = Boolean((await update({ id: course.id, input: courseFields(values) })).data);
    if (saved) {
      setDone(true);
      onSaved();
    }
    return saved;
  };
  return (
    <details className="mb-4">
      <summary className="h5">{t("courses.edit")}</summary>
      {done && <Notice>{t("courses.saved")}</Notice>}
      <CourseForm prefix="edit-course" initial={initial} submitText={t("courses.save")} error={result.error} busy={result.fetching} onSubmit={submit} />
    </details>
  );
}

/** An instant as the reader's calendar date, `YYYY-MM-DD`. */
function localDate(iso: string): string {
  const day = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`;
}

function AddSession({ courseId, onAdded }: { courseId: string; onAdded: () => void }) {
  const { t } = useI18n();
  const [result, add] = useMutation(AddSessionDocument);
  const [form, setForm] = useState({ title: "", start: "", end: "", place: "" });
  const [done, setDone] = useState(false);
  const errors = useFormErrors(result.error, {
    title: { id: "session-title", label: t("courses.sessionTitle") },
    start: { id: "session-start", label: t("courses.start") },
    end: { id: "session-end", label: t("courses.end") },
    place: { id: "session-place", label: t("meetings.place") },
  });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    const allowPast = form.start !== "" && new Date(form.start).getTime() < Date.now();
    if ((await add({ courseId, input: { ...form, allowPast } })).data) {
      setDone(true);
      setForm({ title: "", start: "", end: "", place: "" });
      onAdded();
    }
  };
  return (
    <section className="mb-4">
      <h2 className="h4">{t("courses.addSession")}</h2>
      {errors.summary}
      {done && <Notice>{t("courses.sessionAdded")}</Notice>}
      <form onSubmit={submit} noValidate>
        <Input id="session-title" label={t("courses.sessionTitle")} value={form.title} onChange={(e) => setForm({ ...form, title: e.target.value })} {...errors.field("title")} />
        <div className="row">
          <div className="col-md-6">
            <Input id="session-start" type="datetime-local" label={t("courses.start")} value={form.start} onChange={(e) => setForm({ ...form, start: e.target.value })} {...errors.field("start")} />
          </div>
          <div className="col-md-6">
            <Input id="session-end" type="datetime-local" label={t("courses.end")} value={form.end} onChange={(e) => setForm({ ...form, end: e.target.value })} {...errors.field("end")} />
          </div>
        </div>
        <Input id="session-place" label={t("meetings.place")} value={form.place} onChange={(e) => setForm({ ...form, place: e.target.value })} {...errors.field("place")} />
        <Button color="primary" type="submit" disabled={result.fetching}>
          {t("courses.addSession")}
        </Button>
      </form>
    </section>
  );
}
