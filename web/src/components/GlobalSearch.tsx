// The search box in the header: suggestions while typing, the results page on Enter.
import { useEffect, useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router-dom";
import { useQuery } from "urql";
import { graphql } from "../gql";
import { useI18n } from "../i18n";

export const SearchDocument = graphql(`
  query Search($query: String!, $filter: SearchFilter, $order: SearchOrder! = RELEVANCE, $first: Int! = 20, $offset: Int! = 0) {
    search(query: $query, filter: $filter, order: $order, first: $first, offset: $offset) {
      total
      facets {
        facet
        value
        count
      }
      hits {
        __typename
        ... on PracticeHit {
          id
          title
          url
          snippet
          date
        }
        ... on MeetingHit {
          id
          title
          url
          snippet
          date
        }
        ... on AgendaItemHit {
          id
          title
          url
          snippet
          date
        }
        ... on MinutesItemHit {
          id
          title
          url
          snippet
          date
        }
        ... on DecisionHit {
          id
          title
          url
          snippet
          date
        }
        ... on ActionItemHit {
          id
          title
          url
          snippet
          date
        }
        ... on StrategyElementHit {
          id
          title
          url
          snippet
          date
        }
        ... on CommentHit {
          id
          title
          url
          snippet
          date
        }
      }
    }
  }
`);

/** The kind of a hit from its GraphQL type name, e.g. DecisionHit → DECISION. */
export function hitKind(typename: string | undefined): string {
  return (typename ?? "").replace(/Hit$/, "").replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase();
}

export function GlobalSearch() {
  const { t, label } = useI18n();
  const navigate = useNavigate();
  const [text, setText] = useState("");
  const [typed, setTyped] = useState("");
  useEffect(() => {
    const timer = window.setTimeout(() => setTyped(text.trim()), 200);
    return () => window.clearTimeout(timer);
  }, [text]);
  const [{ data }] = useQuery({ query: SearchDocument, variables: { query: typed, first: 5 }, pause: typed.length < 2 });
  function submit(event: FormEvent) {
    event.preventDefault();
    setTyped("");
    navigate(`/search?q=${encodeURIComponent(text.trim())}`);
  }
  const suggestions = typed.length >= 2 ? (data?.search.hits ?? []) : [];
  return (
    <form role="search" onSubmit={submit} className="tavolo-global-search position-relative">
      <label htmlFor="global-search" className="visually-hidden">
        {t("search.label")}
      </label>
      <input id="global-search" type="search" className="form-control" placeholder={t("search.placeholder")} value={text} onChange={(e) => setText(e.target.value)} autoComplete="off" />
      {suggestions.length > 0 && (
        <ul className="list-unstyled bg-white border rounded shadow-sm position-absolute w-100 p-2 mt-1" style={{ zIndex: 1000 }} aria-label={t("search.suggestions")}>
          {suggestions.map((hit) => (
            <li key={`${hit.__typename}-${hit.id}`}>
              <Link to={hit.url} onClick={() => setText("")}>
                {hit.title}
              </Link>{" "}
              <span className="small text-muted">{label(hitKind(hit.__typename))}</span>
            </li>
          ))}
        </ul>
      )}
    </form>
  );
}
