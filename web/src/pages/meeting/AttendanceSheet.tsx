// The attendance sheet and the quorum per member organization.
import { Badge } from "design-react-kit";
import { useMutation } from "urql";
import { FieldError } from "../../components/FieldError";
import { graphql } from "../../gql";
import { useI18n } from "../../i18n";
import type { MeetingData } from "./MeetingPage";

const AttendanceDocument = graphql(`
  mutation RecordAttendance($meetingId: ID!, $personId: ID!, $status: AttendanceStatus!) {
    recordAttendance(meetingId: $meetingId, personId: $personId, status: $status) {
      id
      status
    }
  }
`);

export function AttendanceSheet({ meeting, editable, onChange }: { meeting: MeetingData; editable: boolean; onChange: () => void }) {
  const { t, label } = useI18n();
  const [{ error }, record] = useMutation(AttendanceDocument);
  const statusOf = (personId: string) => meeting.attendance.find((a) => a.person?.id === personId)?.status ?? "";
  const people = meeting.invitations.filter((i) => i.person);
  const q = meeting.quorum;
  return (
    <section className="mb-4">
      <h2 className="h4">{t("meetings.attendance")}</h2>
      <p data-testid="quorum">
        <strong>{t("meetings.quorum")}:</strong> {q.presentOrganizations} {t("meetings.quorumText")} {q.memberOrganizations} ({q.required} {t("meetings.quorumRequired")}) —{" "}
        <Badge color={q.reached ? "success" : "danger"}>{q.reached ? t("meetings.quorumReached") : t("meetings.quorumMissing")}</Badge>
      </p>
      <FieldError error={error} />
      <table className="table table-sm">
        <thead>
          <tr>
            <th scope="col">{t("tables.person")}</th>
            <th scope="col">{t("meetings.attendance")}</th>
          </tr>
        </thead>
        <tbody>
          {people.map((invitation) => {
            const person = invitation.person;
            if (!person) return null;
            return (
              <tr key={invitation.id}>
                <td>{person.name}</td>
                <td>
                  {editable ? (
                    <select
                      className="form-select form-select-sm"
                      aria-label={`${t("meetings.attendance")}: ${person.name}`}
                      value={statusOf(person.id)}
                      onChange={async (e) => {
                        const status = e.target.value as "PRESENT" | "ABSENT" | "EXCUSED";
                        const result = await record({ meetingId: meeting.id, personId: person.id, status });
                        if (!result.error) onChange();
                      }}
                    >
                      <option value="">—</option>
                      {(["PRESENT", "ABSENT", "EXCUSED"] as const).map((s) => (
                        <option key={s} value={s}>
                          {label(s)}
                        </option>
                      ))}
                    </select>
                  ) : (
                    label(statusOf(person.id)) || "—"
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
