// A decision's fields, for recording one under an agenda item and for correcting it: text, outcome, and the votes
// for, against and abstaining when there was a vote.
import { Button } from "design-react-kit";
import { useState, type FormEvent } from "react";
import type { DecisionOutcome } from "../../gql/graphql";
import { useI18n } from "../../i18n";

export interface DecisionValues {
  text: string;
  outcome: DecisionOutcome;
  votesFor: string;
  votesAgainst: string;
  votesAbstained: string;
}

export const EMPTY_DECISION: DecisionValues = { text: "", outcome: "APPROVED", votesFor: "", votesAgainst: "", votesAbstained: "" };

const OUTCOMES: DecisionOutcome[] = ["APPROVED", "REJECTED", "DEFERRED"];

/** The values as the API takes them; blank vote counts are no vote. */
export function decisionInput(values: DecisionValues) {
  const count = (text: string) => (text.trim() === "" ? null : Number.parseInt(text, 10));
  return {
    text: values.text,
    outcome: values.outcome,
    votesFor: count(values.votesFor),
    votesAgainst: count(values.votesAgainst),
    votesAbstained: count(values.votesAbstained),
  };
}

export function DecisionForm({
  idPrefix,
  initial,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  idPrefix: string;
  initial: DecisionValues;
  submitLabel: string;
  onSubmit: (values: DecisionValues) => Promise<boolean>;
  onCancel?: () => void;
}) {
  const { t, label } = useI18n();
  const [values, setValues] = useState(initial);
  const id = (key: string) => `${idPrefix}-${key}`;

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    if (await onSubmit(values)) setValues(initial);
  }

  const votes = (key: "votesFor" | "votesAgainst" | "votesAbstained", caption: string) => (
    <div className="col-4 col-md-2">
      <label htmlFor={id(key)} className="form-label">
        {caption}
      </label>
      <input
        id={id(key)}
        className="form-control"
        type="number"
        inputMode="numeric"
        min={0}
        max={10000}
        step={1}
        value={values[key]}
        onChange={(e) => setValues((v) => ({ ...v, [key]: e.target.value }))}
      />
    </div>
  );

  // Not a <form>: it sits inside the minutes' own form, and forms do not nest.
  return (
    <div
      className="row g-2 align-items-end mb-3"
      role="group"
      aria-label={submitLabel}
      onKeyDown={(e) => {
        if (e.key === "Enter" && (e.target as HTMLElement).tagName === "INPUT") {
          e.preventDefault();
          void submit();
        }
      }}
    >
      <div className="col-md-6">
        <label htmlFor={id("text")} className="form-label">
          {t("minutes.decisionText")}
        </label>
        <input id={id("text")} className="form-control" value={values.text} onChange={(e) => setValues((v) => ({ ...v, text: e.target.value }))} />
      </div>
      <div className="col-md-3">
        <label htmlFor={id("outcome")} className="form-label">
          {t("minutes.outcome")}
        </label>
        <select id={id("outcome")} className="form-select" value={values.outcome} onChange={(e) => setValues((v) => ({ ...v, outcome: e.target.value as DecisionOutcome }))}>
          {OUTCOMES.map((outcome) => (
            <option key={outcome} value={outcome}>
              {label(outcome)}
            </option>
          ))}
        </select>
      </div>
      {votes("votesFor", t("minutes.votesFor"))}
      {votes("votesAgainst", t("minutes.votesAgainst"))}
      {votes("votesAbstained", t("minutes.votesAbstained"))}
      <div className="col-12 col-md-6 d-flex gap-2">
        <Button size="sm" color="primary" outline onClick={() => void submit()}>
          {submitLabel}
        </Button>
        {onCancel && (
          <Button size="sm" color="secondary" outline onClick={onCancel}>
            {t("common.cancel")}
          </Button>
        )}
      </div>
    </div>
  );
}
