// The calendar subscription addresses (all meetings, then one per table), each replaceable.
import { Button } from "design-react-kit";
import { useMutation, useQuery } from "urql";
import { FieldError } from "../../components/FieldError";
import { Loading, QueryError } from "../../components/Status";
import { graphql } from "../../gql";
import { useI18n } from "../../i18n";

const FeedsDocument = graphql(`
  query MyCalendarFeeds {
    myCalendarFeeds {
      path
      table {
        id
        name
      }
    }
  }
`);

const RotateDocument = graphql(`
  mutation RotateCalendarFeed($tableId: ID) {
    rotateCalendarFeed(tableId: $tableId) {
      path
    }
  }
`);

export function Calendars() {
  const { t } = useI18n();
  const [{ data, error }, refetch] = useQuery({ query: FeedsDocument });
  const [rotation, rotate] = useMutation(RotateDocument);
  if (error) return <QueryError error={error} />;
  if (!data) return <Loading />;
  return (
    <section className="mt-5">
      <h2 className="h4">{t("profile.calendars")}</h2>
      <p>{t("profile.calendarsHelp")}</p>
      <FieldError error={rotation.error} />
      <ul className="list-group">
        {data.myCalendarFeeds.map((feed) => {
          const name = feed.table?.name ?? t("profile.allMeetings");
          const url = `${window.location.origin}${feed.path}`;
          return (
            <li className="list-group-item" key={feed.table?.id ?? "all"}>
              <div className="fw-semibold">{name}</div>
              <code className="d-block text-break" data-testid="feed-url">
                {url}
              </code>
              <Button
                size="xs"
                color="primary"
                outline
                className="mt-1"
                aria-label={`${t("profile.rotate")}: ${name}`}
                onClick={async () => {
                  await rotate({ tableId: feed.table?.id ?? null });
                  refetch({ requestPolicy: "network-only" });
                }}
              >
                {t("profile.rotate")}
              </Button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
