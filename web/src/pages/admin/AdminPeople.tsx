// People as administrators and tables' runners manage them: search and filter (organization, role, account state),
// invite, send an invitation again or withdraw it, and (administrators) change the platform role, deactivate and
// reactivate.
import { Badge, Button } from "design-react-kit";
import { useState, type FormEvent } from "react";
import { Link } from "react-router-dom";
import { useMutation, useQuery } from "urql";
import { FieldError } from "../../components/FieldError";
import { Loading, QueryError, ScrollTable } from "../../components/Status";
import { graphql } from "../../gql";
import type { AccountState, AdminPeopleQuery, InstanceRole } from "../../gql/graphql";
import { useI18n } from "../../i18n";
import { useSession } from "../../session";
import { ACCOUNT_STATES, INSTANCE_ROLES, isAdmin } from "./choices";
import { SelectField, named, useLabelled } from "./fields";
import { InvitePerson } from "./InvitePerson";
import { Pager, useCursor } from "./Pager";

const AdminPeopleDocument = graphql(`
  query AdminPeople($search: String, $organizationId: ID, $instanceRole: InstanceRole, $accountState: AccountState, $after: String) {
    people(search: $search, organizationId: $organizationId, instanceRole: $instanceRole, accountState: $accountState, first: 25, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        name
        email
        instanceRole
        accountState
        organization {
          id
          name
        }
      }
    }
    organizations(first: 100) {
      nodes {
        id
        name
      }
    }
  }
`);

const ResendDocument = graphql(`
  mutation ResendAccountInvitation($personId: ID!) {
    resendAccountInvitation(personId: $personId) {
      id
    }
  }
`);

const WithdrawDocument = graphql(`
  mutation WithdrawAccountInvitation($personId: ID!) {
    withdrawAccountInvitation(personId: $personId) {
      id
    }
  }
`);

const UpdateAccountDocument = graphql(`
  mutation UpdateAccount($id: ID!, $input: UpdatePersonInput!) {
    updatePerson(id: $id, input: $input) {
      id
      instanceRole
      active
      accountState
    }
  }
`);

type Row = AdminPeopleQuery["people"]["nodes"][number];

const STATE_COLOR: Record<AccountState, string> = {
  ACTIVE: "success",
  INVITED: "info",
  NOT_ACTIVATED: "warning",
  DEACTIVATED: "secondary",
};

interface Filters {
  search: string;
  organizationId: string;
  instanceRole: string;
  accountState: string;
}

