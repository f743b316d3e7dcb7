// API tokens for integrations: created with a name and an optional expiry, shown once, revocable.
import { Button } from "design-react-kit";
import { useEffect, useState, type FormEvent } from "react";
import { useMutation, useQuery } from "urql";
import { FieldError } from "../../components/FieldError";
import { Loading, QueryError, Notice, ScrollTable } from "../../components/Status";
import { graphql } from "../../gql";
import { useI18n } from "../../i18n";

const TokensDocument = graphql(`
  query MyApiTokens {
    myApiTokens {
      id
      name
      createdAt
      expiresAt
      revokedAt
      lastUsedAt
    }
  }
`);

const CreateTokenDocument = graphql(`
  mutation CreateApiToken($name: String!, $expiresInDays: Int) {
    createApiToken(name: $name, expiresInDays: $expiresInDays) {
      secret
      token {
        id
      }
    }
  }
`);

const RevokeTokenDocument = graphql(`
  mutation RevokeApiToken($id: ID!) {
    revokeApiToken(id: $id) {
      id
      revokedAt
    }
  }
`);

export function ApiTokens({ refreshKey }: { refreshKey: number }) {
  const { t, date } = useI18n();
  const [{ data, error }, refetch] = useQuery({ query: TokensDocument, requestPolicy: "network-only" });
  useEffect(() => {
    if (refreshKey > 0) refetch({ requestPolicy: "network-only" });
  }, [refreshKey, refetch]);
  const [creation, create] = useMutation(CreateTokenDocument);
  const [revocation, revoke] = useMutation(RevokeTokenDocument);
  const [name, setName] = useState("");
  const [days, setDays] = useState("");
  const [secret, setSecret] = useState<string | null>(null);
  if (error) return <QueryError error={error} />;
  if (!data) return <Loading />;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const expiresInDays = days.trim() === "" ? null : Number.parseInt(days, 10);
    const result = await create({ name, expiresInDays });
    if (result.data) {
      setSecret(result.data.createApiToken.secret);
      setName("");
      setDays("");
      refetch({ requestPolicy: "network-only" });
    }
  }

  return (
    <section className="mt-5">
      <h2 className="h4">{t("profile.tokens")}</h2>
      <p>{t("profile.tokensHelp")}</p>
      <FieldError error={creation.error ?? revocation.error} />
      {secret && (
        <Notice color="warning">
          {t("profile.tokenCreated")}
          <code className="d-block mt-2 text-break" data-testid="token-secret">
            {secret}
          </code>
        </Notice>
      )}
      <form className="row g-3 mb-3" onSubmit={submit}>
        <div className="col-md-5">
          <label htmlFor="token-name" className="form-label">
            {t("profile.tokenName")}
          </label>
          <input id="token-name" className="form-control" required value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="col-md-3">
          <label htmlFor="token-days" className="form-label">
            {t("profile.tokenDays")}
          </label>
          <input id="token-days" className="form-control" type="number" inputMode="numeric" min={1} max={3650} step={1} value={days} onChange={(e) => setDays(e.target.value)} />
        </div>
        <div className="col-md-4 d-flex align-items-end">
          <Button color="primary" type="submit" disabled={creation.fetching}>
            {t("profile.createToken")}
          </Button>
        </div>
      </form>
      {data.myApiTokens.length === 0 ? (
        <p>{t("profile.noTokens")}</p>
      ) : (
        <ScrollTable label={t("profile.tokens")}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("profile.tokenName")}</th>
                <th scope="col">{t("profile.expires")}</th>
                <th scope="col">{t("profile.lastUsed")}</th>
                <th scope="col">{t("common.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {data.myApiTokens.map((token) => (
                <tr key={token.id}>
                  <td>{token.name}</td>
                  <td>{token.expiresAt ? date(token.expiresAt) : t("profile.never")}</td>
                  <td>{token.lastUsedAt ? date(token.lastUsedAt) : "—"}</td>
                  <td>
                    {token.revokedAt ? (
                      t("profile.revoked")
                    ) : (
                      <Button size="xs" color="danger" outline aria-label={`${t("profile.revoke")}: ${token.name}`} onClick={() => revoke({ id: token.id })}>
                        {t("profile.revoke")}
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
    </section>
  );
}
