// One person: contact, organization and roles at the tables the caller may see.
import { Link, useParams } from "react-router-dom";
import { useQuery } from "urql";
import { Loading, QueryError } from "../components/Status";
import { graphql } from "../gql";
import { useI18n } from "../i18n";

const PersonDetailDocument = graphql(`
  query PersonDetail($id: ID!) {
    person(id: $id) {
      id
      name
      email
      instanceRole
      organization {
        id
        name
      }
      memberships {
        id
        role
        delegateKind
        table {
          id
          name
        }
      }
    }
  }
`);

export function PersonDetail() {
  const { id = "" } = useParams();
  const { t, label } = useI18n();
  const [{ data, fetching, error }] = useQuery({ query: PersonDetailDocument, variables: { id } });
  if (error) return <QueryError error={error} />;
  const person = data?.person;
  if (fetching && !person) return <Loading />;
  if (!person) return <Loading />;
  return (
    <article>
      <h1>{person.name}</h1>
      <dl className="row tavolo-meta">
        {person.organization && (
          <>
            <dt className="col-sm-3">{t("people.organization")}</dt>
            <dd className="col-sm-9">
              <Link to={`/organizations/${person.organization.id}`}>{person.organization.name}</Link>
            </dd>
          </>
        )}
        {person.email && (
          <>
            <dt className="col-sm-3">{t("people.email")}</dt>
            <dd className="col-sm-9">
              <a href={`mailto:${person.email}`}>{person.email}</a>
            </dd>
          </>
        )}
        <dt className="col-sm-3">{t("people.instanceRole")}</dt>
        <dd className="col-sm-9">{label(person.instanceRole)}</dd>
      </dl>
      <section>
        <h2 className="h4">{t("people.memberships")}</h2>
        {person.memberships.length === 0 ? (
          <p>{t("common.none")}</p>
        ) : (
          <ul>
            {person.memberships.map((membership) => (
              <li key={membership.id}>
                {label(membership.role)}
                {membership.delegateKind && ` (${label(membership.delegateKind).toLowerCase()})`}
                {membership.table && (
                  <>
                    {" — "}
                    <Link to={`/tables/${membership.table.id}`}>{membership.table.name}</Link>
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}
