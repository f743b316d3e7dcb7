// The directory of organizations, searchable by name.
import { useCallback, useState } from "react";
import { Link } from "react-router-dom";
import { useQuery } from "urql";
import { Paged, type PageResult } from "../components/Paged";
import { SearchBox } from "../components/SearchBox";
import { graphql } from "../gql";
import type { OrganizationsPageQuery } from "../gql/graphql";
import { useI18n } from "../i18n";

const OrganizationsPageDocument = graphql(`
  query OrganizationsPage($after: String, $search: String) {
    organizations(first: 25, after: $after, search: $search) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          name
          kind
          territory
        }
      }
    }
  }
`);

type OrganizationNode = OrganizationsPageQuery["organizations"]["edges"][number]["node"];

export function Organizations() {
  const { t, label } = useI18n();
  const [search, setSearch] = useState("");
  const usePage = useCallback(
    function useOrganizationsPage(after: string | null): PageResult<OrganizationNode> {
      const [{ data, fetching, error }] = useQuery({ query: OrganizationsPageDocument, variables: { after, search: search || null } });
      const list = data?.organizations;
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
      <h1 className="mb-4">{t("organizations.title")}</h1>
      <SearchBox id="organization-search" onSearch={setSearch} />
      <Paged
        key={search}
        usePage={usePage}
        label={t("organizations.title")}
        empty={t("organizations.empty")}
        renderItem={(organization) => (
          <li className="list-group-item" key={organization.id}>
            <Link to={`/organizations/${organization.id}`} className="fw-semibold">
              {organization.name}
            </Link>
            <div className="small text-muted">
              {label(organization.kind)}
              {organization.territory && ` · ${organization.territory}`}
            </div>
          </li>
        )}
      />
    </section>
  );
}
