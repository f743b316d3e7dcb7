// The good-practice library: facets with counts, sorting, the list; moderators also see what waits for review.
import { Badge, Button } from "design-react-kit";
import { useState, type FormEvent } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { useMutation, useQuery } from "urql";
import { Loading, QueryError } from "../components/Status";
import { graphql } from "../gql";
import type { PracticeSort, PracticeStatus, TargetGroup, Theme } from "../gql/graphql";
import { useI18n } from "../i18n";
import { useSession } from "../session";

const PracticesDocument = graphql(`
  query Practices($filter: PracticeFilterInput, $sort: PracticeSort!, $offset: Int!) {
    practices(filter: $filter, sort: $sort, first: 20, offset: $offset) {
      totalCount
      facets {
        facet
        value
        count
      }
      items {
        id
        title
        summary
        status
        themes
        region
        adoptionCount
        commentCount
        organization {
          name
        }
      }
    }
  }
`);

const FollowDocument = graphql(`
  mutation FollowTheme($value: String!) {
    setFollow(facet: THEME, value: $value, following: true) {
      value
    }
  }
`);

const THEMES: Theme[] = ["EMPLOYMENT", "EDUCATION", "LANGUAGE", "HOUSING", "HEALTH", "RIGHTS", "PARTICIPATION", "RECEPTION", "MEDIATION"];
const GROUPS: TargetGroup[] = [
  "PROTECTION_BENEFICIARIES",
  "ASYLUM_SEEKERS",
  "UNACCOMPANIED_MINORS",
  "WOMEN",
  "MINORS",
  "FAMILIES_WITH_MINORS",
  "ELDERLY",
  "STUDENTS",
  "TRAFFICKING_VICTIMS",
  "ISOLATED_AREAS",
  "PUBLIC_OPERATORS",
];

export { GROUPS, THEMES };

/** A language code's name in the reader's language, e.g. `it` → "italiano". */
function useLanguageName() {
  const { locale } = useI18n();
  const names = new Intl.DisplayNames([locale], { type: "language" });
  return (code: string) => names.of(code) ?? code;
}

/** The library's filters live in the address, so a filtered library can be shared, bookmarked and gone back to. */
function useLibraryFilters() {
  const [params, setParams] = useSearchParams();
  const get = (key: string) => params.get(key) ?? "";
  const set = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    if (!("offset" in changes)) next.delete("offset");
    setParams(next, { replace: true });
  };
  return { get, set };
}

