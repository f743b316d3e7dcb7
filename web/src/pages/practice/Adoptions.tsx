// Who adopted a practice in their service: the list, adopting with a note, and withdrawing one's own adoption.
import { Button, Input } from "design-react-kit";
import { useState, type FormEvent } from "react";
import { useMutation } from "urql";
import { graphql } from "../../gql";
import { useI18n } from "../../i18n";
import { ConfirmButton } from "../../components/ConfirmButton";
import { FieldError } from "../../components/FieldError";

const AdoptDocument = graphql(`
  mutation AdoptPractice($id: ID!, $note: String) {
    adoptPractice(practiceId: $id, note: $note) {
      note
    }
  }
`);
const WithdrawAdoptionDocument = graphql(`
  mutation WithdrawAdoption($id: ID!) {
    withdrawAdoption(practiceId: $id)
  }
`);

export interface AdoptionRow {
  note?: string | null;
  person?: { id: string; name: string } | null;
  organization?: { name: string } | null;
}

export function Adoptions({ practiceId, count, adoptions, meId, open, onChange }: { practiceId: string; count: number; adoptions: AdoptionRow[]; meId?: string; open: boolean; onChange: () => void }) {
  const { t } = useI18n();
  const [adopted, adopt] = useMutation(AdoptDocument);
  const [withdrawn, withdraw] = useMutation(WithdrawAdoptionDocument);
  const [note, setNote] = useState("");
  const mine = adoptions.some((a) => meId && a.person?.id === meId);
  async function onAdopt(event: FormEvent) {
    event.preventDefault();
    const result = await adopt({ id: practiceId, note: note || null });
    if (!result.error) setNote("");
    onChange();
  }
  return (
    <section className="mb-4">
      <h2 className="h4">
        {t("practices.adoptions")} ({count})
      </h2>
      <ul>
        {adoptions.map((a, i) => (
          <li key={i}>
            {a.person?.name}
            {a.organization && ` (${a.organization.name})`}
            {a.note && ` — ${a.note}`}
          </li>
        ))}
      </ul>
      <FieldError error={adopted.error ?? withdrawn.error} />
      {meId && mine && (
        <p>
          {t("practices.adoptedByYou")}{" "}
          <ConfirmButton text={t("practices.withdrawAdoption")} name={t("practices.adoptions")} question={t("practices.withdrawAdoptionConfirm")} run={() => withdraw({ id: practiceId })} onDone={onChange} />
        </p>
      )}
      {meId && open && !mine && (
        <form className="d-flex flex-wrap gap-2 align-items-end" onSubmit={onAdopt}>
          <Input id="adoption-note" label={t("practices.adoptionNote")} maxLength={20000} value={note} onChange={(e) => setNote(e.target.value)} />
          <Button color="primary" type="submit">
            {t("practices.adopt")}
          </Button>
        </form>
      )}
    </section>
  );
}
