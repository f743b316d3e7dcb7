// Questionnaires: those the reader runs or is asked to answer (/questionnaires), or one table's
// (/tables/:id/questionnaires), where whoever runs the table starts new ones.
import { Badge, Button, Input } from "design-react-kit";
import { useState, type FormEvent } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
import { useMutation, useQuery } from "urql";
import { useFormErrors } from "../../components/FormErrors";
import { Loading, QueryError } from "../../components/Status";
import { graphql } from "../../gql";
import { useI18n } from "../../i18n";
import { runsTable } from "../../components/roles";

const QuestionnairesDocument = graphql(`
  query Questionnaires($tableId: ID) {
    me {
      id
      instanceRole
    }
    questionnaires(tableId: $tableId) {
      id
      title
      status
      audience
      endsAt
      canAnswer
      table {
        id
        name
      }
    }
  }
`);

const QuestionnaireTableDocument = graphql(`
  query QuestionnaireTable($id: ID!) {
    table(id: $id) {
      id
      name
      myRoles
    }
  }
`);

const CreateQuestionnaireDocument = graphql(`
  mutation CreateQuestionnaire($tableId: ID!, $input: QuestionnaireFields!) {
    createQuestionnaire(tableId: $tableId, input: $input) {
      id
    }
  }
`);

export function Questionnaires() {
  const { id } = useParams();
  const { t, date } = useI18n();
  const [{ data, error }] = useQuery({ query: QuestionnairesDocument, variables: { tableId: id ?? null } });
  const [tableResult] = useQuery({ query: QuestionnaireTableDocument, variables: { id: id ?? "" }, pause: !id });
  if (error) return <QueryError error={error} />;
  if (tableResult.error) return <QueryError error={tableResult.error} />;
  if (!data || (id && !tableResult.data)) return <Loading />;
  const table = tableResult.data?.table;
  const runs = Boolean(table) && runsTable(data.me?.instanceRole, table?.myRoles ?? []);
  return (
    <article>
      {table && (
        <p>
          <Link to={`/tables/${table.id}`}>{table.name}</Link>
        </p>
      )}
      <h1>{table ? t("questionnaires.ofTable") : t("questionnaires.title")}</h1>
      <p className="lead">{t("questionnaires.intro")}</p>
      {data.questionnaires.length === 0 ? (
        <p>{t("questionnaires.none")}</p>
      ) : (
        <ul className="list-group mb-4">
          {data.questionnaires.map((q) => (
            <li key={q.id} className="list-group-item">
              <Link to={`/questionnaires/${q.id}`} className="fw-bold">
                {q.title}
              </Link>{" "}
              <Badge color={q.status === "OPEN" ? "success" : "secondary"}>{t(`questionnaires.status.${q.status}`)}</Badge>{" "}
              {q.canAnswer && <Badge color="primary">{t("questionnaires.toAnswer")}</Badge>}
              <div className="small text-muted">
                {!table && q.table && <>{q.table.name} · </>}
                {t(`questionnaires.audience.${q.audience}`)}
                {q.endsAt && ` · ${t("questionnaires.endsAt")} ${date(q.endsAt)}`}
              </div>
            </li>
          ))}
        </ul>
      )}
      {runs && id && <NewQuestionnaire tableId={id} />}
    </article>
  );
}

function NewQuestionnaire({ tableId }: { tableId: string }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [title, setTitle] = useState("");
  const [result, create] = useMutation(CreateQuestionnaireDocument);
  const errors = useFormErrors(result.error, { title: { id: "questionnaire-title", label: t("questionnaires.name") } });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const created = (await create({ tableId, input: { title } })).data?.createQuestionnaire;
    if (created) navigate(`/questionnaires/${created.id}`);
  };
  return (
    <section className="mb-4">
      <h2 className="h4">{t("questionnaires.new")}</h2>
      {errors.summary}
      <form onSubmit={submit} noValidate>
        <Input id="questionnaire-title" label={t("questionnaires.name")} value={title} onChange={(e) => setTitle(e.target.value)} {...errors.field("title")} />
        <Button color="primary" type="submit" disabled={result.fetching}>
          {t("questionnaires.create")}
        </Button>
      </form>
    </section>
  );
}
