// The invitee's own answer: taking part, maybe, declining, or sending someone else in their place (who is then
// invited too).
import { Badge, Button } from "design-react-kit";
import { useState } from "react";
import { useMutation, useQuery } from "urql";
import { FieldError } from "../../components/FieldError";
import { graphql } from "../../gql";
import { useI18n } from "../../i18n";
import { useSession } from "../../session";

const AnswerDocument = graphql(`
  mutation AnswerInvitation($id: ID!, $rsvp: Rsvp!, $delegateToPersonId: ID) {
    answerInvitation(id: $id, rsvp: $rsvp, delegateToPersonId: $delegateToPersonId) {
      id
      rsvp
    }
  }
`);

const ColleaguesDocument = graphql(`
  query Colleagues($organizationId: ID) {
    people(organizationId: $organizationId, first: 100) {
      nodes {
        id
        name
      }
    }
  }
`);

/** Choosing who goes instead: by default the colleagues of the invitee's own organization. */
function Delegation({ onDelegate, onCancel }: { onDelegate: (personId: string) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const { me } = useSession();
  const [{ data }] = useQuery({ query: ColleaguesDocument, variables: { organizationId: me?.organization?.id ?? null } });
  const [chosen, setChosen] = useState("");
  const colleagues = (data?.people.nodes ?? []).filter((p) => p.id !== me?.id);
  return (
    <div className="d-flex flex-wrap gap-2 align-items-end mt-2">
      <div>
        <label htmlFor="delegate-to" className="form-label">
          {t("meetings.delegateTo")}
        </label>
        <select id="delegate-to" className="form-select" value={chosen} onChange={(e) => setChosen(e.target.value)}>
          <option value="">{t("admin.choose")}</option>
          {colleagues.map((person) => (
            <option key={person.id} value={person.id}>
              {person.name}
            </option>
          ))}
        </select>
      </div>
      <Button size="sm" color="primary" disabled={!chosen} onClick={() => onDelegate(chosen)}>
        {t("meetings.confirmDelegation")}
      </Button>
      <Button size="sm" color="secondary" outline onClick={onCancel}>
        {t("common.cancel")}
      </Button>
    </div>
  );
}

export function MyAnswer({ invitationId, rsvp, onChange }: { invitationId: string; rsvp: string; onChange: () => void }) {
  const { t, label } = useI18n();
  const [{ error }, answer] = useMutation(AnswerDocument);
  const [delegating, setDelegating] = useState(false);
  const choices = ["ACCEPTED", "TENTATIVE", "DECLINED"] as const;
  return (
    <section className="mb-4">
      <h2 className="h5">
        {t("meetings.myAnswer")}: <Badge color="secondary">{label(rsvp)}</Badge>
      </h2>
      <FieldError error={error} />
      <div className="d-flex flex-wrap gap-2">
        {choices.map((choice) => (
          <Button
            key={choice}
            size="sm"
            color="primary"
            outline={rsvp !== choice}
            aria-pressed={rsvp === choice}
            onClick={async () => {
              const result = await answer({ id: invitationId, rsvp: choice });
              if (!result.error) onChange();
            }}
          >
            {label(choice)}
          </Button>
        ))}
        <Button size="sm" color="primary" outline={rsvp !== "DELEGATED"} aria-pressed={rsvp === "DELEGATED"} onClick={() => setDelegating(true)}>
          {t("meetings.sendSomeoneElse")}
        </Button>
      </div>
      {delegating && (
        <Delegation
          onCancel={() => setDelegating(false)}
          onDelegate={async (personId) => {
            const result = await answer({ id: invitationId, rsvp: "DELEGATED", delegateToPersonId: personId });
            if (result.error) return;
            setDelegating(false);
            onChange();
          }}
        />
      )}
    </section>
  );
}
