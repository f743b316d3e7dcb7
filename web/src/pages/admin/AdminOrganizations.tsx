// Organizations in the administration: search, create, edit and (administrators) merge duplicates.
import { Button } from "design-react-kit";
import { useState, type FormEvent } from "react";
import { Link } from "react-router-dom";
import { useMutation, useQuery } from "urql";
import { FieldError } from "../../components/FieldError";
import { Loading, QueryError } from "../../components/Status";
import { graphql } from "../../gql";
import { useI18n } from "../../i18n";
import { useSession } from "../../session";
import { isAdmin } from "./choices";
import { SelectField, named } from "./fields";
import { EMPTY_ORGANIZATION, OrganizationForm, type OrganizationFields } from "./OrganizationForm";
import { Pager, useCursor } from "./Pager";

const AdminOrganizationsDocument = graphql(`
  query AdminOrganizations($search: String, $after: String) {
    organizations(search: $search, first: 25, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        name
        kind
        territory
        email
        phone
        website
      }
    }
    all: organizations(first: 100) {
      nodes {
        id
        name
      }
    }
  }
`);

const CreateOrganizationDocument = graphql(`
  mutation CreateOrganization($input: CreateOrganizationInput!) {
    createOrganization(input: $input) {
      id
    }
  }
`);

const UpdateOrganizationDocument = graphql(`
  mutation UpdateOrganization($id: ID!, $input: UpdateOrganizationInput!) {
    updateOrganization(id: $id, input: $input) {
      id
    }
  }
`);

const MergeDocument = graphql(`
  mutation MergeOrganizations($keptId: ID!, $duplicateId: ID!) {
    mergeOrganizations(keptId: $keptId, duplicateId: $duplicateId) {
      id
    }
  }
`);

function Merge({ organizations, onMerged }: { organizations: { id: string; name: string }[]; onMerged: () => void }) {
  const { t } = useI18n();
  const [kept, setKept] = useState("");
  const [duplicate, setDuplicate] = useState("");
  const [{ error, fetching }, merge] = useMutation(MergeDocument);
  const name = (id: string) => organizations.find((o) => o.id === id)?.name ?? "";

  async function submit(event: FormEvent) {
    event.preventDefault();
    const question = t("admin.confirmMerge").replace("{duplicate}", name(duplicate)).replace("{kept}", name(kept));
    if (!window.confirm(question)) return;
    const result = await merge({ keptId: kept, duplicateId: duplicate });
    if (result.error) return;
    setKept("");
    setDuplicate("");
    onMerged();
  }


  return (
    <section className="mt-5" aria-labelledby="merge-title">
      <h3 className="h4" id="merge-title">
        {t("admin.merge")}
      </h3>
      <p>{t("admin.mergeHelp")}</p>
      <FieldError error={error} />
      <form className="row g-3 align-items-end" onSubmit={submit}>
        <SelectField id="merge-kept" label={t("admin.kept")} column="col-md-5" required value={kept} choices={named(organizations)} empty={t("admin.choose")} onChange={setKept} />
        <SelectField
          id="merge-duplicate"
          label={t("admin.duplicate")}
          column="col-md-5"
          required
          value={duplicate}
          choices={named(organizations)}
          empty={t("admin.choose")}
          onChange={setDuplicate}
        />
        <div className="col-md-2">
          <Button color="danger" type="submit" disabled={fetching || !kept || !duplicate}>
            {t("admin.mergeSubmit")}
          </Button>
        </div>
      </form>
    </section>
  );
}

export function AdminOrganizations() {
  const { t, label } = useI18n();
  const { me } = useSession();
  const cursor = useCursor();
  const [search, setSearch] = useState("");
  const [applied, setApplied] = useState("");
  const [editing, setEditing] = useState<string | null>(null);
  const [{ data, error }, refetch] = useQuery({ query: AdminOrganizationsDocument, variables: { search: applied || null, after: cursor.after } });
  const [creation, create] = useMutation(CreateOrganizationDocument);
  const [edit, save] = useMutation(UpdateOrganizationDocument);
  const reload = () => refetch({ requestPolicy: "network-only" });
  if (error) return <QueryError error={error} />;
  if (!data) return <Loading />;

  const toInput = (fields: OrganizationFields) => ({ ...fields });
  return (
    <section>
      <h2 className="h3 mb-3">{t("admin.organizations")}</h2>
      <section className="mb-5" aria-labelledby="new-organization">
        <h3 className="h4" id="new-organization">
          {t("admin.newOrganization")}
        </h3>
        <FieldError error={creation.error} />
        <OrganizationForm
          idPrefix="new-organization"
          initial={EMPTY_ORGANIZATION}
          submitLabel={t("admin.create")}
          busy={creation.fetching}
          onSubmit={async (fields) => {
            const result = await create({ input: toInput(fields) });
            if (!result.error) reload();
            return !result.error;
          }}
        />
      </section>
      <form
        className="d-flex flex-wrap gap-2 mb-3"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          cursor.reset();
          setApplied(search);
        }}
      >
        <label htmlFor="organization-search" className="visually-hidden">
          {t("common.search")}
        </label>
        <input id="organization-search" className="form-control" type="search" placeholder={t("common.searchPlaceholder")} value={search} onChange={(e) => setSearch(e.target.value)} />
        <Button color="primary" type="submit">
          {t("common.search")}
        </Button>
      </form>
      <FieldError error={edit.error} />
      <ul className="list-group">
        {data.organizations.nodes.map((org) => (
          <li className="list-group-item" key={org.id}>
            {editing === org.id ? (
              <OrganizationForm
                idPrefix={`edit-${org.id}`}
                initial={{
                  name: org.name,
                  kind: org.kind,
                  territory: org.territory ?? "",
                  email: org.email ?? "",
                  phone: org.phone ?? "",
                  website: org.website ?? "",
                }}
                submitLabel={t("common.save")}
                busy={edit.fetching}
                onCancel={() => setEditing(null)}
                onSubmit={async (fields) => {
                  const result = await save({ id: org.id, input: toInput(fields) });
                  if (!result.error) {
                    setEditing(null);
                    reload();
                  }
                  return !result.error;
                }}
              />
            ) : (
              <div className="d-flex flex-wrap justify-content-between align-items-center gap-2">
                <div>
                  <Link to={`/organizations/${org.id}`} className="fw-semibold">
                    {org.name}
                  </Link>
                  <div className="small text-muted">
                    {label(org.kind)}
                    {org.territory ? ` · ${org.territory}` : ""}
                  </div>
                </div>
                <Button size="xs" color="primary" outline aria-label={`${t("admin.edit")}: ${org.name}`} onClick={() => setEditing(org.id)}>
                  {t("admin.edit")}
                </Button>
              </div>
            )}
          </li>
        ))}
      </ul>
      <Pager cursor={cursor} total={data.organizations.totalCount} hasNext={data.organizations.pageInfo.hasNextPage} endCursor={data.organizations.pageInfo.endCursor} />
      {isAdmin(me) && <Merge organizations={data.all.nodes} onMerged={reload} />}
    </section>
  );
}
