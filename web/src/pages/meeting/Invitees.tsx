// Who is invited, their answers and, for those who run the table, each message's delivery; guests invited by address.
import { Badge, Button, Input } from "design-react-kit";
import { useState, type FormEvent } from "react";
import { useMutation } from "urql";
import { FieldError } from "../../components/FieldError";
import { ScrollTable } from "../../components/Status";
import { graphql } from "../../gql";
import { useI18n } from "../../i18n";
import type { MeetingData } from "./MeetingPage";

const InviteDocument = graphql(`
  mutation Invite($meetingId: ID!, $invitee: InviteeInput!) {
    invite(meetingId: $meetingId, invitee: $invitee) {
      id
    }
  }
`);

const RemoveInvitationDocument = graphql(`
  mutation RemoveInvitation($id: ID!) {
    removeInvitation(id: $id) {
      id
    }
  }
`);
const ResendDocument = graphql(`
  mutation ResendInvitation($id: ID!) {
    resendInvitation(id: $id) {
      status
    }
  }
`);

export function Invitees({ meeting, editable, runs, onChange }: { meeting: MeetingData; editable: boolean; runs: boolean; onChange: () => void }) {
  const { t, label } = useI18n();
  const [{ error }, invite] = useMutation(InviteDocument);
  const [, resend] = useMutation(ResendDocument);
  const [removal, remove] = useMutation(RemoveInvitationDocument);
  const delivery = (id: string) => meeting.deliveries.find((d) => d.invitationId === id);
  const [guest, setGuest] = useState({ email: "", name: "", offerAccount: false });
  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = await invite({ meetingId: meeting.id, invitee: { ...guest, role: "OPTIONAL" } });
    if (!result.error) {
      setGuest({ email: "", name: "", offerAccount: false });
      onChange();
    }
  }
  return (
    <section className="mb-4">
      <h2 className="h4">{t("meetings.invitations")}</h2>
      <FieldError error={removal.error} />
      <ScrollTable label={t("meetings.invitations")}>
      <table className="table table-sm">
        <thead>
          <tr>
            <th scope="col">{t("tables.person")}</th>
            <th scope="col">{t("tables.role")}</th>
            <th scope="col">{t("meetings.myAnswer")}</th>
            {runs && <th scope="col">{t("meetings.delivery")}</th>}
            {editable && <th scope="col">{t("common.actions")}</th>}
          </tr>
        </thead>
        <tbody>
          {meeting.invitations.map((invitation) => (
            <tr key={invitation.id}>
              <td>
                {invitation.name}
                {invitation.email && <div className="small text-muted">{invitation.email}</div>}
              </td>
              <td>{label(invitation.role)}</td>
              <td>{label(invitation.rsvp)}</td>
              {runs && (
                <td>
                  {delivery(invitation.id) ? (
                    <>
                      <Badge color={delivery(invitation.id)?.status === "failed" ? "danger" : delivery(invitation.id)?.status === "sent" ? "success" : "secondary"}>
                        {t(`delivery.${delivery(invitation.id)?.status ?? "queued"}` as "delivery.sent")}
                      </Badge>
                      {delivery(invitation.id)?.lastError && delivery(invitation.id)?.status === "failed" && <div className="small text-danger">{delivery(invitation.id)?.lastError}</div>}
                      {delivery(invitation.id)?.status !== "queued" && (
                        <Button
                          size="xs"
                          color="primary"
                          outline
                          className="ms-2"
                          aria-label={`${t("meetings.resend")}: ${invitation.name}`}
                          onClick={async () => {
                            await resend({ id: invitation.id });
                            onChange();
                          }}
                        >
                          {t("meetings.resend")}
                        </Button>
                      )}
                    </>
                  ) : (
                    "—"
                  )}
                </td>
              )}
              {editable && (
                <td>
                  <Button
                    size="xs"
                    color="danger"
                    outline
                    aria-label={`${t("meetings.removeInvitee")}: ${invitation.name}`}
                    onClick={async () => {
                      if (!window.confirm(t("meetings.confirmRemove").replace("{name}", invitation.name))) return;
                      await remove({ id: invitation.id });
                      onChange();
                    }}
                  >
                    {t("meetings.removeInvitee")}
                  </Button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      </ScrollTable>
      {editable && (
        <form onSubmit={submit} className="row g-2 align-items-end">
          <FieldError error={error} />
          <div className="col-md-5">
            <Input id="guest-email" type="email" label={t("meetings.inviteEmail")} value={guest.email} onChange={(e) => setGuest((g) => ({ ...g, email: e.target.value }))} />
          </div>
          <div className="col-md-5">
            <Input id="guest-name" label={t("meetings.inviteName")} value={guest.name} onChange={(e) => setGuest((g) => ({ ...g, name: e.target.value }))} />
          </div>
          <div className="col-md-2 mb-4">
            <Button color="primary" type="submit" size="sm">
              {t("meetings.invite")}
            </Button>
          </div>
          <div className="col-12 form-check mb-3">
            <input id="guest-account" className="form-check-input" type="checkbox" checked={guest.offerAccount} onChange={(e) => setGuest((g) => ({ ...g, offerAccount: e.target.checked }))} />
            <label className="form-check-label" htmlFor="guest-account">
              {t("meetings.offerAccount")}
            </label>
          </div>
        </form>
      )}
    </section>
  );
}
