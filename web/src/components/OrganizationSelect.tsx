// Choosing an organization from the directory: a plain select, with "none" when the choice is optional.
import { useQuery } from "urql";
import { graphql } from "../gql";
import { useI18n } from "../i18n";

const OrganizationChoicesDocument = graphql(`
  query OrganizationChoices {
    organizations(first: 100) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);

export function OrganizationSelect({ id, label, value, onChange, invalid }: { id: string; label: string; value: string; onChange: (id: string) => void; invalid?: string }) {
  const { t } = useI18n();
  const [{ data }] = useQuery({ query: OrganizationChoicesDocument });
  return (
    <div className="select-wrapper mb-3">
      <label htmlFor={id}>{label}</label>
      <select id={id} className={invalid ? "is-invalid" : undefined} aria-invalid={invalid ? true : undefined} aria-describedby={invalid ? `${id}-error` : undefined} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t("practices.noOrganization")}</option>
        {data?.organizations.edges.map(({ node: o }) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </select>
      {invalid && (
        <div id={`${id}-error`} className="invalid-feedback d-block">
          {invalid}
        </div>
      )}
    </div>
  );
}
