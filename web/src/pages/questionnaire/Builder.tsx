// The questions of a questionnaire being prepared: sections, each with its questions of any kind (options for
// choices, bounds for scales and numbers, required or not), saved together.
import { Button, Input, TextArea } from "design-react-kit";
import { useState, type FormEvent } from "react";
import { useMutation } from "urql";
import { useFormErrors, type FormFields } from "../../components/FormErrors";
import { Notice } from "../../components/Status";
import { graphql } from "../../gql";
import type { QuestionKind } from "../../gql/graphql";
import { useI18n } from "../../i18n";
import type { QuestionnaireData } from "./QuestionnairePage";

const SaveQuestionsDocument = graphql(`
  mutation SaveQuestionnaireQuestions($id: ID!, $sections: [QuestionnaireSectionFields!]!) {
    saveQuestionnaireQuestions(id: $id, sections: $sections) {
      id
    }
  }
`);

const KINDS: QuestionKind[] = ["SINGLE_CHOICE", "MULTIPLE_CHOICE", "SCALE", "NUMBER", "SHORT_TEXT", "LONG_TEXT"];

interface QuestionDraft {
  kind: QuestionKind;
  text: string;
  help: string;
  required: boolean;
  options: string;
  scaleMin: string;
  scaleMax: string;
  numberMin: string;
  numberMax: string;
}

interface SectionDraft {
  title: string;
  description: string;
  questions: QuestionDraft[];
}

const NEW_QUESTION: QuestionDraft = { kind: "SINGLE_CHOICE", text: "", help: "", required: false, options: "", scaleMin: "1", scaleMax: "5", numberMin: "", numberMax: "" };

const number = (text: string) => (text.trim() === "" ? null : Number(text.replace(",", ".")));

