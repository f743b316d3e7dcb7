// The strategy elements something is linked to (a decision, an agenda item, a practice), as links to the strategy.
import { Link } from "react-router-dom";
import { useI18n } from "../i18n";

export function LinkedStrategy({ elements }: { elements: { tableId: string; code: string; title: string }[] }) {
  const { t } = useI18n();
  if (elements.length === 0) return null;
  return (
    <div className="small">
      {t("strategy.linkedElements")}:{" "}
      {elements.map((e, i) => (
        <span key={`${e.tableId}-${e.code}`}>
          {i > 0 && ", "}
          <Link to={`/tables/${e.tableId}/strategy`}>
            {e.code} {e.title}
          </Link>
        </span>
      ))}
    </div>
  );
}
