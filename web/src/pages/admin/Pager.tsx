// Page-at-a-time navigation over a Relay connection: a stack of cursors, "previous" and "next", and the total.
import { Button } from "design-react-kit";
import { useState } from "react";
import { useI18n } from "../../i18n";

/** The cursor of the page shown, and the moves. Filters changing should `reset`. */
export function useCursor() {
  const [stack, setStack] = useState<string[]>([]);
  return {
    after: stack.length > 0 ? stack[stack.length - 1] : null,
    page: stack.length + 1,
    next: (cursor: string) => setStack((all) => [...all, cursor]),
    previous: () => setStack((all) => all.slice(0, -1)),
    reset: () => setStack([]),
  };
}

export function Pager({
  cursor,
  total,
  hasNext,
  endCursor,
}: {
  cursor: ReturnType<typeof useCursor>;
  total: number;
  hasNext: boolean;
  endCursor?: string | null;
}) {
  const { t } = useI18n();
  return (
    <div className="d-flex align-items-center gap-3 my-3">
      <span>
        {t("common.total")}: {total}
      </span>
      {cursor.page > 1 && (
        <Button size="sm" color="primary" outline onClick={cursor.previous}>
          {t("common.back")}
        </Button>
      )}
      {hasNext && endCursor && (
        <Button size="sm" color="primary" outline onClick={() => cursor.next(endCursor)}>
          {t("common.loadMore")}
        </Button>
      )}
    </div>
  );
}
