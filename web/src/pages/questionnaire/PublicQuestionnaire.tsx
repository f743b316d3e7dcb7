// A public questionnaire through its link (/q/:token), for anyone, signed in or not: the questions, and once sent a
// key kept in this browser so the same person can change their answers until it closes.
import { useState } from "react";
import { useParams } from "react-router-dom";
import { useMutation, useQuery } from "urql";
import { Loading, QueryError } from "../../components/Status";
import { graphql } from "../../gql";
import { useI18n } from "../../i18n";
import { AnswerForm } from "./AnswerForm";

const PublicQuestionnaireDocument = graphql(`
  query PublicQuestionnaire($token: String!, $key: String!, $withKey: Boolean!) {
    publicQuestionnaire(token: $token) {
      title
      description
      endsAt
      open
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
      answers(responseKey: $key) @include(if: $withKey) {
        questionId
        optionId
        number
        text
      }
    }
  }
`);

const AnswerPublicDocument = graphql(`
  mutation AnswerPublicQuestionnaire($token: String!, $responseKey: String, $answers: [AnswerFields!]!) {
    answerPublicQuestionnaire(token: $token, responseKey: $responseKey, answers: $answers) {
      responseKey
    }
  }
`);

const storageKey = (token: string) => `tavolo.questionnaire.${token}`;

export function PublicQuestionnaire() {
  const { token = "" } = useParams();
  const { t, date } = useI18n();
  const [key, setKey] = useState(() => window.localStorage.getItem(storageKey(token)) ?? "");
  const [{ data, error }] = useQuery({ query: PublicQuestionnaireDocument, variables: { token, key, withKey: key !== "" } });
  const [sent, send] = useMutation(AnswerPublicDocument);
  if (error) return <QueryError error={error} />;
  const questionnaire = data?.publicQuestionnaire;
  if (!questionnaire) return <Loading />;
  return (
    <article>
      <h1>{questionnaire.title}</h1>
      {questionnaire.description && <p className="lead">{questionnaire.description}</p>}
      {questionnaire.endsAt && (
        <p>
          {t("questionnaires.endsAt")} {date(questionnaire.endsAt)}
        </p>
      )}
      {!questionnaire.open ? (
        <p className="alert alert-info">{t("questionnaires.closed")}</p>
      ) : (
        <AnswerForm
          sections={questionnaire.sections}
          saved={questionnaire.answers ?? []}
          busy={sent.fetching}
          error={sent.error}
          onSubmit={async (answers) => {
            const saved = (await send({ token, responseKey: key || null, answers })).data?.answerPublicQuestionnaire;
            if (!saved) return false;
            window.localStorage.setItem(storageKey(token), saved.responseKey);
            if (saved.responseKey !== key) setKey(saved.responseKey);
            return true;
          }}
        />
      )}
    </article>
  );
}
