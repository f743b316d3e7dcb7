// One questionnaire (/questionnaires/:id): for whoever runs its table the settings, the questions while it is
// prepared, opening and closing, the public link and the results; for those asked, the answer form.
import { Badge, Button } from "design-react-kit";
import { Link, useParams } from "react-router-dom";
import { useMutation, useQuery } from "urql";
import { ConfirmButton } from "../../components/ConfirmButton";
import { FieldError } from "../../components/FieldError";
import { Loading, QueryError } from "../../components/Status";
import { graphql } from "../../gql";
import type { QuestionnairePageQuery } from "../../gql/graphql";
import { useI18n } from "../../i18n";
import { AnswerForm } from "./AnswerForm";
import { Builder } from "./Builder";
import { Results } from "./Results";
import { Settings } from "./Settings";

export type QuestionnaireData = NonNullable<QuestionnairePageQuery["questionnaire"]>;

const QuestionnairePageDocument = graphql(`
  query QuestionnairePage($id: ID!) {
    questionnaire(id: $id) {
      id
      title
      description
      audience
      status
      endsAt
      perAddressLimit
      canManage
      canAnswer
      publicPath
      table {
        id
        name
      }
      organizations {
        id
        name
      }
      sections {
        id
        title
        description
        questions {
          id
          kind
          text
          help
          required
          scaleMin
          scaleMax
          numberMin
          numberMax
          options {
            id
            label
          }
        }
      }
      myAnswers {
        questionId
        optionId
        number
        text
      }
    }
  }
`);

const AnswerDocument = graphql(`
  mutation AnswerQuestionnaire($id: ID!, $answers: [AnswerFields!]!) {
    answerQuestionnaire(id: $id, answers: $answers) {
      id
    }
  }
`);

const OpenDocument = graphql(`
  mutation OpenQuestionnaire($id: ID!) {
    openQuestionnaire(id: $id) {
      id
    }
  }
`);

const CloseDocument = graphql(`
  mutation CloseQuestionnaire($id: ID!) {
    closeQuestionnaire(id: $id) {
      id
    }
  }
`);

export function QuestionnairePage() {
  const { id = "" } = useParams();
  const { t, date } = useI18n();
  const [{ data, error }, refetch] = useQuery({ query: QuestionnairePageDocument, variables: { id } });
  const [answered, answer] = useMutation(AnswerDocument);
  const [opened, open] = useMutation(OpenDocument);
  const [, close] = useMutation(CloseDocument);
  const reload = () => refetch({ requestPolicy: "network-only" });
  if (error) return <QueryError error={error} />;
  const questionnaire = data?.questionnaire;
  if (!questionnaire) return <Loading />;
  const draft = questionnaire.status === "DRAFT";
  return (
    <article>
      {questionnaire.table && (
        <p>
          <Link to={`/tables/${questionnaire.table.id}/questionnaires`}>{questionnaire.table.name}</Link>
        </p>
      )}
      <h1>{questionnaire.title}</h1>
      <p>
        <Badge color={questionnaire.status === "OPEN" ? "success" : "secondary"}>{t(`questionnaires.status.${questionnaire.status}`)}</Badge> {t(`questionnaires.audience.${questionnaire.audience}`)}
        {questionnaire.endsAt && ` · ${t("questionnaires.endsAt")} ${date(questionnaire.endsAt)}`}
      </p>
      {questionnaire.description && <p className="lead">{questionnaire.description}</p>}
      {questionnaire.canManage && questionnaire.publicPath && (
        <section className="mb-4">
          <h2 className="h5">{t("questionnaires.publicLink")}</h2>
          <p>
            <a href={questionnaire.publicPath} data-testid="public-link">
              {`${window.location.origin}${questionnaire.publicPath}`}
            </a>
          </p>
        </section>
      )}
      {questionnaire.canManage && (
        <div className="d-flex flex-wrap gap-2 mb-4">
          <FieldError error={opened.error} />
          {draft && (
            <Button
              color="success"
              disabled={opened.fetching}
              onClick={async () => {
                if (!window.confirm(t("questionnaires.openConfirm"))) return;
                if (!(await open({ id: questionnaire.id })).error) reload();
              }}
            >
              {t("questionnaires.open")}
            </Button>
          )}
          {questionnaire.status === "OPEN" && <ConfirmButton text={t("questionnaires.close")} name={questionnaire.title} question={t("questionnaires.closeConfirm")} run={() => close({ id: questionnaire.id })} onDone={reload} />}
        </div>
      )}
      {questionnaire.canAnswer && (
        <section className="mb-4">
          <h2 className="h4">{t("questionnaires.answerTitle")}</h2>
          <AnswerForm sections={questionnaire.sections} saved={questionnaire.myAnswers} busy={answered.fetching} error={answered.error} onSubmit={async (answers) => Boolean((await answer({ id: questionnaire.id, answers })).data)} />
        </section>
      )}
      {questionnaire.canManage && <Settings questionnaire={questionnaire} onSaved={reload} />}
      {questionnaire.canManage && draft && <Builder questionnaire={questionnaire} onSaved={reload} />}
      {questionnaire.canManage && !draft && <Results questionnaireId={questionnaire.id} tableId={questionnaire.table?.id ?? ""} />}
    </article>
  );
}
