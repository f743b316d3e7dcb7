// The directory of people (signed-in users only), searchable by name or email.
import { useCallback, useState } from "react";
import { Link } from "react-router-dom";
import { useQuery } from "urql";
import { Paged, type PageResult } from "../components/Paged";
import { SearchBox } from "../components/SearchBox";
import { graphql } from "../gql";
import type { PeoplePageQuery } from "../gql/graphql";
import { useI18n } from "../i18n";

const PeoplePageDocument = graphql(`
  query PeoplePage($after: String, $search: String) {
    people(first: 25, after: $after, search: $search) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          name
          email
          organization {
            id
            name
          }
        }
      }
    }
  }
`);

type PersonNode = PeoplePageQuery["people"]["edges"][number]["node"];

export function People() {
  const { t } = useI18n();
  const [search, setSearch] = useState("");
  const usePage = useCallback(
    function usePeoplePage(after: string | null): PageResult<PersonNode> {
      const [{ data, fetching, error }] = useQuery({ query: PeoplePageDocument, variables: { after, search: search || null } });
      const list = data?.people;
      return {
        fetching,
        error,
        nodes: list?.edges.map((e) => e.node) ?? [],
        total: list?.totalCount ?? 0,
        hasNext: list?.pageInfo.hasNextPage ?? false,
        endCursor: list?.pageInfo.endCursor,
      };
    },
    [search],
  );
  return (
    <section>
      <h1 className="mb-4">{t("people.title")}</h1>
      <SearchBox id="person-search" onSearch={setSearch} />
      <Paged
        key={search}
        usePage={usePage}
        label={t("people.title")}
        empty={t("people.empty")}
        renderItem={(person) => (
          <li className="list-group-item" key={person.id}>
            <Link to={`/people/${person.id}`} className="fw-semibold">
              {person.name}
            </Link>
            <div className="small text-muted">
              {person.organization?.name}
              {person.email && ` · ${person.email}`}
            </div>
          </li>
        )}
      />
    </section>
  );
}
