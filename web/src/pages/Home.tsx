// The start page: the signed-in person's tables, and the top-level tables anyone here may see.
import { Badge, Card, CardBody, CardText, CardTitle, Col, Row } from "design-react-kit";
import { Link } from "react-router-dom";
import { useQuery } from "urql";
import { Loading, QueryError } from "../components/Status";
import { graphql } from "../gql";
import { useI18n } from "../i18n";
import { useSession } from "../session";

const HomeDocument = graphql(`
  query Home {
    me {
      id
      memberships {
        id
        role
        delegateKind
        table {
          id
          name
          kind
        }
      }
    }
    tables(first: 12, topLevel: true) {
      edges {
        node {
          id
          name
          kind
          description
          visibility
        }
      }
    }
  }
`);

export function Home() {
  const { t, label } = useI18n();
  const { me } = useSession();
  const [{ data, fetching, error }] = useQuery({ query: HomeDocument });
  if (error) return <QueryError error={error} />;
  if (fetching && !data) return <Loading />;
  const memberships = data?.me?.memberships ?? [];
  return (
    <>
      <section className="mb-5">
        <h1>
          {t("home.welcome")}
          {me ? `, ${me.name}` : ""}
        </h1>
        <p className="lead">{t("home.intro")}</p>
      </section>
      {me && (
        <section className="mb-5">
          <h2 className="h3">{t("home.myTables")}</h2>
          {memberships.length === 0 ? (
            <p>{t("home.noTables")}</p>
          ) : (
            <ul className="list-group">
              {memberships.map((membership) =>
                membership.table ? (
                  <li className="list-group-item" key={membership.id}>
                    <Link to={`/tables/${membership.table.id}`}>{membership.table.name}</Link>{" "}
                    <Badge color="primary">{label(membership.role)}</Badge>
                  </li>
                ) : null,
              )}
            </ul>
          )}
        </section>
      )}
      <section>
        <h2 className="h3">{me ? t("tables.title") : t("home.publicTables")}</h2>
        <Row>
          {(data?.tables.edges ?? []).map(({ node }) => (
            <Col md={6} lg={4} key={node.id} className="mb-3">
              <Card className="card-bg h-100">
                <CardBody>
                  <CardTitle tag="h3" className="h5">
                    <Link to={`/tables/${node.id}`}>{node.name}</Link>
                  </CardTitle>
                  <CardText>{node.description}</CardText>
                  <Badge color="secondary">{label(node.kind)}</Badge>
                </CardBody>
              </Card>
            </Col>
          ))}
        </Row>
      </section>
    </>
  );
}
