// What the person follows in the good-practice library, each unfollowed with one button.
import { Button } from "design-react-kit";
import { useMutation, useQuery } from "urql";
import { FieldError } from "../../components/FieldError";
import { Loading, QueryError } from "../../components/Status";
import { graphql } from "../../gql";
import { useI18n } from "../../i18n";

const FollowsDocument = graphql(`
  query MyFollows {
    myFollows {
      facet
      value
    }
  }
`);

const UnfollowDocument = graphql(`
  mutation Unfollow($facet: FollowFacet!, $value: String!) {
    setFollow(facet: $facet, value: $value, following: false) {
      facet
      value
    }
  }
`);

export function Follows() {
  const { t, label } = useI18n();
  const [{ data, error }, refetch] = useQuery({ query: FollowsDocument, requestPolicy: "network-only" });
  const [unfollowing, unfollow] = useMutation(UnfollowDocument);
  if (error) return <QueryError error={error} />;
  if (!data) return <Loading />;
  return (
    <section className="mt-5">
      <h2 className="h4">{t("profile.follows")}</h2>
      <p>{t("profile.followsHelp")}</p>
      <FieldError error={unfollowing.error} />
      {data.myFollows.length === 0 ? (
        <p>{t("profile.noFollows")}</p>
      ) : (
        <ul className="list-group">
          {data.myFollows.map((follow) => {
            const text = follow.facet === "REGION" ? follow.value : label(follow.value);
            return (
              <li className="list-group-item d-flex justify-content-between align-items-center" key={`${follow.facet}-${follow.value}`}>
                <span>
                  <span className="text-muted">{label(follow.facet)}:</span> {text}
                </span>
                <Button
                  size="xs"
                  color="primary"
                  outline
                  aria-label={`${t("profile.unfollow")}: ${text}`}
                  onClick={async () => {
                    await unfollow({ facet: follow.facet, value: follow.value });
                    refetch({ requestPolicy: "network-only" });
                  }}
                >
                  {t("profile.unfollow")}
                </Button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
