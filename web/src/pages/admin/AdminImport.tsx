// Importing good practices from a JSON file in the open-data format, with the report of each record; and the
// library's own open-data links.
import { Button } from "design-react-kit";
import { useState, type FormEvent } from "react";
import { useMutation } from "urql";
import { FieldError } from "../../components/FieldError";
import { Notice } from "../../components/Status";
import { graphql } from "../../gql";
import { useI18n } from "../../i18n";

const ImportDocument = graphql(`
  mutation ImportPractices($json: String!) {
    importPractices(json: $json) {
      imported
      rejected {
        index
        reason
      }
    }
  }
`);

export function AdminImport() {
  const { t } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [{ data, error, fetching }, run] = useMutation(ImportDocument);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!file) return;
    await run({ json: await file.text() });
  }

  return (
    <section>
      <h2 className="h3 mb-3">{t("admin.import")}</h2>
      <p>{t("admin.importHelp")}</p>
      <FieldError error={error} />
      <form className="mb-4" onSubmit={submit}>
        <label htmlFor="import-file" className="form-label">
          {t("admin.importFile")}
        </label>
        <input id="import-file" className="form-control mb-3" type="file" accept="application/json,.json" required onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        <Button color="primary" type="submit" disabled={fetching || !file}>
          {t("admin.importSubmit")}
        </Button>
      </form>
      {data && (
        <div data-testid="import-report">
          <Notice color={data.importPractices.rejected.length > 0 ? "warning" : "success"}>
            {t("admin.imported").replace("{count}", String(data.importPractices.imported))}
          </Notice>
          {data.importPractices.rejected.length > 0 && (
            <>
              <h3 className="h5">{t("admin.rejected")}</h3>
              <ul>
                {data.importPractices.rejected.map((rejection) => (
                  <li key={rejection.index}>
                    {t("admin.record").replace("{index}", String(rejection.index + 1))}: {rejection.reason}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      <h3 className="h5 mt-4">{t("admin.openData")}</h3>
      <ul>
        <li>
          <a href="/practices.json">practices.json</a>
        </li>
        <li>
          <a href="/practices.csv">practices.csv</a>
        </li>
      </ul>
    </section>
  );
}
