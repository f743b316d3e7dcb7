// The good practices a protocol refers to: links for its readers, linking and unlinking for whoever drafts it.
import { Button } from "design-react-kit";
import { useState, type FormEvent } from "react";
import { Link } from "react-router-dom";
import { useMutation, useQuery } from "urql";
import { ConfirmButton } from "../../components/ConfirmButton";
import { FieldError } from "../../components/FieldError";
import { graphql } from "../../gql";
import { useI18n } from "../../i18n";
import type { ProtocolData } from "./ProtocolPage";

const PracticeChoicesDocument = graphql(`
  query ProtocolPracticeChoices {
    practices(first: 100) {
      items {
        id
        title
      }
    }
  }
`);

const LinkPracticeDocument = graphql(`
  mutation LinkProtocolPractice($protocolId: ID!, $practiceId: ID!) {
    linkProtocolPractice(protocolId: $protocolId, practiceId: $practiceId) {
      id
    }
  }
`);

const UnlinkPracticeDocument = graphql(`
  mutation UnlinkProtocolPractice($protocolId: ID!, $practiceId: ID!) {
    unlinkProtocolPractice(protocolId: $protocolId, practiceId: $practiceId) {
      id
    }
  }
`);

export function ProtocolPractices({ protocol, onChange }: { protocol: ProtocolData; onChange: () => void }) {
  const { t } = useI18n();
  const [{ data }] = useQuery({ query: PracticeChoicesDocument, pause: !protocol.canEdit });
  const [linked, link] = useMutation(LinkPracticeDocument);
  const [unlinked, unlink] = useMutation(UnlinkPracticeDocument);
  const [choice, setChoice] = useState("");
  const linkedIds = new Set(protocol.practices.map((p) => p.id));
  const choices = (data?.practices.items ?? []).filter((p) => !linkedIds.has(p.id));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!choice) return;
    if ((await link({ protocolId: protocol.id, practiceId: choice })).data) {
      setChoice("");
      onChange();
    }
  };
  if (!protocol.canEdit && protocol.practices.length === 0) return null;
  return (
    <>
      <h3 className="h5">{t("protocols.practices")}</h3>
      <FieldError error={unlinked.error} />
      <ul>
        {protocol.practices.map((practice) => (
          <li key={practice.id}>
            <Link to={`/practices/${practice.id}`}>{practice.title}</Link>
            {protocol.canEdit && (
              <ConfirmButton
                className="ms-2"
                text={t("protocols.unlink")}
                name={practice.title}
                question={t("protocols.unlink")}
                run={() => unlink({ protocolId: protocol.id, practiceId: practice.id })}
                onDone={onChange}
              />
            )}
          </li>
        ))}
      </ul>
      {protocol.canEdit && choices.length > 0 && (
        <form onSubmit={submit} className="d-flex flex-wrap gap-2 align-items-end" noValidate>
          <FieldError error={linked.error} />
          <div className="select-wrapper">
            <label htmlFor="protocol-practice">{t("protocols.choosePractice")}</label>
            <select id="protocol-practice" value={choice} onChange={(e) => setChoice(e.target.value)}>
              <option value="">—</option>
              {choices.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.title}
                </option>
              ))}
            </select>
          </div>
          <Button color="primary" size="sm" type="submit" disabled={!choice || linked.fetching}>
            {t("protocols.link")}
          </Button>
        </form>
      )}
    </>
  );
}
