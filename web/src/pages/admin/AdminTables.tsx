// Tables and working groups in the administration: create, edit (description, kind, parent, visibility, quorum) and
// end.
import { Badge, Button } from "design-react-kit";
import { useState } from "react";
import { Link } from "react-router-dom";
import { useMutation, useQuery } from "urql";
import { ConfirmButton } from "../../components/ConfirmButton";
import { FieldError } from "../../components/FieldError";
import { Loading, QueryError } from "../../components/Status";
import { graphql } from "../../gql";
import { useI18n } from "../../i18n";
import { EMPTY_TABLE, TableForm, type TableFields } from "./TableForm";

const AdminTablesDocument = graphql(`
  query AdminTables {
    tables(first: 100) {
      totalCount
      nodes {
        id
        name
        kind
        territory
        description
        visibility
        quorumPercent
        endedAt
        parent {
          id
          name
        }
      }
    }
  }
`);

const CreateTableDocument = graphql(`
  mutation CreateTable($input: CreateTableInput!) {
    createTable(input: $input) {
      id
    }
  }
`);

const UpdateTableDocument = graphql(`
  mutation UpdateTable($id: ID!, $input: UpdateTableInput!) {
    updateTable(id: $id, input: $input) {
      id
    }
  }
`);

const EndTableDocument = graphql(`
  mutation EndTable($id: ID!) {
    endTable(id: $id) {
      id
      endedAt
    }
  }
`);

function toInput(fields: TableFields) {
  return {
    name: fields.name,
    kind: fields.kind,
    territory: fields.territory,
    description: fields.description,
    parentId: fields.parentId || null,
    visibility: fields.visibility,
    quorumPercent: Number.parseInt(fields.quorumPercent, 10),
  };
}

export function AdminTables() {
  const { t, label, date } = useI18n();
  const [{ data, error }, refetch] = useQuery({ query: AdminTablesDocument });
  const [creation, create] = useMutation(CreateTableDocument);
  const [edit, save] = useMutation(UpdateTableDocument);
  const [ending, end] = useMutation(EndTableDocument);
  const [editing, setEditing] = useState<string | null>(null);
  const reload = () => refetch({ requestPolicy: "network-only" });
  if (error) return <QueryError error={error} />;
  if (!data) return <Loading />;
  const tables = data.tables.nodes;
  const parents = tables.filter((table) => !table.endedAt).map(({ id, name }) => ({ id, name }));

  return (
    <section>
      <h2 className="h3 mb-3">{t("admin.tables")}</h2>
      <section className="mb-5" aria-labelledby="new-table">
        <h3 className="h4" id="new-table">
          {t("admin.newTable")}
        </h3>
        <FieldError error={creation.error} />
        <TableForm
          idPrefix="new-table"
          initial={EMPTY_TABLE}
          parents={parents}
          submitLabel={t("admin.create")}
          busy={creation.fetching}
          onSubmit={async (fields) => {
            const result = await create({ input: toInput(fields) });
            if (!result.error) reload();
            return !result.error;
          }}
        />
      </section>
      <FieldError error={edit.error ?? ending.error} />
      <ul className="list-group">
        {tables.map((table) => (
          <li className="list-group-item" key={table.id}>
            {editing === table.id ? (
              <TableForm
                idPrefix={`edit-${table.id}`}
                initial={{
                  name: table.name,
                  kind: table.kind,
                  territory: table.territory ?? "",
                  description: table.description ?? "",
                  parentId: table.parent?.id ?? "",
                  visibility: table.visibility,
                  quorumPercent: String(table.quorumPercent),
                }}
                parents={parents.filter((p) => p.id !== table.id)}
                submitLabel={t("common.save")}
                busy={edit.fetching}
                onCancel={() => setEditing(null)}
                onSubmit={async (fields) => {
                  const result = await save({ id: table.id, input: toInput(fields) });
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
                  <Link to={`/tables/${table.id}`} className="fw-semibold">
                    {table.name}
                  </Link>{" "}
                  {table.endedAt && <Badge color="secondary">{t("admin.ended").replace("{date}", date(table.endedAt))}</Badge>}
                  <div className="small text-muted">
                    {label(table.kind)} · {label(table.visibility)}
                    {table.parent ? ` · ${t("admin.parent")}: ${table.parent.name}` : ""}
                  </div>
                </div>
                {!table.endedAt && (
                  <div className="d-flex flex-wrap gap-2">
                    <Button size="xs" color="primary" outline aria-label={`${t("admin.edit")}: ${table.name}`} onClick={() => setEditing(table.id)}>
                      {t("admin.edit")}
                    </Button>
                    <ConfirmButton
                      text={t("admin.end")}
                      name={table.name}
                      question={t("admin.confirmEnd").replace("{name}", table.name)}
                      run={() => end({ id: table.id })}
                      onDone={reload}
                    />
                  </div>
                )}
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
