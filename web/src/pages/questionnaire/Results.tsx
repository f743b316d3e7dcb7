// A questionnaire's results for whoever runs its table: per question how many answered, a chart of options or values
// with the mean, the free texts; the raw answers as CSV; and one figure recorded on a strategy indicator.
import { Button } from "design-react-kit";
import { useMemo, useState, type FormEvent } from "react";
import { useMutation, useQuery } from "urql";
import { BarChart } from "../../components/BarChart";
import { FieldError } from "../../components/FieldError";
import { Loading, Notice, QueryError } from "../../components/Status";
import { graphql } from "../../gql";
import type { QuestionStatistic, QuestionnaireResultsQuery } from "../../gql/graphql";
import { useI18n } from "../../i18n";

type ResultRow = NonNullable<QuestionnaireResultsQuery["questionnaire"]>["results"]["questions"][number];

const ResultsDocument = graphql(`
  query QuestionnaireResults($id: ID!, $locale: Locale!) {
    questionnaire(id: $id) {
      id
      title
      results {
        responses
        questions {
          questionId
          text
          kind
          answered
          mean
          options {
            optionId
            label
            count
          }
          distribution {
            value
            count
          }
          texts
        }
      }
      answersCsv(locale: $locale)
    }
  }
`);

const IndicatorsDocument = graphql(`
  query QuestionnaireIndicators($tableId: ID!) {
    strategyVersions(tableId: $tableId) {
      id
      number
      elements {
        id
        code
        indicators {
          id
          name
          unit
        }
      }
    }
  }
`);

const RecordDocument = graphql(`
  mutation RecordQuestionnaireResult($questionId: ID!, $indicatorId: ID!, $statistic: QuestionStatistic!, $optionId: ID) {
    recordQuestionnaireResult(questionId: $questionId, indicatorId: $indicatorId, statistic: $statistic, optionId: $optionId)
  }
`);

export function Results({ questionnaireId, tableId }: { questionnaireId: string; tableId: string }) {
  const { t, locale } = useI18n();
  const [{ data, error }] = useQuery({ query: ResultsDocument, variables: { id: questionnaireId, locale: locale === "it" ? "IT" : "EN" }, requestPolicy: "network-only" });
  const csv = data?.questionnaire.answersCsv;
  const csvUrl = useMemo(() => (csv ? URL.createObjectURL(new Blob([csv], { type: "text/csv" })) : null), [csv]);
  if (error) return <QueryError error={error} />;
  if (!data) return <Loading />;
  const results = data.questionnaire.results;
  const figures = (n: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(n);
  return (
    <section className="mb-4" aria-labelledby="results-heading">
      <h2 className="h4" id="results-heading">
        {t("questionnaires.results")} <span className="text-muted small">{t("questionnaires.responses").replace("{n}", String(results.responses))}</span>
      </h2>
      {csvUrl && (
        <p>
          <a className="btn btn-outline-primary btn-sm" href={csvUrl} download={`questionario-${questionnaireId}.csv`}>
            {t("questionnaires.csv")}
          </a>
        </p>
      )}
      {results.questions.map((q) => (
        <section key={q.questionId} className="mb-4">
          <h3 className="h5">{q.text}</h3>
          <p className="small text-muted">
            {t("questionnaires.answered").replace("{n}", String(q.answered))}
            {q.mean != null && ` · ${t("questionnaires.mean").replace("{value}", figures(q.mean))}`}
          </p>
          <Chart result={q} />
          {q.texts.length > 0 && (
            <details>
              <summary>{t("questionnaires.texts")}</summary>
              <ul>
                {q.texts.map((text, i) => (
                  <li key={i}>{text}</li>
                ))}
              </ul>
            </details>
          )}
          <RecordResult result={q} tableId={tableId} />
        </section>
      ))}
    </section>
  );
}

function Chart({ result }: { result: ResultRow }) {
  const { t } = useI18n();
  const title = t("questionnaires.chart").replace("{question}", result.text);
  if (result.options.length > 0) {
    return <BarChart title={title} labelHeading={t("questionnaires.option")} valueHeading={t("questionnaires.count")} bars={result.options.map((o) => ({ label: o.label, value: o.count }))} />;
  }
  if (result.distribution.length > 0) {
    return <BarChart title={title} labelHeading={t("questionnaires.value")} valueHeading={t("questionnaires.count")} bars={result.distribution.map((d) => ({ label: String(d.value), value: d.count }))} />;
  }
  return null;
}

function RecordResult({ result, tableId }: { result: ResultRow; tableId: string }) {
  const { t, label } = useI18n();
  const [open, setOpen] = useState(false);
  const [{ data }] = useQuery({ query: IndicatorsDocument, variables: { tableId }, pause: !open });
  const [recorded, record] = useMutation(RecordDocument);
  const statistics: QuestionStatistic[] = ["ANSWERED", ...(result.mean != null ? (["MEAN"] as const) : []), ...(result.options.length > 0 ? (["OPTION_SHARE"] as const) : [])];
  const [statistic, setStatistic] = useState<QuestionStatistic>(statistics[statistics.length - 1]);
  const [indicator, setIndicator] = useState("");
  const [option, setOption] = useState(result.options[0]?.optionId ?? "");
  const [done, setDone] = useState(false);
  const newest = data?.strategyVersions[0];
  const indicators = (newest?.elements ?? []).flatMap((e) => e.indicators.map((i) => ({ ...i, code: e.code })));
  const id = (part: string) => `record-${result.questionId}-${part}`;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    const saved = await record({ questionId: result.questionId, indicatorId: indicator, statistic, optionId: statistic === "OPTION_SHARE" ? option : null });
    setDone(!saved.error);
  };
  return (
    <details onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>{t("questionnaires.record")}</summary>
      {done && <Notice>{t("questionnaires.recorded")}</Notice>}
      <FieldError error={recorded.error} />
      <form onSubmit={submit} className="d-flex flex-wrap gap-3 align-items-end mt-2" noValidate>
        <div className="select-wrapper">
          <label htmlFor={id("statistic")}>{t("questionnaires.statistic")}</label>
          <select id={id("statistic")} value={statistic} onChange={(e) => setStatistic(e.target.value as QuestionStatistic)}>
            {statistics.map((s) => (
              <option key={s} value={s}>
                {label(s)}
              </option>
            ))}
          </select>
        </div>
        {statistic === "OPTION_SHARE" && (
          <div className="select-wrapper">
            <label htmlFor={id("option")}>{t("questionnaires.option")}</label>
            <select id={id("option")} value={option} onChange={(e) => setOption(e.target.value)}>
              {result.options.map((o) => (
                <option key={o.optionId} value={o.optionId}>
                  {o.label}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="select-wrapper">
          <label htmlFor={id("indicator")}>{t("questionnaires.indicator")}</label>
          <select id={id("indicator")} value={indicator} onChange={(e) => setIndicator(e.target.value)}>
            <option value="">—</option>
            {indicators.map((i) => (
              <option key={i.id} value={i.id}>
                {i.code} · {i.name} ({i.unit})
              </option>
            ))}
          </select>
        </div>
        <Button color="primary" size="sm" type="submit" disabled={!indicator || recorded.fetching}>
          {t("questionnaires.recordButton")}
        </Button>
      </form>
    </details>
  );
}
