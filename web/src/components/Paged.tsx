// A list loaded page by page with Relay cursors: each page is its own query, "load more" adds the next.
import { Button } from "design-react-kit";
import { useState, type ReactNode } from "react";
import type { CombinedError } from "urql";
import { useI18n } from "../i18n";
import { Loading, QueryError } from "./Status";

export interface PageResult<N> {
  fetching: boolean;
  error?: CombinedError;
  nodes: N[];
  total: number;
  hasNext: boolean;
  endCursor?: string | null;
}

interface Props<N> {
  /** A hook running one page's query. */
  usePage: (after: string | null) => PageResult<N>;
  renderItem: (node: N) => ReactNode;
  empty: string;
  label: string;
}

export function Paged<N>({ usePage, renderItem, empty, label }: Props<N>) {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  return (
    <ul className="list-group mb-3" aria-label={label}>
      {cursors.map((after, index) => (
        <Chunk
          key={after ?? "first"}
          after={after}
          first={index === 0}
          last={index === cursors.length - 1}
          usePage={usePage}
          renderItem={renderItem}
          empty={empty}
          onMore={(cursor) => setCursors((all) => [...all, cursor])}
        />
      ))}
    </ul>
  );
}

interface ChunkProps<N> extends Pick<Props<N>, "usePage" | "renderItem" | "empty"> {
  after: string | null;
  first: boolean;
  last: boolean;
  onMore: (cursor: string) => void;
}

function Chunk<N>({ after, first, last, usePage, renderItem, empty, onMore }: ChunkProps<N>) {
  const { t } = useI18n();
  const page = usePage(after);
  if (page.error) return <li className="list-group-item"><QueryError error={page.error} /></li>;
  if (page.fetching && page.nodes.length === 0) return <li className="list-group-item"><Loading /></li>;
  return (
    <>
      {first && page.nodes.length === 0 && <li className="list-group-item">{empty}</li>}
      {page.nodes.map(renderItem)}
      {last && page.hasNext && page.endCursor && (
        <li className="list-group-item text-center">
          <Button color="primary" outline size="sm" onClick={() => page.endCursor && onMore(page.endCursor)}>
            {t("common.loadMore")}
          </Button>
        </li>
      )}
    </>
  );
}
