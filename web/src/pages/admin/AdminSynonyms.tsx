// The search synonyms: one group of interchangeable terms per line.
import { Button } from "design-react-kit";
import { useEffect, useState, type FormEvent } from "react";
import { useMutation, useQuery } from "urql";
import { FieldError } from "../../components/FieldError";
import { Loading, QueryError, Notice } from "../../components/Status";
import { graphql } from "../../gql";
import { useI18n } from "../../i18n";

const SynonymsDocument = graphql(`
  query SearchSynonyms {
    searchSynonyms
  }
`);

const SetSynonymsDocument = graphql(`
  mutation SetSearchSynonyms($groups: [[String!]!]!) {
    setSearchSynonyms(groups: $groups)
  }
`);

export function AdminSynonyms() {
  const { t } = useI18n();
  const [{ data, error }] = useQuery({ query: SynonymsDocument, requestPolicy: "network-only" });
  const [saving, save] = useMutation(SetSynonymsDocument);
  const [text, setText] = useState("");
  useEffect(() => {
    if (data) setText(data.searchSynonyms.map((group) => group.join(", ")).join("\n"));
  }, [data]);
  if (error) return <QueryError error={error} />;
  if (!data) return <Loading />;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const groups = text
      .split("\n")
      .map((line) => line.split(",").map((term) => term.trim()).filter(Boolean))
      .filter((group) => group.length > 0);
    const result = await save({ groups });
    if (result.data) setText(result.data.setSearchSynonyms.map((group) => group.join(", ")).join("\n"));
  }

  return (
    <section>
      <h2 className="h3 mb-3">{t("admin.synonyms")}</h2>
      <FieldError error={saving.error} />
      {saving.data && !saving.error && (
        <Notice color="success">
          {t("common.saved")}
        </Notice>
      )}
      <form onSubmit={submit}>
        <label htmlFor="synonyms" className="form-label">
          {t("admin.synonymGroups")}
        </label>
        <textarea id="synonyms" className="form-control mb-2" rows={10} aria-describedby="synonyms-help" value={text} onChange={(e) => setText(e.target.value)} />
        <div id="synonyms-help" className="form-text mb-3">
          {t("admin.synonymsHelp")}
        </div>
        <Button color="primary" type="submit" disabled={saving.fetching}>
          {t("common.save")}
        </Button>
      </form>
    </section>
  );
}
