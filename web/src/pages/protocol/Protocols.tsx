// A table's operational protocols (/tables/:id/protocols): each with its version in force, its signatures and an open
// draft; whoever runs the table starts new ones here.
import { Badge, Button, Input } from "design-react-kit";
import { useState, type FormEvent } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
import { useMutation, useQuery } from "urql";
import { useFormErrors } from "../../components/FormErrors";
import { Loading, QueryError } from "../../components/Status";
import { graphql } from "../../gql";
import { useI18n } from "../../i18n";
import { runsTable } from "../../components/roles";

const ProtocolsDocument = graphql(`
  query Protocols($tableId: ID!) {
    me {
      id
      instanceRole
    }
    table(id: $tableId) {
      id
      name
      myRoles
    }
    protocols(tableId: $tableId) {
      id
      title
      inForce {
        id
        number
        inForceFrom
        signatories {
          signed
        }
      }
      draft {
        id
        number
      }
    }
  }
`);

const CreateProtocolDocument = graphql(`
  mutation CreateProtocol($tableId: ID!, $title: String!) {
    createProtocol(tableId: $tableId, title: $title) {
      id
    }
  }
`);

export function Protocols() {
  const { id = "" } = useParams();
  const { t, date } = useI18n();
  const [{ data, error }] = useQuery({ query: ProtocolsDocument, variables: { tableId: id } });
  if (error) return <QueryError error={error} />;
  if (!data) return <Loading />;
  const runs = runsTable(data.me?.instanceRole, data.table.myRoles);
  return (
    <article>
      <p>
        <Link to={`/tables/${data.table.id}`}>{data.table.name}</Link>
      </p>
      <h1>{t("protocols.title")}</h1>
      <p className="lead">{t("protocols.intro")}</p>
      {data.protocols.length === 0 ? (
        <p>{t("protocols.none")}</p>
      ) : (
        <ul className="list-group mb-4">
          {data.protocols.map((protocol) => {
            const signatories = protocol.inForce?.signatories ?? [];
            return (
              <li key={protocol.id} className="list-group-item">
                <Link to={`/protocols/${protocol.id}`} className="fw-bold">
                  {protocol.title}
                </Link>{" "}
                {protocol.draft && <Badge color="secondary">{t("protocols.draftOpen")}</Badge>}
                <div className="small text-muted">
                  {protocol.inForce ? (
                    <>
                      {t("protocols.version").replace("{n}", String(protocol.inForce.number))} · {t("protocols.inForceFrom")} {date(protocol.inForce.inForceFrom ?? "")} ·{" "}
                      {t("protocols.signedOf")
                        .replace("{n}", String(signatories.filter((s) => s.signed).length))
                        .replace("{total}", String(signatories.length))}
                    </>
                  ) : (
                    t("protocols.notInForce")
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {runs && <NewProtocol tableId={id} />}
    </article>
  );
}

function NewProtocol({ tableId }: { tableId: string }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [title, setTitle] = useState("");
  const [result, create] = useMutation(CreateProtocolDocument);
  const errors = useFormErrors(result.error, { title: { id: "protocol-title", label: t("protocols.name") } });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const created = (await create({ tableId, title })).data?.createProtocol;
    if (created) navigate(`/protocols/${created.id}`);
  };
  return (
    <section className="mb-4">
      <h2 className="h4">{t("protocols.new")}</h2>
      {errors.summary}
      <form onSubmit={submit} noValidate>
        <Input id="protocol-title" label={t("protocols.name")} value={title} onChange={(e) => setTitle(e.target.value)} {...errors.field("title")} />
        <Button color="primary" type="submit" disabled={result.fetching}>
          {t("protocols.create")}
        </Button>
      </form>
    </section>
  );
}
