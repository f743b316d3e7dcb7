// The answer form, the same for someone asked to answer and for a public link's visitor: each question as its kind
// asks (radio buttons, check boxes, a scale, a number, a line or paragraphs of text), required ones marked, the
// server's refusal beside the question it names.
import { Button, Input, TextArea } from "design-react-kit";
import { useState, type FormEvent } from "react";
import { useFormErrors, type FormFields } from "../../components/FormErrors";
import type { AnswerFields, QuestionKind } from "../../gql/graphql";
import { useI18n } from "../../i18n";
import type { ErrorLike } from "../../components/FieldError";

export interface FormQuestion {
  id: string;
  kind: QuestionKind;
  text: string;
  help?: string | null;
  required: boolean;
  scaleMin?: number | null;
  scaleMax?: number | null;
  numberMin?: number | null;
  numberMax?: number | null;
  options: { id: string; label: string }[];
}

export interface FormSection {
  id: string;
  title: string;
  description?: string | null;
  questions: FormQuestion[];
}

export interface SavedAnswer {
  questionId: string;
  optionId?: string | null;
  number?: number | null;
  text?: string | null;
}

interface Draft {
  options: string[];
  value: string;
}

function initial(answers: SavedAnswer[]): Record<string, Draft> {
  const drafts: Record<string, Draft> = {};
  for (const answer of answers) {
    const draft = (drafts[answer.questionId] ??= { options: [], value: "" });
    if (answer.optionId) draft.options.push(answer.optionId);
    if (answer.number != null) draft.value = String(answer.number);
    if (answer.text != null) draft.value = answer.text;
  }
  return drafts;
}

export function AnswerForm({ sections, saved, busy, error, onSubmit }: { sections: FormSection[]; saved: SavedAnswer[]; busy: boolean; error?: ErrorLike; onSubmit: (answers: AnswerFields[]) => Promise<boolean> }) {
  const { t } = useI18n();
  const [drafts, setDrafts] = useState<Record<string, Draft>>(() => initial(saved));
  const [sent, setSent] = useState(false);
  const questions = sections.flatMap((s) => s.questions);
  const fields: FormFields = {};
  for (const q of questions) fields[`answers.${q.id}`] = { id: `answer-${q.id}`, label: q.text };
  const errors = useFormErrors(error, fields);
  const draft = (id: string): Draft => drafts[id] ?? { options: [], value: "" };
  const set = (id: string, next: Partial<Draft>) => setDrafts({ ...drafts, [id]: { ...draft(id), ...next } });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSent(false);
    const answers: AnswerFields[] = questions.map((q) => {
      const d = draft(q.id);
      if (q.kind === "SINGLE_CHOICE" || q.kind === "MULTIPLE_CHOICE") return { questionId: q.id, optionIds: d.options };
      if (q.kind === "SCALE" || q.kind === "NUMBER") return { questionId: q.id, number: d.value.trim() === "" ? null : Number(d.value.replace(",", ".")) };
      return { questionId: q.id, text: d.value };
    });
    setSent(await onSubmit(answers));
  };
  return (
    <form onSubmit={submit} noValidate>
      {errors.summary}
      {sections.map((section) => (
        <fieldset key={section.id} className="mb-4">
          <legend className="h4">{section.title}</legend>
          {section.description && <p>{section.description}</p>}
          {section.questions.map((q) => (
            <Question key={q.id} question={q} draft={draft(q.id)} onChange={(next) => set(q.id, next)} invalid={errors.field(`answers.${q.id}`)} />
          ))}
        </fieldset>
      ))}
      {sent && (
        <div className="alert alert-success" role="status">
          {t("questionnaires.sent")}
        </div>
      )}
      <Button color="primary" type="submit" disabled={busy}>
        {t("questionnaires.send")}
      </Button>
    </form>
  );
}

function Question({ question: q, draft, onChange, invalid }: { question: FormQuestion; draft: Draft; onChange: (next: Partial<Draft>) => void; invalid: ReturnType<ReturnType<typeof useFormErrors>["field"]> }) {
  const { t } = useI18n();
  const label = `${q.text}${q.required ? ` ${t("questionnaires.requiredMark")}` : ""}`;
  const id = `answer-${q.id}`;
  if (q.kind === "SINGLE_CHOICE" || q.kind === "MULTIPLE_CHOICE" || q.kind === "SCALE") {
    const single = q.kind !== "MULTIPLE_CHOICE";
    const choices =
      q.kind === "SCALE"
        ? Array.from({ length: (q.scaleMax ?? 5) - (q.scaleMin ?? 1) + 1 }, (_, i) => String((q.scaleMin ?? 1) + i)).map((v) => ({ id: v, label: v }))
        : q.options;
    const chosen = q.kind === "SCALE" ? (draft.value ? [draft.value] : []) : draft.options;
    const toggle = (value: string) => {
      if (q.kind === "SCALE") return onChange({ value });
      if (single) return onChange({ options: [value] });
      onChange({ options: chosen.includes(value) ? chosen.filter((o) => o !== value) : [...chosen, value] });
    };
    return (
      <fieldset className="mb-3" id={id} tabIndex={-1} aria-invalid={invalid["aria-invalid"]} aria-describedby={invalid.validationText ? `${id}-error` : undefined}>
        <legend className="h6">{label}</legend>
        {q.help && <p className="small text-muted">{q.help}</p>}
        <div className={q.kind === "SCALE" ? "d-flex flex-wrap gap-3" : ""}>
          {choices.map((choice) => (
            <div key={choice.id} className="form-check">
              <input id={`${id}-${choice.id}`} name={id} type={single ? "radio" : "checkbox"} checked={chosen.includes(choice.id)} onChange={() => toggle(choice.id)} />
              <label htmlFor={`${id}-${choice.id}`}>{choice.label}</label>
            </div>
          ))}
        </div>
        {invalid.validationText && (
          <div id={`${id}-error`} className="text-danger small">
            {invalid.validationText}
          </div>
        )}
      </fieldset>
    );
  }
  if (q.kind === "LONG_TEXT") {
    return <TextArea id={id} rows={4} label={label} value={draft.value} onChange={(e) => onChange({ value: e.target.value })} infoText={q.help ?? undefined} {...invalid} />;
  }
  return (
    <Input
      id={id}
      type="text"
      // A text box with a numeric keyboard: the kit's number input adds step buttons without names.
      inputMode={q.kind === "NUMBER" ? "decimal" : undefined}
      label={label}
      value={draft.value}
      onChange={(e) => onChange({ value: e.target.value })}
      infoText={q.help ?? undefined}
      {...invalid}
    />
  );
}
