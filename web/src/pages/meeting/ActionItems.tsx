// A meeting's action items: who does what by when, assigned to an invitee or to an organization and, when it comes
// from one, linked to the decision; moved along by their assignee or whoever runs the table.
import { Button, Input } from "design-react-kit";
import { useState, type FormEvent } from "react";
import { useMutation, useQuery } from "urql";
import { graphql } from "../../gql";
import type { ActionItemStatus as Status } from "../../gql/graphql";
import { useI18n } from "../../i18n";
import { ActionItemStatus } from "../../components/ActionItemStatus";
import { required, useFormErrors } from "../../components/FormErrors";
import { Notice } from "../../components/Status";

const AddActionDocument = graphql(`
  mutation AddActionItem($meetingId: ID!, $input: ActionItemFields!) {
    addActionItem(meetingId: $meetingId, input: $input) {
      id
    }
  }
`);

const AssigneeOrganizationsDocument = graphql(`
  query AssigneeOrganizations {
    organizations(first: 100) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);

export interface ActionItemRow {
  id: string;
  title: string;
  status: Status;
  dueDate?: string | null;
  decisionId?: string | null;
  assigneePerson?: { id: string; name: string } | null;
  assigneeOrganization?: { name: string } | null;
}

interface Props {
  meetingId: string;
  items: ActionItemRow[];
  decisions: { id: string; text: string }[];
  people: { id: string; name: string }[];
  /** Whether new items may be recorded (the minutes are a draft and the viewer runs the table). */
  editable: boolean;
  /** Whether the viewer runs the table (and so moves any item along). */
  runs: boolean;
  meId?: string;
  onChange: () => void;
}

const EMPTY = { title: "", assignee: "", dueDate: "", decisionId: "" };

export function ActionItems({ meetingId, items, decisions, people, editable, runs, meId, onChange }: Props) {
  const { t, date } = useI18n();
  const [added, add] = useMutation(AddActionDocument);
  const [{ data: organizations }] = useQuery({ query: AssigneeOrganizationsDocument, pause: !editable });
  const [action, setAction] = useState(EMPTY);
  const [done, setDone] = useState(false);
  const errors = useFormErrors(added.error, {
    title: { id: "action-title", label: t("minutes.actionTitle") },
    assigneeOrganizationId: { id: "action-assignee", label: t("minutes.assignee") },
    assigneePersonId: { id: "action-assignee", label: t("minutes.assignee") },
    dueDate: { id: "action-due", label: t("minutes.dueDate") },
    decisionId: { id: "action-decision", label: t("minutes.fromDecision") },
  });
  const decisionText = (id?: string | null) => decisions.find((d) => d.id === id)?.text;
  async function onAdd(event: FormEvent) {
    event.preventDefault();
    const [kind, id] = action.assignee.split(":");
    const input = {
      title: action.title,
      assigneePersonId: kind === "person" ? id : null,
      assigneeOrganizationId: kind === "organization" ? id : null,
      dueDate: action.dueDate || null,
      decisionId: action.decisionId || null,
    };
    const result = await add({ meetingId, input });
    setDone(!result.error);
    if (!result.error) setAction(EMPTY);
    onChange();
  }
  return (
    <section className="mt-4" aria-labelledby="action-items-heading">
      <h3 className="h4" id="action-items-heading">
        {t("minutes.actionItems")}
      </h3>
      <ul>
        {items.map((item) => (
          <li key={item.id} className="mb-2">
            {item.title} — {item.assigneePerson?.name ?? item.assigneeOrganization?.name ?? "—"}
            {item.dueDate && ` · ${t("minutes.dueDate")} ${date(item.dueDate)}`}
            {decisionText(item.decisionId) && <span className="small text-muted"> · {t("minutes.fromDecision")}: {decisionText(item.decisionId)}</span>}{" "}
            <ActionItemStatus item={item} editable={runs || (Boolean(meId) && item.assigneePerson?.id === meId)} onChange={onChange} />
          </li>
        ))}
      </ul>
      {editable && (
        <form className="row g-2 align-items-end" onSubmit={onAdd}>
          {errors.summary}
          {done && <Notice>{t("minutes.actionAdded")}</Notice>}
          <div className="col-md-6">
            <Input id="action-title" label={required(t("minutes.actionTitle"))} required maxLength={500} value={action.title} onChange={(e) => setAction((a) => ({ ...a, title: e.target.value }))} {...errors.field("title")} />
          </div>
          <div className="col-md-6 select-wrapper mb-4">
            <label htmlFor="action-assignee">{required(t("minutes.assignee"))}</label>
            <select id="action-assignee" required value={action.assignee} onChange={(e) => setAction((a) => ({ ...a, assignee: e.target.value }))}>
              <option value="">—</option>
              <optgroup label={t("minutes.assigneePeople")}>
                {people.map((p) => (
                  <option key={p.id} value={`person:${p.id}`}>
                    {p.name}
                  </option>
                ))}
              </optgroup>
              <optgroup label={t("minutes.assigneeOrganizations")}>
                {organizations?.organizations.edges.map(({ node }) => (
                  <option key={node.id} value={`organization:${node.id}`}>
                    {node.name}
                  </option>
                ))}
              </optgroup>
            </select>
          </div>
          <div className="col-md-4">
            <Input id="action-due" type="date" label={t("minutes.dueDate")} value={action.dueDate} onChange={(e) => setAction((a) => ({ ...a, dueDate: e.target.value }))} {...errors.field("dueDate")} />
          </div>
          <div className="col-md-5 select-wrapper mb-4">
            <label htmlFor="action-decision">{t("minutes.fromDecision")}</label>
            <select id="action-decision" value={action.decisionId} onChange={(e) => setAction((a) => ({ ...a, decisionId: e.target.value }))}>
              <option value="">{t("minutes.noDecision")}</option>
              {decisions.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.text.length > 80 ? `${d.text.slice(0, 79)}…` : d.text}
                </option>
              ))}
            </select>
          </div>
          <div className="col-md-3 mb-4">
            <Button color="primary" outline type="submit">
              {t("minutes.addAction")}
            </Button>
          </div>
        </form>
      )}
    </section>
  );
}