export function AdminPeople() {
  const { t, label } = useI18n();
  const labelled = useLabelled();
  const { me } = useSession();
  const admin = isAdmin(me);
  const cursor = useCursor();
  const [draft, setDraft] = useState<Filters>({ search: "", organizationId: "", instanceRole: "", accountState: "" });
  const [filters, setFilters] = useState<Filters>(draft);
  const [{ data, error }, refetch] = useQuery({
    query: AdminPeopleDocument,
    variables: {
      search: filters.search || null,
      organizationId: filters.organizationId || null,
      instanceRole: (filters.instanceRole || null) as InstanceRole | null,
      accountState: (filters.accountState || null) as AccountState | null,
      after: cursor.after,
    },
    requestPolicy: "cache-and-network",
  });
  const [resending, resend] = useMutation(ResendDocument);
  const [withdrawing, withdraw] = useMutation(WithdrawDocument);
  const [updating, update] = useMutation(UpdateAccountDocument);
  const [done, setDone] = useState(false);
  const reload = () => refetch({ requestPolicy: "network-only" });
  const act = async (run: () => Promise<{ error?: unknown }>) => {
    setDone(false);
    const result = await run();
    setDone(!result.error);
    reload();
  };

  function apply(event: FormEvent) {
    event.preventDefault();
    cursor.reset();
    setFilters(draft);
  }

  if (error) return <QueryError error={error} />;
  if (!data) return <Loading />;
  const organizations = data.organizations.nodes;

  const actions = (person: Row) => (
    <div className="d-flex flex-wrap gap-2">
      {(person.accountState === "INVITED" || person.accountState === "NOT_ACTIVATED") && (
        <Button size="xs" color="primary" outline onClick={() => act(() => resend({ personId: person.id }))}>
          {t("admin.resend")}
        </Button>
      )}
      {person.accountState === "INVITED" && (
        <Button
          size="xs"
          color="danger"
          outline
          onClick={() => {
            if (window.confirm(t("admin.confirmWithdraw").replace("{name}", person.name))) act(() => withdraw({ personId: person.id }));
          }}
        >
          {t("admin.withdraw")}
        </Button>
      )}
      {admin && person.id !== me?.id && person.accountState !== "DEACTIVATED" && (
        <Button
          size="xs"
          color="danger"
          outline
          onClick={() => {
            if (window.confirm(t("admin.confirmDeactivate").replace("{name}", person.name))) act(() => update({ id: person.id, input: { active: false } }));
          }}
        >
          {t("admin.deactivate")}
        </Button>
      )}
      {admin && person.accountState === "DEACTIVATED" && (
        <Button size="xs" color="primary" outline onClick={() => act(() => update({ id: person.id, input: { active: true } }))}>
          {t("admin.reactivate")}
        </Button>
      )}
    </div>
  );

  return (
    <section>
      <h2 className="h3 mb-3">{t("admin.people")}</h2>
      <InvitePerson organizations={organizations} canGiveRoles={admin} onInvited={reload} />
      <form className="row g-2 align-items-end mb-3" onSubmit={apply} aria-label={t("admin.filters")}>
        <div className="col-md-3">
          <label htmlFor="people-search" className="form-label">
            {t("common.search")}
          </label>
          <input id="people-search" className="form-control" type="search" value={draft.search} onChange={(e) => setDraft({ ...draft, search: e.target.value })} />
        </div>
        <SelectField
          id="people-organization"
          label={t("people.organization")}
          column="col-md-3"
          value={draft.organizationId}
          choices={named(organizations)}
          empty={t("admin.anyOrganization")}
          onChange={(organizationId) => setDraft({ ...draft, organizationId })}
        />
        <SelectField
          id="people-role"
          label={t("people.instanceRole")}
          column="col-md-2"
          value={draft.instanceRole}
          choices={labelled(INSTANCE_ROLES)}
          empty={t("admin.anyRole")}
          onChange={(instanceRole) => setDraft({ ...draft, instanceRole })}
        />
        <SelectField
          id="people-state"
          label={t("admin.state")}
          column="col-md-2"
          value={draft.accountState}
          choices={labelled(ACCOUNT_STATES)}
          empty={t("admin.anyState")}
          onChange={(accountState) => setDraft({ ...draft, accountState })}
        />
        <div className="col-md-2">
          <Button color="primary" type="submit">
            {t("admin.apply")}
          </Button>
        </div>
      </form>
      <FieldError error={resending.error ?? withdrawing.error ?? updating.error} />
      {done && (
        <p role="status" className="text-success">
          {t("admin.done")}
        </p>
      )}
      {data.people.nodes.length === 0 ? (
        <p>{t("people.empty")}</p>
      ) : (
        <ScrollTable label={t("admin.people")}>
          <table className="table align-middle" data-testid="admin-people">
            <thead>
              <tr>
                <th scope="col">{t("admin.person")}</th>
                <th scope="col">{t("people.organization")}</th>
                <th scope="col">{t("admin.state")}</th>
                <th scope="col">{t("people.instanceRole")}</th>
                <th scope="col">{t("common.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {data.people.nodes.map((person) => (
                <tr key={person.id}>
                  <td>
                    <Link to={`/people/${person.id}`}>{person.name}</Link>
                    <div className="small text-muted">{person.email}</div>
                  </td>
                  <td>{person.organization?.name ?? "—"}</td>
                  <td>{person.accountState && <Badge color={STATE_COLOR[person.accountState]}>{label(person.accountState)}</Badge>}</td>
                  <td>
                    {admin && person.id !== me?.id ? (
                      <select
                        className="form-select form-select-sm"
                        aria-label={t("admin.changeRole").replace("{name}", person.name)}
                        value={person.instanceRole ?? "USER"}
                        onChange={(e) => act(() => update({ id: person.id, input: { instanceRole: e.target.value as InstanceRole } }))}
                      >
                        {INSTANCE_ROLES.map((role) => (
                          <option key={role} value={role}>
                            {label(role)}
                          </option>
                        ))}
                      </select>
                    ) : (
                      label(person.instanceRole)
                    )}
                  </td>
                  <td>{actions(person)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
      <Pager cursor={cursor} total={data.people.totalCount} hasNext={data.people.pageInfo.hasNextPage} endCursor={data.people.pageInfo.endCursor} />
    </section>
  );
}