export function Practices() {
  const { t, label } = useI18n();
  const { me } = useSession();
  const filters = useLibraryFilters();
  const languageName = useLanguageName();
  const theme = filters.get("theme") as Theme | "";
  const group = filters.get("group") as TargetGroup | "";
  const status = filters.get("status") as PracticeStatus | "";
  const region = filters.get("region");
  const language = filters.get("language");
  const search = filters.get("q");
  const sort = (filters.get("sort") || "NEWEST") as PracticeSort;
  const offset = Math.max(0, Number(filters.get("offset")) || 0);
  const [typed, setTyped] = useState(search);
  const filter = { theme: theme || null, targetGroup: group || null, status: status || null, region: region || null, language: language || null, search: search || null };
  const [{ data, fetching, error }] = useQuery({ query: PracticesDocument, variables: { filter, sort, offset } });
  const count = (facet: string, value: string) => data?.practices.facets.find((f) => f.facet === facet && f.value === value.toLowerCase())?.count ?? 0;
  const values = (facet: string) => (data?.practices.facets ?? []).filter((f) => f.facet === facet);
  const setOffset = (next: number) => filters.set({ offset: next ? String(next) : "" });
  /** A facet's values with their counts; the chosen one stays listed even when no practice matches it any more. */
  const listed = (name: string, chosen: string, text: (value: string) => string): [string, string][] => {
    const found = values(name).map((f): [string, string] => [f.value, `${text(f.value)} (${f.count})`]);
    return chosen && !found.some(([value]) => value === chosen) ? [[chosen, text(chosen)], ...found] : found;
  };
  /** One of the library's filters, kept in the address under `key`. */
  const facet = (key: string, text: string, value: string, options: [string, string][]) => (
    <div className="col-md-3">
      <label htmlFor={`facet-${key}`} className="form-label">
        {text}
      </label>
      <select id={`facet-${key}`} className="form-select" value={value} onChange={(e) => filters.set({ [key]: e.target.value })}>
        <option value="">{t("practices.all")}</option>
        {options.map(([option, words]) => (
          <option key={option} value={option}>
            {words}
          </option>
        ))}
      </select>
    </div>
  );
  const onSearch = (event: FormEvent) => {
    event.preventDefault();
    filters.set({ q: typed.trim() });
  };
  const moderator = me?.instanceRole === "MODERATOR" || me?.instanceRole === "ADMIN";
  const [followed, follow] = useMutation(FollowDocument);
  return (
    <section>
      <div className="d-flex justify-content-between align-items-center mb-4">
        <h1 className="mb-0">{t("practices.title")}</h1>
        {me && (
          <Link className="btn btn-primary" to="/practices/new">
            {t("practices.new")}
          </Link>
        )}
      </div>
      <form role="search" className="d-flex flex-wrap gap-2 align-items-end mb-3" onSubmit={onSearch}>
        <div className="flex-grow-1">
          <label htmlFor="library-search" className="form-label">
            {t("practices.searchLabel")}
          </label>
          <input id="library-search" type="search" className="form-control" maxLength={200} value={typed} onChange={(e) => setTyped(e.target.value)} />
        </div>
        <Button color="primary" type="submit">
          {t("practices.searchButton")}
        </Button>
      </form>
      <div className="row g-3 mb-3">
        {facet("theme", t("practices.theme"), theme, THEMES.map((value) => [value, `${label(value)} (${count("theme", value)})`]))}
        {facet("group", t("practices.targetGroup"), group, GROUPS.map((value) => [value, `${label(value)} (${count("targetGroup", value)})`]))}
        {facet("region", t("practices.region"), region, listed("region", region, (value) => value))}
        {facet("language", t("practices.language"), language, listed("language", language, languageName))}
        <div className="col-md-3">
          <label htmlFor="practice-sort" className="form-label">
            {t("practices.sort")}
          </label>
          <select id="practice-sort" className="form-select" value={sort} onChange={(e) => filters.set({ sort: e.target.value === "NEWEST" ? "" : e.target.value })}>
            {(["NEWEST", "MOST_ADOPTED", "MOST_DISCUSSED"] as const).map((value) => (
              <option key={value} value={value}>
                {label(value)}
              </option>
            ))}
          </select>
        </div>
        {(me || moderator) && (
          <div className="col-md-3">
            <label htmlFor="practice-status" className="form-label">
              {t("practices.status")}
            </label>
            <select id="practice-status" className="form-select" value={status} onChange={(e) => filters.set({ status: e.target.value })}>
              <option value="">{label("PUBLISHED")}</option>
              {(["DRAFT", "SUBMITTED", "ARCHIVED"] as const).map((value) => (
                <option key={value} value={value}>
                  {label(value)}
                </option>
              ))}
            </select>
          </div>
        )}
      </div>
      {me && theme && (
        <p>
          <Button size="sm" color="primary" outline disabled={Boolean(followed.data)} onClick={() => follow({ value: theme.toLowerCase() })}>
            {followed.data ? t("practices.following") : t("practices.follow")}
          </Button>
        </p>
      )}
      <p className="small">
        {t("practices.openData")}: <a href="/practices.json" download>JSON</a> · <a href="/practices.csv" download>CSV</a> — {t("practices.openDataHelp")}
      </p>
      {error && <QueryError error={error} />}
      {fetching && !data && <Loading />}
      {data && (
        <>
          <p>
            {t("common.total")}: {data.practices.totalCount}
          </p>
          {data.practices.items.length === 0 && <p>{t("practices.none")}</p>}
          <ul className="list-group mb-3" aria-label={t("practices.title")}>
            {data.practices.items.map((practice) => (
              <li className="list-group-item" key={practice.id}>
                <Link to={`/practices/${practice.id}`} className="fw-semibold">
                  {practice.title}
                </Link>{" "}
                {practice.status !== "PUBLISHED" && <Badge color="secondary">{label(practice.status)}</Badge>}
                <div className="small">{practice.summary}</div>
                <div className="small text-muted">
                  {practice.themes.map((value) => label(value)).join(", ")}
                  {practice.region && ` · ${practice.region}`}
                  {practice.organization && ` · ${practice.organization.name}`}
                  {` · ${t("practices.adoptions")}: ${practice.adoptionCount} · ${t("practices.comments")}: ${practice.commentCount}`}
                </div>
              </li>
            ))}
          </ul>
          <div className="d-flex flex-wrap gap-2">
            {offset > 0 && (
              <Button size="sm" color="primary" outline onClick={() => setOffset(Math.max(0, offset - 20))}>
                ‹
              </Button>
            )}
            {offset + 20 < data.practices.totalCount && (
              <Button size="sm" color="primary" outline onClick={() => setOffset(offset + 20)}>
                {t("common.loadMore")}
              </Button>
            )}
          </div>
        </>
      )}
    </section>
  );
}
