// Search results: everything the user may read that matches, with facets to narrow and the matches highlighted.
import { Badge, Button } from "design-react-kit";
import { useState } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { useQuery } from "urql";
import { hitKind, SearchDocument } from "../components/GlobalSearch";
import { Loading } from "../components/Status";
import type { SearchKind, Theme } from "../gql/graphql";
import { useI18n } from "../i18n";
import { FieldError } from "../components/FieldError";

const PAGE = 20;

export function SearchPage() {
  const { t, label, date } = useI18n();
  const [params, setParams] = useSearchParams();
  const query = params.get("q") ?? "";
  // Parameters hold facet values as the index has them (e.g. `minutes_item`); GraphQL enums are upper case.
  const kind = params.get("kind");
  const theme = params.get("theme");
  const year = params.get("year");
  const [text, setText] = useState(query);
  const [page, setPage] = useState(0);
  const filter = { kinds: kind ? [kind.toUpperCase() as SearchKind] : null, theme: theme ? (theme.toUpperCase() as Theme) : null, year: year ? Number(year) : null };
  const [{ data, fetching, error }] = useQuery({ query: SearchDocument, variables: { query, filter, first: PAGE, offset: page * PAGE } });
  const set = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
    setPage(0);
  };
  const facets = (name: string) => (data?.search.facets ?? []).filter((f) => f.facet === name);
  const facetList = (name: string, key: string, current: string | null, text: (value: string) => string) => (
    <div className="mb-3">
      <h2 className="h6">{t(`search.facet.${name}` as "search.facet.kind")}</h2>
      <ul className="list-unstyled small">
        {current && (
          <li>
            <Button size="xs" color="primary" outline onClick={() => set(key, null)}>
              {t("search.clear")}
            </Button>
          </li>
        )}
        {facets(name).map((f) => (
          <li key={f.value}>
            <button type="button" className={`btn btn-link btn-sm p-0 ${current === f.value ? "fw-bold" : ""}`} onClick={() => set(key, f.value)}>
              {text(f.value)} ({f.count})
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
  return (
    <section>
      <h1 className="mb-3">{t("search.title")}</h1>
      <form
        role="search"
        className="d-flex flex-wrap gap-2 align-items-end mb-4"
        onSubmit={(e) => {
          e.preventDefault();
          set("q", text.trim());
        }}
      >
        <div className="flex-grow-1">
          <label htmlFor="search-page-query" className="form-label">
            {t("search.label")}
          </label>
          <input id="search-page-query" type="search" className="form-control" value={text} onChange={(e) => setText(e.target.value)} />
        </div>
        <Button color="primary" type="submit">
          {t("search.submit")}
        </Button>
      </form>
      <FieldError error={error} />
      {fetching && !data && <Loading />}
      {data && (
        <div className="row">
          <aside className="col-md-3" aria-label={t("search.facets")}>
            {facetList("kind", "kind", kind, (v) => label(v.toUpperCase()))}
            {facetList("theme", "theme", theme, (v) => label(v.toUpperCase()))}
            {facetList("year", "year", year, (v) => v)}
          </aside>
          <div className="col-md-9">
            <p role="status">
              {data.search.total} {t("search.results")}
              {query === "" && ` — ${t("search.newest")}`}
            </p>
            <ol className="list-unstyled">
              {data.search.hits.map((hit) => (
                <li key={`${hit.__typename}-${hit.id}`} className="mb-3">
                  <Badge color="secondary">{label(hitKind(hit.__typename))}</Badge> <Link to={hit.url}>{hit.title}</Link> <span className="small text-muted">{date(hit.date)}</span>
                  {/* The server escapes the text and adds only <mark> around matches. */}
                  <div className="small" dangerouslySetInnerHTML={{ __html: hit.snippet }} />
                </li>
              ))}
            </ol>
            <div className="d-flex flex-wrap gap-2">
              {page > 0 && (
                <Button size="sm" color="primary" outline onClick={() => setPage(page - 1)}>
                  {t("search.previous")}
                </Button>
              )}
              {(page + 1) * PAGE < data.search.total && (
                <Button size="sm" color="primary" outline onClick={() => setPage(page + 1)}>
                  {t("search.next")}
                </Button>
              )}
            </div>
          </div>
        </div>
      )}
    </section>
  );
}
