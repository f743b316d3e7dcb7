// The strategy at a glance for a meeting: activities by status and indicator progress per objective and action;
// and the comparison of two versions, element by element.
import { Badge, Button, Table } from "design-react-kit";
import { useState } from "react";
import { useQuery } from "urql";
import { graphql } from "../gql";
import { useI18n } from "../i18n";

const StrategyProgressDocument = graphql(`
  query StrategyProgress($id: ID!) {
    strategyVersion(id: $id) {
      id
      progress {
        elementId
        code
        title
        level
        planned
        inProgress
        done
        suspended
        ratio
        indicators
        measuredIndicators
      }
    }
  }
`);

const StrategyComparisonDocument = graphql(`
  query StrategyComparison($from: ID!, $to: ID!) {
    strategyComparison(fromId: $from, toId: $to) {
      key
      code
      title
      change
      fields {
        field
        before
        after
      }
    }
  }
`);

const SEGMENTS = [
  ["done", "bg-success"],
  ["inProgress", "bg-primary"],
  ["suspended", "bg-warning"],
  ["planned", "bg-secondary"],
] as const;

export function StrategyProgressView({ versionId }: { versionId: string }) {
  const { t, label } = useI18n();
  const [{ data }] = useQuery({ query: StrategyProgressDocument, variables: { id: versionId }, requestPolicy: "cache-and-network" });
  const rows = data?.strategyVersion.progress ?? [];
  if (rows.length === 0) return null;
  return (
    <section className="mb-4" aria-labelledby="progress-title">
      <h2 id="progress-title" className="h4">
        {t("strategy.progress")}
      </h2>
      <p className="small">
        {SEGMENTS.map(([key, color]) => (
          <span key={key} className="me-3">
            <span className={`d-inline-block ${color} me-1`} style={{ width: "0.8rem", height: "0.8rem" }} aria-hidden="true" />
            {label(key === "inProgress" ? "IN_PROGRESS" : key.toUpperCase())}
          </span>
        ))}
      </p>
      <Table size="sm" responsive>
        <thead>
          <tr>
            <th scope="col">{t("strategy.element")}</th>
            <th scope="col">{t("strategy.activities")}</th>
            <th scope="col">{t("strategy.indicators")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const total = row.planned + row.inProgress + row.done + row.suspended;
            const percent = row.ratio == null ? null : Math.round(row.ratio * 100);
            return (
              <tr key={row.elementId}>
                <th scope="row" className={row.level === "ACTION" ? "ps-4 fw-normal" : ""}>
                  {row.code} {row.title}
                </th>
                <td style={{ minWidth: "12rem" }}>
                  <div className="progress" style={{ height: "1rem" }} aria-label={`${row.code}: ${row.done}/${total} ${label("DONE")}`} role="img">
                    {SEGMENTS.map(([key, color]) => (total > 0 && row[key] > 0 ? <div key={key} className={`progress-bar ${color}`} style={{ width: `${(row[key] / total) * 100}%` }} /> : null))}
                  </div>
                  <span className="small">
                    {row.done}/{total} {label("DONE").toLowerCase()}
                  </span>
                </td>
                <td style={{ minWidth: "10rem" }}>
                  {percent == null ? (
                    <span className="small text-muted">{t("strategy.noMeasures")}</span>
                  ) : (
                    <>
                      <div className="progress" style={{ height: "1rem" }} role="progressbar" aria-label={`${row.code} ${t("strategy.indicators")}`} aria-valuenow={percent} aria-valuemin={0} aria-valuemax={100}>
                        <div className="progress-bar bg-success" style={{ width: `${percent}%` }} />
                      </div>
                      <span className="small">
                        {percent}% ({row.measuredIndicators}/{row.indicators})
                      </span>
                    </>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </Table>
    </section>
  );
}

export function StrategyCompare({ versions }: { versions: { id: string; label: string }[] }) {
  const { t } = useI18n();
  const [from, setFrom] = useState(versions[versions.length - 1]?.id ?? "");
  const [to, setTo] = useState(versions[0]?.id ?? "");
  const [shown, setShown] = useState<{ from: string; to: string } | null>(null);
  const [{ data }] = useQuery({ query: StrategyComparisonDocument, variables: shown ?? { from: "", to: "" }, pause: !shown });
  const select = (id: string, value: string, onChange: (v: string) => void, text: string) => (
    <div>
      <label htmlFor={id} className="form-label">
        {text}
      </label>
      <select id={id} className="form-select" value={value} onChange={(e) => onChange(e.target.value)}>
        {versions.map((v) => (
          <option key={v.id} value={v.id}>
            {v.label}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <section className="mb-4" aria-labelledby="compare-title">
      <h2 id="compare-title" className="h4">
        {t("strategy.compare")}
      </h2>
      <div className="d-flex flex-wrap gap-2 align-items-end mb-2">
        {select("compare-from", from, setFrom, t("strategy.from"))}
        {select("compare-to", to, setTo, t("strategy.to"))}
        <Button color="primary" outline onClick={() => setShown({ from, to })}>
          {t("strategy.showDifferences")}
        </Button>
      </div>
      {shown && data && data.strategyComparison.length === 0 && <p>{t("strategy.noDifferences")}</p>}
      {shown && data && data.strategyComparison.length > 0 && (
        <ul className="list-unstyled">
          {data.strategyComparison.map((c) => (
            <li key={c.key} className="mb-2">
              <Badge color={c.change === "ADDED" ? "success" : c.change === "REMOVED" ? "danger" : "warning"}>{t(`strategy.change.${c.change}` as "strategy.change.ADDED")}</Badge> {c.code} {c.title}
              {c.change === "CHANGED" && (
                <ul className="small">
                  {c.fields.map((f) => (
                    <li key={f.field}>
                      {f.field}: <del>{f.before ?? "—"}</del> → <ins>{f.after ?? "—"}</ins>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