export function Builder({ questionnaire, onSaved }: { questionnaire: QuestionnaireData; onSaved: () => void }) {
  const { t, label } = useI18n();
  const [sections, setSections] = useState<SectionDraft[]>(() =>
    questionnaire.sections.map((s) => ({
      title: s.title,
      description: s.description ?? "",
      questions: s.questions.map((q) => ({
        kind: q.kind,
        text: q.text,
        help: q.help ?? "",
        required: q.required,
        options: q.options.map((o) => o.label).join("\n"),
        scaleMin: String(q.scaleMin ?? 1),
        scaleMax: String(q.scaleMax ?? 5),
        numberMin: q.numberMin == null ? "" : String(q.numberMin),
        numberMax: q.numberMax == null ? "" : String(q.numberMax),
      })),
    })),
  );
  const [saved, save] = useMutation(SaveQuestionsDocument);
  const [done, setDone] = useState(false);
  const fields: FormFields = {};
  sections.forEach((s, i) => {
    fields[`sections.${i}.title`] = { id: `section-${i}-title`, label: t("questionnaires.sectionTitle").replace("{n}", String(i + 1)) };
    s.questions.forEach((_, j) => {
      const name = t("questionnaires.question").replace("{n}", `${i + 1}.${j + 1}`);
      for (const part of ["text", "options", "scaleMin", "scaleMax", "numberMin", "numberMax", "help"]) {
        fields[`sections.${i}.questions.${j}.${part}`] = { id: `question-${i}-${j}-${part === "text" ? "text" : part}`, label: name };
      }
    });
  });
  const errors = useFormErrors(saved.error, fields);
  const setSection = (i: number, part: Partial<SectionDraft>) => setSections(sections.map((s, k) => (k === i ? { ...s, ...part } : s)));
  const setQuestion = (i: number, j: number, part: Partial<QuestionDraft>) => setSection(i, { questions: sections[i].questions.map((q, k) => (k === j ? { ...q, ...part } : q)) });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    const input = sections.map((s) => ({
      title: s.title,
      description: s.description || null,
      questions: s.questions.map((q) => ({
        kind: q.kind,
        text: q.text,
        help: q.help || null,
        required: q.required,
        options: q.options.split("\n").map((o) => o.trim()).filter(Boolean),
        scaleMin: q.kind === "SCALE" ? number(q.scaleMin) : null,
        scaleMax: q.kind === "SCALE" ? number(q.scaleMax) : null,
        numberMin: q.kind === "NUMBER" ? number(q.numberMin) : null,
        numberMax: q.kind === "NUMBER" ? number(q.numberMax) : null,
      })),
    }));
    if ((await save({ id: questionnaire.id, sections: input })).data) {
      setDone(true);
      onSaved();
    }
  };
  return (
    <section className="mb-4">
      <h2 className="h4">{t("questionnaires.builder")}</h2>
      {errors.summary}
      {done && <Notice>{t("questionnaires.questionsSaved")}</Notice>}
      <form onSubmit={submit} noValidate>
        {sections.map((section, i) => (
          <fieldset key={i} className="border rounded p-3 mb-3">
            <legend className="h5">{t("questionnaires.section").replace("{n}", String(i + 1))}</legend>
            <Input id={`section-${i}-title`} label={t("questionnaires.sectionTitle").replace("{n}", String(i + 1))} value={section.title} onChange={(e) => setSection(i, { title: e.target.value })} {...errors.field(`sections.${i}.title`)} />
            <TextArea id={`section-${i}-description`} rows={2} label={t("questionnaires.sectionDescription").replace("{n}", String(i + 1))} value={section.description} onChange={(e) => setSection(i, { description: e.target.value })} />
            {section.questions.map((q, j) => {
              const n = `${i + 1}.${j + 1}`;
              const id = (part: string) => `question-${i}-${j}-${part}`;
              return (
                <div key={j} className="border-start ps-3 mb-3">
                  <h3 className="h6">{t("questionnaires.question").replace("{n}", n)}</h3>
                  <div className="select-wrapper mb-3">
                    <label htmlFor={id("kind")}>{t("questionnaires.questionKind").replace("{n}", n)}</label>
                    <select id={id("kind")} value={q.kind} onChange={(e) => setQuestion(i, j, { kind: e.target.value as QuestionKind })}>
                      {KINDS.map((kind) => (
                        <option key={kind} value={kind}>
                          {label(kind)}
                        </option>
                      ))}
                    </select>
                  </div>
                  <Input id={id("text")} label={t("questionnaires.questionText").replace("{n}", n)} value={q.text} onChange={(e) => setQuestion(i, j, { text: e.target.value })} {...errors.field(`sections.${i}.questions.${j}.text`)} />
                  {(q.kind === "SINGLE_CHOICE" || q.kind === "MULTIPLE_CHOICE") && (
                    <TextArea id={id("options")} rows={4} label={t("questionnaires.options").replace("{n}", n)} value={q.options} onChange={(e) => setQuestion(i, j, { options: e.target.value })} {...errors.field(`sections.${i}.questions.${j}.options`)} />
                  )}
                  {q.kind === "SCALE" && (
                    <div className="row">
                      <div className="col-6">
                        <Input id={id("scaleMin")} type="text" inputMode="decimal" label={t("questionnaires.scaleMin")} value={q.scaleMin} onChange={(e) => setQuestion(i, j, { scaleMin: e.target.value })} {...errors.field(`sections.${i}.questions.${j}.scaleMin`)} />
                      </div>
                      <div className="col-6">
                        <Input id={id("scaleMax")} type="text" inputMode="decimal" label={t("questionnaires.scaleMax")} value={q.scaleMax} onChange={(e) => setQuestion(i, j, { scaleMax: e.target.value })} {...errors.field(`sections.${i}.questions.${j}.scaleMax`)} />
                      </div>
                    </div>
                  )}
                  {q.kind === "NUMBER" && (
                    <div className="row">
                      <div className="col-6">
                        <Input id={id("numberMin")} type="text" inputMode="decimal" label={t("questionnaires.numberMin")} value={q.numberMin} onChange={(e) => setQuestion(i, j, { numberMin: e.target.value })} {...errors.field(`sections.${i}.questions.${j}.numberMin`)} />
                      </div>
                      <div className="col-6">
                        <Input id={id("numberMax")} type="text" inputMode="decimal" label={t("questionnaires.numberMax")} value={q.numberMax} onChange={(e) => setQuestion(i, j, { numberMax: e.target.value })} {...errors.field(`sections.${i}.questions.${j}.numberMax`)} />
                      </div>
                    </div>
                  )}
                  <Input id={id("help")} label={t("questionnaires.questionHelp")} value={q.help} onChange={(e) => setQuestion(i, j, { help: e.target.value })} {...errors.field(`sections.${i}.questions.${j}.help`)} />
                  <div className="form-check mb-2">
                    <input id={id("required")} type="checkbox" checked={q.required} onChange={(e) => setQuestion(i, j, { required: e.target.checked })} />
                    <label htmlFor={id("required")}>{t("questionnaires.required")}</label>
                  </div>
                  <Button size="xs" color="danger" outline onClick={() => setSection(i, { questions: section.questions.filter((_, k) => k !== j) })}>
                    {t("questionnaires.removeQuestion")}
                  </Button>
                </div>
              );
            })}
            <div className="d-flex gap-2">
              <Button size="sm" color="primary" outline onClick={() => setSection(i, { questions: [...section.questions, { ...NEW_QUESTION }] })}>
                {t("questionnaires.addQuestion")}
              </Button>
              <Button size="sm" color="danger" outline onClick={() => setSections(sections.filter((_, k) => k !== i))}>
                {t("questionnaires.removeSection")}
              </Button>
            </div>
          </fieldset>
        ))}
        <div className="d-flex flex-wrap gap-2">
          <Button color="primary" outline onClick={() => setSections([...sections, { title: "", description: "", questions: [{ ...NEW_QUESTION }] }])}>
            {t("questionnaires.addSection")}
          </Button>
          <Button color="primary" type="submit" disabled={saved.fetching}>
            {t("questionnaires.saveQuestions")}
          </Button>
        </div>
      </form>
    </section>
  );
}
