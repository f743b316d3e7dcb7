// One organization: its contacts and, for signed-in users, its people.
import { Link, useParams } from "react-router-dom";
import { useQuery } from "urql";
import { Loading, QueryError } from "../components/Status";
import { graphql } from "../gql";
import { useI18n } from "../i18n";
import { useSession } from "../session";

const OrganizationDetailDocument = graphql(`
  query OrganizationDetail($id: ID!) {
    organization(id: $id) {
      id
      name
      kind
      territory
      email
      phone
      website
      people {
        id
        name
      }
    }
  }
`);

export function OrganizationDetail() {
  const { id = "" } = useParams();
  const { t, label } = useI18n();
  const { me } = useSession();
  const [{ data, fetching, error }] = useQuery({ query: OrganizationDetailDocument, variables: { id } });
  if (error) return <QueryError error={error} />;
  const organization = data?.organization;
  if (fetching && !organization) return <Loading />;
  if (!organization) return <Loading />;
  return (
    <article>
      <h1>{organization.name}</h1>
      <dl className="row tavolo-meta">
        <dt className="col-sm-3">{t("organizations.kind")}</dt>
        <dd className="col-sm-9">{label(organization.kind)}</dd>
        {organization.territory && (
          <>
            <dt className="col-sm-3">{t("tables.territory")}</dt>
            <dd className="col-sm-9">{organization.territory}</dd>
          </>
        )}
        {organization.email && (
          <>
            <dt className="col-sm-3">{t("organizations.email")}</dt>
            <dd className="col-sm-9">
              <a href={`mailto:${organization.email}`}>{organization.email}</a>
            </dd>
          </>
        )}
        {organization.phone && (
          <>
            <dt className="col-sm-3">{t("organizations.phone")}</dt>
            <dd className="col-sm-9">{organization.phone}</dd>
          </>
        )}
        {organization.website && (
          <>
            <dt className="col-sm-3">{t("organizations.website")}</dt>
            <dd className="col-sm-9">
              <a href={organization.website} rel="noreferrer noopener">
                {organization.website}
              </a>
            </dd>
          </>
        )}
      </dl>
      {me && (
        <section>
          <h2 className="h4">{t("organizations.people")}</h2>
          {organization.people.length === 0 ? (
            <p>{t("common.none")}</p>
          ) : (
            <ul>
              {organization.people.map((person) => (
                <li key={person.id}>
                  <Link to={`/people/${person.id}`}>{person.name}</Link>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </article>
  );
}
