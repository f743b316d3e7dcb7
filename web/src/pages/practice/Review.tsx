// A moderator's review of a submitted practice: the eligibility checklist, then publish (every criterion met, after
// a confirmation saying who hears of it) or send back with a note; the last review's checklist and reviewer shown.
import { Button, Input } from "design-react-kit";
import { useState, type FormEvent } from "react";
import { useMutation } from "urql";
import { graphql } from "../../gql";
import { useI18n, type Key } from "../../i18n";
import { required, useFormErrors } from "../../components/FormErrors";
import { Notice } from "../../components/Status";

const PublishDocument = graphql(`
  mutation PublishPractice($id: ID!, $criteria: EligibilityInput!) {
    publishPractice(id: $id, criteria: $criteria) {
      id
    }
  }
`);
const SendBackDocument = graphql(`
  mutation SendBackPractice($id: ID!, $note: String!, $criteria: EligibilityInput!) {
    sendBackPractice(id: $id, note: $note, criteria: $criteria) {
      id
    }
  }
`);

type Criterion = "context" | "duration" | "transferable";
type Criteria = Record<Criterion, boolean>;

const CRITERIA: [Criterion, Key][] = [
  ["context", "practices.criterionContext"],
  ["duration", "practices.criterionDuration"],
  ["transferable", "practices.criterionTransferable"],
];

/** The checklist of the last review, read-only. */
export function ReviewRecord({ eligibility, reviewer, reviewedAt }: { eligibility?: Criteria | null; reviewer?: string | null; reviewedAt?: string | null }) {
  const { t, date } = useI18n();
  if (!eligibility) return null;
  return (
    <section className="mb-3" aria-labelledby="review-record">
      <h2 id="review-record" className="h5">
        {t("practices.criteria")}
      </h2>
      <ul className="list-unstyled">
        {CRITERIA.map(([key, text]) => (
          <li key={key}>
            {eligibility[key] ? "✓" : "✗"} {t(text)}
          </li>
        ))}
      </ul>
      {reviewer && reviewedAt && (
        <p className="small">
          {t("practices.reviewedBy")
            .replace("{name}", reviewer)
            .replace("{date}", date(reviewedAt.slice(0, 10)))}
        </p>
      )}
    </section>
  );
}

export function Review({ practiceId, onDone }: { practiceId: string; onDone: () => void }) {
  const { t } = useI18n();
  const [criteria, setCriteria] = useState<Criteria>({ context: false, duration: false, transferable: false });
  const [note, setNote] = useState("");
  const [done, setDone] = useState<Key | null>(null);
  const [published, publish] = useMutation(PublishDocument);
  const [sent, sendBack] = useMutation(SendBackDocument);
  const errors = useFormErrors(published.error ?? sent.error, {
    note: { id: "review-note", label: t("practices.reviewNote") },
    criteria: { id: "criterion-context", label: t("practices.criteria") },
  });
  const met = CRITERIA.every(([key]) => criteria[key]);
  const after = (result: { error?: unknown }, message: Key) => {
    if (result.error) return;
    setDone(message);
    onDone();
  };
  async function onPublish() {
    if (!window.confirm(t("practices.publishConfirm"))) return;
    after(await publish({ id: practiceId, criteria }), "practices.published");
  }
  async function onSendBack(event: FormEvent) {
    event.preventDefault();
    after(await sendBack({ id: practiceId, note, criteria }), "practices.sentBack");
  }
  return (
    <section className="callout mb-4" aria-labelledby="review-heading">
      <h2 id="review-heading" className="h4">
        {t("practices.review")}
      </h2>
      {done && <Notice>{t(done)}</Notice>}
      {errors.summary}
      <fieldset className="mb-3">
        <legend className="h6">{t("practices.criteria")}</legend>
        {CRITERIA.map(([key, text]) => (
          <div className="form-check" key={key}>
            <input id={`criterion-${key}`} className="form-check-input" type="checkbox" checked={criteria[key]} onChange={() => setCriteria((c) => ({ ...c, [key]: !c[key] }))} />
            <label className="form-check-label" htmlFor={`criterion-${key}`}>
              {t(text)}
            </label>
          </div>
        ))}
        <p className="small mt-2">{t("practices.criteriaHelp")}</p>
      </fieldset>
      <div className="d-flex flex-wrap gap-3 align-items-end">
        <Button color="success" disabled={!met} onClick={onPublish}>
          {t("practices.publish")}
        </Button>
        <form className="d-flex flex-wrap gap-2 align-items-end" onSubmit={onSendBack}>
          <Input id="review-note" label={required(t("practices.reviewNote"))} required maxLength={20000} value={note} onChange={(e) => setNote(e.target.value)} {...errors.field("note")} />
          <Button color="primary" outline type="submit">
            {t("practices.sendBack")}
          </Button>
        </form>
      </div>
    </section>
  );
}
