// When someone else saved the same text while the person was typing: their own text stays in an editable box
// beside the current version, whose lines differing from theirs are marked, until they merge and confirm.
import { Button, TextArea } from "design-react-kit";
import { lineDiff } from "../../components/lineDiff";
import { useI18n } from "../../i18n";

export function MergeView({ id, label, mine, theirs, onEdit, onResolve }: { id: string; label: string; mine: string; theirs: string; onEdit: (text: string) => void; onResolve: () => void }) {
  const { t } = useI18n();
  const lines = lineDiff(mine, theirs);
  return (
    <div role="group" aria-labelledby={`${id}-conflict`} className="border border-warning p-2 mb-2">
      <p id={`${id}-conflict`} className="fw-semibold">
        {t("minutes.conflictItem").replace("{item}", label)}
      </p>
      <div className="row">
        <div className="col-md-6">
          <TextArea id={id} label={t("minutes.yourText")} rows={6} value={mine} onChange={(e) => onEdit(e.target.value)} />
        </div>
        <div className="col-md-6">
          <p className="mb-1">{t("minutes.currentText")}</p>
          <pre className="border p-2 small" aria-label={t("minutes.currentText")} style={{ whiteSpace: "pre-wrap" }}>
            {lines.map((line, index) => (
              <div key={index} className={line.change === "added" ? "text-success" : line.change === "removed" ? "text-danger text-decoration-line-through" : ""}>
                <span aria-hidden="true">{line.change === "added" ? "+ " : line.change === "removed" ? "− " : "  "}</span>
                {line.change !== "same" && <span className="visually-hidden">{line.change === "added" ? t("minutes.lineOnlyCurrent") : t("minutes.lineOnlyYours")} </span>}
                {line.text}
              </div>
            ))}
          </pre>
        </div>
      </div>
      <div className="d-flex flex-wrap gap-2">
        <Button size="sm" color="primary" outline onClick={() => (onEdit(theirs), onResolve())}>
          {t("minutes.useCurrent")}
        </Button>
        <Button size="sm" color="primary" onClick={onResolve}>
          {t("minutes.merged")}
        </Button>
      </div>
    </div>
  );
}
