// The good-practice library: facets with counts, sorting, the list; moderators also see what waits for review.
import { Badge, Button } from "design-react-kit";
import { useState } from "react";
import { Link } from "react-router-dom";
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

export function Practices() {
  const { t, label } = useI18n();
  const { me } = useSession();
  const [theme, setTheme] = useState<Theme | "">("");
  const [group, setGroup] = useState<TargetGroup | "">("");
  const [status, setStatus] = useState<PracticeStatus | "">("");
  const [sort, setSort] = useState<PracticeSort>("NEWEST");
  const [offset, setOffset] = useState(0);
  const filter = { theme: theme || null, targetGroup: group || null, status: status || null };
  const [{ data, fetching, error }] = useQuery({ query: PracticesDocument, variables: { filter, sort, offset } });
  const count = (facet: string, value: string) => data?.practices.facets.find((f) => f.facet === facet && f.value === value.toLowerCase())?.count ?? 0;
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
      <div className="row g-3 mb-3">
        <div className="col-md-3">
          <label htmlFor="facet-theme" className="form-label">
            {t("practices.theme")}
          </label>
          <select id="facet-theme" className="form-select" value={theme} onChange={(e) => (setTheme(e.target.value as Theme | ""), setOffset(0))}>
            <option value="">{t("practices.all")}</option>
            {THEMES.map((value) => (
              <option key={value} value={value}>
                {label(value)} ({count("theme", value)})
              </option>
            ))}
          </select>
        </div>
        <div className="col-md-3">
          <label htmlFor="facet-group" className="form-label">
            {t("practices.targetGroup")}
          </label>
          <select id="facet-group" className="form-select" value={group} onChange={(e) => (setGroup(e.target.value as TargetGroup | ""), setOffset(0))}>
            <option value="">{t("practices.all")}</option>
            {GROUPS.map((value) => (
              <option key={value} value={value}>
                {label(value)} ({count("targetGroup", value)})
              </option>
            ))}
          </select>
        </div>
        <div className="col-md-3">
          <label htmlFor="practice-sort" className="form-label">
            {t("practices.sort")}
          </label>
          <select id="practice-sort" className="form-select" value={sort} onChange={(e) => setSort(e.target.value as PracticeSort)}>
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
            <select id="practice-status" className="form-select" value={status} onChange={(e) => (setStatus(e.target.value as PracticeStatus | ""), setOffset(0))}>
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
          <div className="d-flex gap-2">
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
