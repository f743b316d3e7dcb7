// Opening the link mailed to a new address: one button moves the account to it (a button, not the visit itself, so
// that mail scanners opening links confirm nothing).
import { Alert, Button } from "design-react-kit";
import { useParams } from "react-router-dom";
import { useMutation } from "urql";
import { Notice } from "../../components/Status";
import { graphql } from "../../gql";
import { useI18n } from "../../i18n";

const ConfirmEmailChangeDocument = graphql(`
  mutation ConfirmEmailChange($token: String!) {
    confirmEmailChange(token: $token)
  }
`);

export function ConfirmEmail() {
  const { t } = useI18n();
  const { token = "" } = useParams();
  const [{ data, error, fetching }, confirm] = useMutation(ConfirmEmailChangeDocument);
  return (
    <section>
      <h1 className="mb-3">{t("account.confirmEmail")}</h1>
      {data?.confirmEmailChange ? (
        <Notice color="success">
          {t("account.emailConfirmed")} <a href="/login">{t("login.submit")}</a>
        </Notice>
      ) : (
        <>
          {error && (
            <Alert color="danger" role="alert">
              {t("account.linkInvalid")}
            </Alert>
          )}
          <p>{t("account.confirmEmailHelp")}</p>
          <Button color="primary" disabled={fetching} onClick={() => confirm({ token })}>
            {t("account.confirm")}
          </Button>
        </>
      )}
    </section>
  );
}
