// One table: its details, parent and groups, member organizations with their delegates, and everyone's roles.
import { Badge, Card, CardBody, Table } from "design-react-kit";
import { Link, useParams } from "react-router-dom";
import { useQuery } from "urql";
import { Loading, QueryError } from "../components/Status";
import { EndMembership, EndSeat, TableMembers } from "../components/TableMembers";
import { useSession } from "../session";
import { graphql } from "../gql";
import { useI18n } from "../i18n";
import { runsTable } from "../components/roles";

const TableDetailDocument = graphql(`
  query TableDetail($id: ID!) {
    table(id: $id) {
      id
      name
      kind
      territory
      description
      visibility
      myRoles
      parent {
        id
        name
      }
      children {
        id
        name
        kind
      }
      seats {
        id
        organization {
          id
          name
          kind
        }
        delegates {
          id
          delegateKind
          person {
            id
            name
          }
        }
      }
      memberships {
        id
        role
        delegateKind
        person {
          id
          name
        }
        organization {
          id
          name
        }
      }
    }
  }
`);

export function TableDetail() {
  const { id = "" } = useParams();
  const { t, label } = useI18n();
  const { me } = useSession();
  const [{ data, fetching, error }, refetch] = useQuery({ query: TableDetailDocument, variables: { id } });
  const reload = () => refetch({ requestPolicy: "network-only" });
  if (error) return <QueryError error={error} />;
  if (fetching && !data) return <Loading />;
  const table = data?.table;
  if (!table) return <Loading />;
  const runs = runsTable(me?.instanceRole, table.myRoles);
  return (
    <article>
      <h1>{table.name}</h1>
      <p className="lead">{table.description}</p>
      <dl className="row tavolo-meta">
        <dt className="col-sm-3">{t("tables.kind")}</dt>
        <dd className="col-sm-9">{label(table.kind)}</dd>
        {table.territory && (
          <>
            <dt className="col-sm-3">{t("tables.territory")}</dt>
            <dd className="col-sm-9">{table.territory}</dd>
          </>
        )}
        <dt className="col-sm-3">{t("tables.visibility")}</dt>
        <dd className="col-sm-9">{label(table.visibility)}</dd>
        {table.parent && (
          <>
            <dt className="col-sm-3">{t("tables.parent")}</dt>
            <dd className="col-sm-9">
              <Link to={`/tables/${table.parent.id}`}>{table.parent.name}</Link>
            </dd>
          </>
        )}
        {table.myRoles.length > 0 && (
          <>
            <dt className="col-sm-3">{t("tables.myRoles")}</dt>
            <dd className="col-sm-9">{table.myRoles.map((role) => label(role)).join(", ")}</dd>
          </>
        )}
      </dl>

      <p>
        <Link className="btn btn-primary btn-sm" to={`/tables/${table.id}/meetings`}>
          {t("meetings.of")}
        </Link>{" "}
        <Link className="btn btn-primary btn-sm" to={`/tables/${table.id}/strategy`}>
          {t("strategy.of")}
        </Link>{" "}
        <Link className="btn btn-primary btn-sm" to={`/tables/${table.id}/courses`}>
          {t("courses.ofTable")}
        </Link>{" "}
        <Link className="btn btn-primary btn-sm" to={`/tables/${table.id}/protocols`}>
          {t("nav.protocols")}
        </Link>{" "}
        {me && (
          <Link className="btn btn-primary btn-sm" to={`/tables/${table.id}/questionnaires`}>
            {t("nav.questionnaires")}
          </Link>
        )}
      </p>

      {table.children.length > 0 && (
        <section className="mb-4">
          <h2 className="h4">{t("tables.children")}</h2>
          <ul>
            {table.children.map((child) => (
              <li key={child.id}>
                <Link to={`/tables/${child.id}`}>{child.name}</Link> <span className="text-muted">({label(child.kind)})</span>
              </li>
            ))}
          </ul>
        </section>
      )}

      <section className="mb-4">
        <h2 className="h4">{t("tables.seats")}</h2>
        {table.seats.length === 0 ? (
          <p>{t("tables.noSeats")}</p>
        ) : (
          <Table responsive>
            <thead>
              <tr>
                <th scope="col">{t("tables.organization")}</th>
                <th scope="col">{t("tables.delegates")}</th>
                {runs && <th scope="col">{t("common.actions")}</th>}
              </tr>
            </thead>
            <tbody>
              {table.seats.map((seat) => (
                <tr key={seat.id}>
                  <td>
                    <Link to={`/organizations/${seat.organization.id}`}>{seat.organization.name}</Link>
                    <div className="small text-muted">{label(seat.organization.kind)}</div>
                  </td>
                  <td>
                    {seat.delegates.length === 0
                      ? t("common.none")
                      : seat.delegates.map((delegate) => (
                          <div key={delegate.id}>
                            {delegate.person.name}{" "}
                            <Badge color={delegate.delegateKind === "TITULAR" ? "primary" : "secondary"}>{label(delegate.delegateKind)}</Badge>{" "}
                            {runs && <EndMembership id={delegate.id} name={delegate.person.name} onChange={reload} />}
                          </div>
                        ))}
                  </td>
                  {runs && (
                    <td>
                      <EndSeat seatId={seat.id} name={seat.organization.name} onChange={reload} />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </section>

      {runs && <TableMembers tableId={table.id} seats={table.seats} onChange={reload} />}

      <section>
        <h2 className="h4">{t("tables.roles")}</h2>
        <Card className="card-bg">
          <CardBody>
            <Table size="sm" className="mb-0">
              <thead>
                <tr>
                  <th scope="col">{t("tables.person")}</th>
                  <th scope="col">{t("tables.role")}</th>
                  <th scope="col">{t("tables.organization")}</th>
                  {runs && <th scope="col">{t("members.actions")}</th>}
                </tr>
              </thead>
              <tbody>
                {table.memberships.map((membership) => (
                  <tr key={membership.id}>
                    <td>{membership.person.name}</td>
                    <td>
                      {label(membership.role)}
                      {membership.delegateKind && ` (${label(membership.delegateKind).toLowerCase()})`}
                    </td>
                    <td>{membership.organization?.name ?? ""}</td>
                    {runs && (
                      <td>
                        <EndMembership id={membership.id} name={membership.person.name} onChange={reload} />
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </Table>
          </CardBody>
        </Card>
      </section>
    </article>
  );
}
