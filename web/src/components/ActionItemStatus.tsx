// Moving an action item along (open, in progress, done, dropped) wherever it is listed: a select for its assignee
// and for whoever runs the table, a badge for everyone else; the server checks the same rule.
import { Badge } from "design-react-kit";
import { useMutation } from "urql";
import { graphql } from "../gql";
import type { ActionItemStatus as Status } from "../gql/graphql";
import { useI18n } from "../i18n";
import { useErrorText } from "./FieldError";

const UpdateActionDocument = graphql(`
  mutation UpdateActionItemStatus($id: ID!, $status: ActionItemStatus!) {
    updateActionItemStatus(id: $id, status: $status) {
      id
      status
      overdue
    }
  }
`);

const STATUSES: Status[] = ["OPEN", "IN_PROGRESS", "DONE", "DROPPED"];

export function ActionItemStatus({ item, editable, onChange }: { item: { id: string; title: string; status: Status; overdue?: boolean }; editable: boolean; onChange?: () => void }) {
  const { t, label } = useI18n();
  const [updated, update] = useMutation(UpdateActionDocument);
  const errorText = useErrorText();
  if (!editable) {
    return <Badge color={item.overdue ? "danger" : "secondary"}>{item.overdue ? t("home.overdue") : label(item.status)}</Badge>;
  }
  return (
    <>
      {item.overdue && <Badge color="danger">{t("home.overdue")}</Badge>}
      <select
        className="form-select form-select-sm mt-1 w-auto d-inline-block"
        aria-label={`${t("minutes.actionStatus")}: ${item.title}`}
        value={item.status}
        onChange={async (e) => {
          const result = await update({ id: item.id, status: e.target.value as Status });
          if (!result.error) onChange?.();
        }}
      >
        {STATUSES.map((s) => (
          <option key={s} value={s}>
            {label(s)}
          </option>
        ))}
      </select>
      {updated.error && (
        <span role="alert" className="text-danger small ms-2">
          {errorText(updated.error)}
        </span>
      )}
    </>
  );
}
