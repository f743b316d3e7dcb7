// Proposing a good practice, and editing one: the record's form; a new practice starts as a draft the author submits.
import { useNavigate, useParams } from "react-router-dom";
import { useMutation, useQuery } from "urql";
import { Loading, QueryError } from "../components/Status";
import { graphql } from "../gql";
import { useI18n } from "../i18n";
import { EMPTY_PRACTICE, PracticeForm, practiceFields, practiceValues, type PracticeValues } from "./PracticeForm";

const CreatePracticeDocument = graphql(`
  mutation CreatePractice($input: PracticeFields!) {
    createPractice(input: $input) {
      id
    }
  }
`);

const EditablePracticeDocument = graphql(`
  query EditablePractice($id: ID!) {
    practice(id: $id) {
      id
      version
      title
      summary
      body
      themes
      targetGroups
      region
      territory
      language
      startDate
      endDate
      practiceState
      evaluation
      funding
      projectCode
      results
      transferability
      contactName
      contactEmail
      visibility
      keywords
      peopleReached
      budgetEuros
      partners
      lessonsLearned
      sustainability
      materialsLicence
      organization {
        id
      }
      indicators {
        name
        unit
        baseline
        target
        achieved
        source
      }
    }
  }
`);

const UpdatePracticeDocument = graphql(`
  mutation UpdatePractice($id: ID!, $version: Int!, $input: PracticeFields!) {
    updatePractice(id: $id, expectedVersion: $version, input: $input) {
      id
      version
    }
  }
`);

export function PracticeNew() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [{ error, fetching }, create] = useMutation(CreatePracticeDocument);
  async function save(values: PracticeValues) {
    const result = await create({ input: practiceFields(values) });
    if (result.data) navigate(`/practices/${result.data.createPractice.id}`);
  }
  return (
    <section>
      <h1 className="mb-4">{t("practices.new")}</h1>
      <PracticeForm initial={EMPTY_PRACTICE} submitLabel={t("practices.saveDraft")} saving={fetching} error={error} onSave={save} />
    </section>
  );
}

export function PracticeEdit() {
  const { id = "" } = useParams();
  const { t } = useI18n();
  const navigate = useNavigate();
  const [{ data, fetching, error }] = useQuery({ query: EditablePracticeDocument, variables: { id }, requestPolicy: "network-only" });
  const [saved, update] = useMutation(UpdatePracticeDocument);
  if (error) return <QueryError error={error} />;
  const practice = data?.practice;
  if (fetching || !practice) return <Loading />;
  const initial = practiceValues(practice);
  const version = practice.version;
  async function save(values: PracticeValues) {
    const result = await update({ id, version, input: practiceFields(values) });
    if (result.data) navigate(`/practices/${id}`);
  }
  return (
    <section>
      <h1 className="mb-4">
        {t("practices.edit")}: {practice.title}
      </h1>
      <PracticeForm initial={initial} submitLabel={t("practices.save")} saving={saved.fetching} error={saved.error} onSave={save} />
    </section>
  );
}
