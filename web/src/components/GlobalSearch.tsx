// The search box in the header: suggestions while typing, as a combobox usable from the keyboard, and the results page
// on Enter.
import { useEffect, useState, type FormEvent, type KeyboardEvent } from "react";
import { useNavigate } from "react-router-dom";
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
        ... on CourseHit {
          id
          title
          url
          snippet
          date
        }
        ... on ProtocolHit {
          id
          title
          url
          snippet
          date
        }
        ... on QuestionnaireHit {
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
  const [active, setActive] = useState(-1);
  const [closed, setClosed] = useState(false);
  useEffect(() => {
    const timer = window.setTimeout(() => setTyped(text.trim()), 200);
    return () => window.clearTimeout(timer);
  }, [text]);
  const [{ data }] = useQuery({ query: SearchDocument, variables: { query: typed, first: 5 }, pause: typed.length < 2 });
  const suggestions = typed.length >= 2 && !closed ? (data?.search.hits ?? []) : [];
  const open = suggestions.length > 0;
  const go = (url: string) => {
    setText("");
    setTyped("");
    setActive(-1);
    navigate(url);
  };
  function submit(event: FormEvent) {
    event.preventDefault();
    if (open && active >= 0 && suggestions[active]) {
      go(suggestions[active].url);
      return;
    }
    go(`/search?q=${encodeURIComponent(text.trim())}`);
  }
  // The WAI-ARIA combobox pattern: arrows move through the suggestions, Enter opens one, Escape closes the list.
  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (!open) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      // Positions -1 (the text typed) to the last suggestion, wrapping around.
      const positions = suggestions.length + 1;
      setActive((current) => ((current + 1 + step + positions) % positions) - 1);
    } else if (event.key === "Escape") {
      event.preventDefault();
      setClosed(true);
      setActive(-1);
    }
  }
  return (
    <form role="search" onSubmit={submit} className="tavolo-global-search position-relative">
      <label htmlFor="global-search" className="visually-hidden">
        {t("search.label")}
      </label>
      <input
        id="global-search"
        type="search"
        role="combobox"
        aria-expanded={open}
        aria-controls="global-search-suggestions"
        aria-autocomplete="list"
        aria-activedescendant={open && active >= 0 ? `global-search-option-${active}` : undefined}
        className="form-control"
        placeholder={t("search.placeholder")}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setClosed(false);
          setActive(-1);
        }}
        onKeyDown={onKeyDown}
        autoComplete="off"
      />
      <ul
        id="global-search-suggestions"
        role="listbox"
        hidden={!open}
        className="list-unstyled bg-white border rounded shadow-sm position-absolute w-100 p-2 mt-1"
        style={{ zIndex: 1000 }}
        aria-label={t("search.suggestions")}
      >
        {suggestions.map((hit, index) => (
          <li
            key={`${hit.__typename}-${hit.id}`}
            id={`global-search-option-${index}`}
            role="option"
            aria-selected={index === active}
            className={`px-1 ${index === active ? "bg-primary text-white" : ""}`}
            onMouseDown={(e) => {
              // Before the input loses focus: a click picks the suggestion.
              e.preventDefault();
              go(hit.url);
            }}
          >
            <span className={index === active ? "" : "text-primary text-decoration-underline"}>{hit.title}</span>{" "}
            <span className={`small ${index === active ? "" : "text-muted"}`}>{label(hitKind(hit.__typename))}</span>
          </li>
        ))}
      </ul>
    </form>
  );
}
