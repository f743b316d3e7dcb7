// Every table the caller may see, top-level tables with their groups listed on each table's page.
import { Badge } from "design-react-kit";
import { Link } from "react-router-dom";
import { useQuery } from "urql";
import { Paged, type PageResult } from "../components/Paged";
import { graphql } from "../gql";
import type { TablesPageQuery } from "../gql/graphql";
import { useI18n } from "../i18n";

const TablesPageDocument = graphql(`
  query TablesPage($after: String) {
    tables(first: 25, after: $after) {
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
          visibility
          myRoles
          parent {
            id
            name
          }
          seats {
            id
          }
        }
      }
    }
  }
`);

type TableNode = TablesPageQuery["tables"]["edges"][number]["node"];

function useTablesPage(after: string | null): PageResult<TableNode> {
  const [{ data, fetching, error }] = useQuery({ query: TablesPageDocument, variables: { after } });
  return {
    fetching,
    error,
    nodes: data?.tables.edges.map((e) => e.node) ?? [],
    total: data?.tables.totalCount ?? 0,
    hasNext: data?.tables.pageInfo.hasNextPage ?? false,
    endCursor: data?.tables.pageInfo.endCursor,
  };
}

export function Tables() {
  const { t, label } = useI18n();
  return (
    <section>
      <h1 className="mb-4">{t("tables.title")}</h1>
      <Paged
        usePage={useTablesPage}
        label={t("tables.title")}
        empty={t("tables.empty")}
        renderItem={(table) => (
          <li className="list-group-item" key={table.id}>
            <Link to={`/tables/${table.id}`} className="fw-semibold">
              {table.name}
            </Link>
            <div className="small text-muted">
              {label(table.kind)}
              {table.parent && ` · ${t("tables.parent")} ${table.parent.name}`}
              {table.territory && ` · ${table.territory}`}
              {` · ${table.seats.length} ${t("tables.organization").toLowerCase()}`}
            </div>
            <Badge color="secondary" className="me-1">
              {label(table.visibility)}
            </Badge>
            {table.myRoles.map((role) => (
              <Badge color="primary" className="me-1" key={role}>
                {label(role)}
              </Badge>
            ))}
          </li>
        )}
      />
    </section>
  );
}
