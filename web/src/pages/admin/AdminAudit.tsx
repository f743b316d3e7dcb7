// The audit log for administrators: filtered by table, person, action, kind of record and dates, page by page, and
// exported as CSV with the same filters.
import { Button } from "design-react-kit";
import { useState, type FormEvent } from "react";
import { useQuery } from "urql";
import { Loading, QueryError, ScrollTable } from "../../components/Status";
import { graphql } from "../../gql";
import { useI18n } from "../../i18n";
import { SelectField, named } from "./fields";
import { Pager, useCursor } from "./Pager";

const AuditChoicesDocument = graphql(`
  query AuditChoices {
    tables(first: 100) {
      nodes {
        id
        name
      }
    }
    people(first: 100) {
      nodes {
        id
        name
        email
      }
    }
  }
`);

const AuditDocument = graphql(`
  query AdminAudit($tableId: ID, $personId: ID, $action: String, $entityType: String, $from: DateTime, $until: DateTime, $after: String) {
    auditEvents(tableId: $tableId, personId: $personId, action: $action, entityType: $entityType, from: $from, until: $until, first: 50, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        action
        entityType
        entityId
        summary
        createdAt
        actor {
          id
          name
        }
      }
    }
  }
`);

interface Filters {
  tableId: string;
  personId: string;
  action: string;
  entityType: string;
  from: string;
  until: string;
}

const NONE: Filters = { tableId: "", personId: "", action: "", entityType: "", from: "", until: "" };

/** A day typed in the form as the start of that day in the browser's zone, in RFC 3339. */
function dayStart(day: string): string | null {
  return day ? new Date(`${day}T00:00:00`).toISOString() : null;
}

export function AdminAudit() {
  const { t } = useI18n();
  const cursor = useCursor();
  const [draft, setDraft] = useState(NONE);
  const [filters, setFilters] = useState(NONE);
  const [choices] = useQuery({ query: AuditChoicesDocument });
  const variables = {
    tableId: filters.tableId || null,
    personId: filters.personId || null,
    action: filters.action.trim() || null,
    entityType: filters.entityType.trim() || null,
    from: dayStart(filters.from),
    until: dayStart(filters.until),
  };
  const [{ data, error }] = useQuery({ query: AuditDocument, variables: { ...variables, after: cursor.after } });
  const csv = new URLSearchParams(Object.entries(variables).filter((entry): entry is [string, string] => entry[1] !== null));

  function apply(event: FormEvent) {
    event.preventDefault();
    cursor.reset();
    setFilters(draft);
  }

  const input = (key: keyof Filters, caption: string, type = "text") => (
    <div className="col-md-4">
      <label htmlFor={`audit-${key}`} className="form-label">
        {caption}
      </label>
      <input id={`audit-${key}`} className="form-control" type={type} value={draft[key]} onChange={(e) => setDraft({ ...draft, [key]: e.target.value })} />
    </div>
  );

  return (
    <section>
      <h2 className="h3 mb-3">{t("admin.audit")}</h2>
      <form className="row g-2 align-items-end mb-3" onSubmit={apply} aria-label={t("admin.filters")}>
        <SelectField
          id="audit-table"
          label={t("admin.table")}
          value={draft.tableId}
          choices={named(choices.data?.tables.nodes ?? [])}
          empty={t("admin.anyTable")}
          onChange={(tableId) => setDraft({ ...draft, tableId })}
        />
        <SelectField
          id="audit-person"
          label={t("admin.person")}
          value={draft.personId}
          choices={(choices.data?.people.nodes ?? []).map((p) => ({ value: p.id, label: `${p.name} (${p.email})` }))}
          empty={t("common.none")}
          onChange={(personId) => setDraft({ ...draft, personId })}
        />
        {input("action", t("admin.action"))}
        {input("entityType", t("admin.entityType"))}
        {input("from", t("admin.from"), "date")}
        {input("until", t("admin.until"), "date")}
        <div className="col-12 d-flex gap-2">
          <Button color="primary" type="submit">
            {t("admin.apply")}
          </Button>
          <a className="btn btn-outline-primary" href={`/audit.csv?${csv.toString()}`} download>
            {t("admin.exportCsv")}
          </a>
        </div>
      </form>
      {error && <QueryError error={error} />}
      {!data && !error && <Loading />}
      {data && data.auditEvents.nodes.length === 0 && <p>{t("admin.noEvents")}</p>}
      {data && data.auditEvents.nodes.length > 0 && (
        <ScrollTable label={t("admin.audit")}>
          <table className="table table-sm" data-testid="audit-events">
            <thead>
              <tr>
                <th scope="col">{t("admin.from")}</th>
                <th scope="col">{t("admin.person")}</th>
                <th scope="col">{t("admin.action")}</th>
                <th scope="col">{t("admin.entityType")}</th>
                <th scope="col">{t("admin.description")}</th>
              </tr>
            </thead>
            <tbody>
              {data.auditEvents.nodes.map((event) => (
                <tr key={event.id}>
                  <td className="text-nowrap">{new Date(event.createdAt).toLocaleString()}</td>
                  <td>{event.actor?.name ?? t("admin.system")}</td>
                  <td>
                    <code>{event.action}</code>
                  </td>
                  <td>
                    {event.entityType} #{event.entityId}
                  </td>
                  <td>{event.summary}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
      {data && <Pager cursor={cursor} total={data.auditEvents.totalCount} hasNext={data.auditEvents.pageInfo.hasNextPage} endCursor={data.auditEvents.pageInfo.endCursor} />}
    </section>
  );
}
