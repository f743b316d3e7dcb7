// The start page: the signed-in person's tables, and the top-level tables anyone here may see.
import { Badge, Card, CardBody, CardText, CardTitle, Col, Row } from "design-react-kit";
import { Link } from "react-router-dom";
import { useQuery } from "urql";
import { ActionItemStatus } from "../components/ActionItemStatus";
import { Loading, QueryError } from "../components/Status";
import { WaitingForMe } from "../components/WaitingForMe";
import { graphql } from "../gql";
import { useI18n } from "../i18n";
import { useSession } from "../session";

const MyWorkDocument = graphql(`
  query MyWork {
    myUpcomingMeetings {
      id
      title
      localStart
      localEnd
    }
    myActionItems {
      id
      title
      dueDate
      overdue
      status
      meetingTitle
      meeting {
        id
        title
      }
    }
  }
`);


/** The signed-in person's next meetings and open action items. */
function MyWork() {
  const { t, span, date } = useI18n();
  const [{ data, error }, refetch] = useQuery({ query: MyWorkDocument });
  if (error) return <QueryError error={error} />;
  if (!data) return <Loading />;
  return (
    <Row className="mb-5">
      <Col md={6}>
        <h2 className="h3">{t("home.upcoming")}</h2>
        {data.myUpcomingMeetings.length === 0 ? (
          <p>{t("home.noUpcoming")}</p>
        ) : (
          <ul className="list-group">
            {data.myUpcomingMeetings.map((m) => (
              <li className="list-group-item" key={m.id}>
                <Link to={`/meetings/${m.id}`}>{m.title}</Link>
                <div className="small text-muted">{span(m.localStart, m.localEnd)}</div>
              </li>
            ))}
          </ul>
        )}
      </Col>
      <Col md={6}>
        <h2 className="h3">{t("home.myActions")}</h2>
        {data.myActionItems.length === 0 ? (
          <p>{t("home.noActions")}</p>
        ) : (
          <ul className="list-group" aria-label={t("home.myActions")}>
            {data.myActionItems.map((item) => (
              <li className="list-group-item" key={item.id}>
                {item.title}
                <div className="small text-muted">
                  {item.meeting ? <Link to={`/meetings/${item.meeting.id}`}>{item.meeting.title}</Link> : item.meetingTitle}
                  {item.dueDate && ` · ${t("minutes.dueDate")} ${date(item.dueDate)}`}
                </div>
                <div>
                  <ActionItemStatus item={item} editable onChange={() => refetch({ requestPolicy: "network-only" })} />
                </div>
              </li>
            ))}
          </ul>
        )}
      </Col>
    </Row>
  );
}

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
      {me && <WaitingForMe />}
      {me && <MyWork />}
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
