// The attendance sheet and the quorum per member organization: every invitee, guests invited by address too, with
// the seat each one represented (a substitute stands in for another organization's seat).
import { Badge } from "design-react-kit";
import { useMutation } from "urql";
import { FieldError } from "../../components/FieldError";
import { ScrollTable } from "../../components/Status";
import { graphql } from "../../gql";
import type { AttendanceStatus } from "../../gql/graphql";
import { useI18n } from "../../i18n";
import type { MeetingData } from "./MeetingPage";

const AttendanceDocument = graphql(`
  mutation RecordAttendance($meetingId: ID!, $personId: ID, $invitationId: ID, $status: AttendanceStatus!, $seatId: ID) {
    recordAttendance(meetingId: $meetingId, personId: $personId, invitationId: $invitationId, status: $status, seatId: $seatId) {
      id
      status
    }
  }
`);

const STATUSES: AttendanceStatus[] = ["PRESENT", "ABSENT", "EXCUSED"];

export function AttendanceSheet({ meeting, editable, onChange }: { meeting: MeetingData; editable: boolean; onChange: () => void }) {
  const { t, label } = useI18n();
  const [{ error }, record] = useMutation(AttendanceDocument);
  const rowOf = (personId?: string) => meeting.attendance.find((a) => personId && a.person?.id === personId);
  const seats = meeting.table?.seats ?? [];
  const q = meeting.quorum;
  const future = new Date(meeting.startsAt) > new Date();
  const save = async (invitation: MeetingData["invitations"][number], status: AttendanceStatus, seatId: string | null) => {
    const who = invitation.person ? { personId: invitation.person.id } : { invitationId: invitation.id };
    const result = await record({ meetingId: meeting.id, ...who, status, seatId });
    if (!result.error) onChange();
  };
  return (
    <section className="mb-4">
      <h2 className="h4">{t("meetings.attendance")}</h2>
      <p data-testid="quorum">
        <strong>{t("meetings.quorum")}:</strong>{" "}
        {t(q.presentOrganizations === 1 ? "meetings.quorumOne" : "meetings.quorumMany")
          .replace("{n}", String(q.presentOrganizations))
          .replace("{total}", String(q.memberOrganizations))
          .replace("{required}", String(q.required))}{" "}
        —{" "}
        {future && q.presentOrganizations === 0 ? <Badge color="secondary">{t("meetings.quorumPending")}</Badge> : <Badge color={q.reached ? "success" : "danger"}>{q.reached ? t("meetings.quorumReached") : t("meetings.quorumMissing")}</Badge>}
      </p>
      <FieldError error={error} />
      <ScrollTable label={t("meetings.attendance")}>
        <table className="table table-sm">
          <thead>
            <tr>
              <th scope="col">{t("tables.person")}</th>
              <th scope="col">{t("meetings.attendance")}</th>
              <th scope="col">{t("meetings.representing")}</th>
            </tr>
          </thead>
          <tbody>
            {meeting.invitations.map((invitation) => {
              const name = invitation.person?.name ?? invitation.name ?? invitation.email;
              const row = rowOf(invitation.person?.id);
              const status = row?.status ?? "";
              const seatId = row?.seatId ?? "";
              const seatName = seats.find((s) => s.id === seatId)?.organization.name;
              return (
                <tr key={invitation.id}>
                  <th scope="row" className="fw-normal">
                    {name}
                    {!invitation.person && <span className="small text-muted"> · {t("meetings.guestWithoutAccount")}</span>}
                  </th>
                  <td>
                    {editable ? (
                      <select className="form-select form-select-sm" aria-label={`${t("meetings.attendance")}: ${name}`} value={status} onChange={(e) => save(invitation, e.target.value as AttendanceStatus, seatId || null)}>
                        <option value="">—</option>
                        {STATUSES.map((s) => (
                          <option key={s} value={s}>
                            {label(s)}
                          </option>
                        ))}
                      </select>
                    ) : (
                      label(status) || "—"
                    )}
                  </td>
                  <td>
                    {editable && status ? (
                      <select className="form-select form-select-sm" aria-label={`${t("meetings.representing")}: ${name}`} value={seatId} onChange={(e) => save(invitation, status, e.target.value || null)}>
                        <option value="">{t("meetings.ownSeat")}</option>
                        {seats.map((s) => (
                          <option key={s.id} value={s.id}>
                            {s.organization.name}
                          </option>
                        ))}
                      </select>
                    ) : (
                      (seatName ?? "—")
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </ScrollTable>
    </section>
  );
}
