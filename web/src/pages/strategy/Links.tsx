// An element's links to the table's decisions, agenda items and protocols and to good practices; linked and unlinked while
// the strategy may be edited.
import { Button } from "design-react-kit";
import { useState } from "react";
import { Link } from "react-router-dom";
import { useMutation, useQuery } from "urql";
import { ConfirmButton } from "../../components/ConfirmButton";
import { FieldError } from "../../components/FieldError";
import { graphql } from "../../gql";
import type { StrategyLinkKind } from "../../gql/graphql";
import { useI18n } from "../../i18n";
import { TableDecisionsDocument, type Element } from "./element";

const LinkDocument = graphql(`
  mutation LinkStrategyElement($elementId: ID!, $kind: StrategyLinkKind!, $targetId: ID!) {
    linkStrategyElement(elementId: $elementId, kind: $kind, targetId: $targetId)
  }
`);
const UnlinkDocument = graphql(`
  mutation UnlinkStrategyElement($id: ID!) {
    unlinkStrategyElement(id: $id)
  }
`);
const LinkableProtocolsDocument = graphql(`
  query LinkableProtocols($tableId: ID!) {
    protocols(tableId: $tableId) {
      id
      title
    }
  }
`);
const LinkablePracticesDocument = graphql(`
  query LinkablePractices {
    practices(first: 100) {
      items {
        id
        title
      }
    }
  }
`);

export function Links({ element, tableId, linking, onChange }: { element: Element; tableId: string; linking: boolean; onChange: () => void }) {
  const { t, label } = useI18n();
  const [open, setOpen] = useState(false);
  const [{ data: decisions }] = useQuery({ query: TableDecisionsDocument, variables: { tableId }, pause: !open });
  const [{ data: practices }] = useQuery({ query: LinkablePracticesDocument, pause: !open });
  const [{ data: protocols }] = useQuery({ query: LinkableProtocolsDocument, variables: { tableId }, pause: !open });
  const [linked, link] = useMutation(LinkDocument);
  const [unlinked, unlink] = useMutation(UnlinkDocument);
  const [choice, setChoice] = useState("");
  const targets: { value: string; text: string }[] = [
    ...(decisions?.meetings ?? []).flatMap((m) => (m.minutes?.decisions ?? []).map((d) => ({ value: `DECISION:${d.id}`, text: `${label("DECISION")} — ${m.title}: ${d.text}` }))),
    ...(decisions?.meetings ?? []).flatMap((m) => m.agenda.map((a) => ({ value: `AGENDA_ITEM:${a.id}`, text: `${label("AGENDA_ITEM")} — ${m.title}: ${a.title}` }))),
    ...(protocols?.protocols ?? []).map((p) => ({ value: `PROTOCOL:${p.id}`, text: `${label("PROTOCOL")} — ${p.title}` })),
    ...(practices?.practices.items ?? []).map((p) => ({ value: `PRACTICE:${p.id}`, text: `${label("PRACTICE")} — ${p.title}` })),
  ];
  if (element.links.length === 0 && !linking) return null;
  return (
    <div className="ms-3 mb-2">
      <h5 className="h6 mb-1">{t("strategy.links")}</h5>
      <FieldError error={unlinked.error} />
      <ul>
        {element.links.map((l) => (
          <li key={l.id}>
            {label(l.kind)}: <Link to={l.path}>{l.label}</Link>
            {linking && (
              <ConfirmButton
                className="ms-2"
                text={t("strategy.unlink")}
                name={l.label}
                question={t("strategy.confirmUnlink").replace("{label}", l.label)}
                run={() => unlink({ id: l.id })}
                onDone={onChange}
              />
            )}
          </li>
        ))}
      </ul>
      {linking &&
        (open ? (
          <form
            className="d-flex flex-wrap gap-2 align-items-end"
            onSubmit={async (e) => {
              e.preventDefault();
              const [kind, targetId] = choice.split(":");
              const result = await link({ elementId: element.id, kind: kind as StrategyLinkKind, targetId });
              if (!result.error) {
                setOpen(false);
                onChange();
              }
            }}
          >
            <FieldError error={linked.error} />
            <div>
              <label htmlFor={`link-${element.id}`} className="form-label">
                {t("strategy.linkTo")}
              </label>
              <select id={`link-${element.id}`} className="form-select" value={choice} onChange={(e) => setChoice(e.target.value)}>
                <option value="">—</option>
                {targets.map((target) => (
                  <option key={target.value} value={target.value}>
                    {target.text}
                  </option>
                ))}
              </select>
            </div>
            <Button size="sm" color="primary" type="submit" disabled={!choice}>
              {t("strategy.link")}
            </Button>
          </form>
        ) : (
          <Button size="sm" color="primary" outline onClick={() => setOpen(true)}>
            {t("strategy.addLink")}
          </Button>
        ))}
    </div>
  );
}

