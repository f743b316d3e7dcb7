// Shown for unknown paths and for records the caller may not see.
import { useI18n } from "../i18n";

export function NotFound() {
  const { t } = useI18n();
  return (
    <section>
      <h1>{t("common.notFound")}</h1>
      <p>{t("common.notFoundText")}</p>
    </section>
  );
}
