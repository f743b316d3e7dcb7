// The accessibility statement and the privacy notice, filled with the installation's data controller.
import { useQuery } from "urql";
import { Loading } from "../components/Status";
import { useI18n, type Key } from "../i18n";
import { InstanceDocument } from "./account/Setup";

function useFill() {
  const { t } = useI18n();
  const [{ data, fetching }] = useQuery({ query: InstanceDocument });
  const instance = data?.instance;
  const fill = (key: Key) =>
    t(key)
      .replace("{controller}", instance?.controllerName ?? t("legal.unset"))
      .replace("{email}", instance?.controllerEmail ?? "—")
      .replace("{dpo}", instance?.dpoEmail ?? "—")
      .replace("{site}", window.location.origin);
  return { fill, ready: !fetching || !!data, dpo: !!instance?.dpoEmail };
}

/** Sections of headings and paragraphs, from pairs of dictionary keys. */
function Sections({ sections, fill }: { sections: [Key, Key][]; fill: (key: Key) => string }) {
  return (
    <>
      {sections.map(([title, body]) => (
        <section key={title} className="mb-4">
          <h2 className="h4">{fill(title)}</h2>
          <p>{fill(body)}</p>
        </section>
      ))}
    </>
  );
}

export function AccessibilityStatement() {
  const { fill, ready } = useFill();
  if (!ready) return <Loading />;
  return (
    <article className="col-lg-9">
      <h1 className="mb-3">{fill("a11y.title")}</h1>
      <p className="lead">{fill("a11y.intro")}</p>
      <Sections
        fill={fill}
        sections={[
          ["a11y.statusTitle", "a11y.status"],
          ["a11y.gapsTitle", "a11y.gaps"],
          ["a11y.methodTitle", "a11y.method"],
          ["a11y.feedbackTitle", "a11y.feedback"],
          ["a11y.enforcementTitle", "a11y.enforcement"],
        ]}
      />
    </article>
  );
}

export function PrivacyNotice() {
  const { fill, ready, dpo } = useFill();
  if (!ready) return <Loading />;
  return (
    <article className="col-lg-9">
      <h1 className="mb-3">{fill("privacy.title")}</h1>
      <p className="lead">{fill("privacy.intro")}</p>
      <section className="mb-4">
        <h2 className="h4">{fill("privacy.controllerTitle")}</h2>
        <p>{fill("privacy.controller")}</p>
        {dpo && <p>{fill("privacy.dpo")}</p>}
      </section>
      <Sections
        fill={fill}
        sections={[
          ["privacy.dataTitle", "privacy.data"],
          ["privacy.purposeTitle", "privacy.purpose"],
          ["privacy.recipientsTitle", "privacy.recipients"],
          ["privacy.retentionTitle", "privacy.retention"],
          ["privacy.rightsTitle", "privacy.rights"],
        ]}
      />
    </article>
  );
}
