// Inviting a person: name, address, organization and language (and, for administrators, the platform role); they get
// a link to set their password and activate the account.
import { Button } from "design-react-kit";
import { useState, type FormEvent } from "react";
import { useMutation } from "urql";
import { FieldError } from "../../components/FieldError";
import { Notice } from "../../components/Status";
import { graphql } from "../../gql";
import type { InstanceRole, Locale } from "../../gql/graphql";
import { useI18n } from "../../i18n";
import { INSTANCE_ROLES, LANGUAGES } from "./choices";
import { SelectField, named, useLabelled } from "./fields";

const InviteDocument = graphql(`
  mutation InvitePerson($input: CreatePersonInput!) {
    createPerson(input: $input) {
      id
      email
    }
  }
`);

export function InvitePerson({
  organizations,
  canGiveRoles,
  onInvited,
}: {
  organizations: { id: string; name: string }[];
  canGiveRoles: boolean;
  onInvited: () => void;
}) {
  const { t } = useI18n();
  const labelled = useLabelled();
  const empty = { name: "", email: "", organizationId: "", locale: "IT" as Locale, instanceRole: "USER" as InstanceRole };
  const [form, setForm] = useState(empty);
  const [{ data, error, fetching }, invite] = useMutation(InviteDocument);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const input = {
      name: form.name,
      email: form.email,
      locale: form.locale,
      organizationId: form.organizationId || null,
      ...(canGiveRoles ? { instanceRole: form.instanceRole } : {}),
    };
    const result = await invite({ input });
    if (result.error) return;
    setForm(empty);
    onInvited();
  }

  return (
    <section className="mb-5" aria-labelledby="invite-title">
      <h2 className="h4" id="invite-title">
        {t("admin.invite")}
      </h2>
      <p>{t("admin.inviteHelp")}</p>
      <FieldError error={error} />
      {data && !error && (
        <Notice color="success">
          {t("admin.invited").replace("{email}", data.createPerson.email ?? "")}
        </Notice>
      )}
      <form className="row g-3" onSubmit={submit}>
        <div className="col-md-6">
          <label htmlFor="invite-name" className="form-label">
            {t("setup.name")}
          </label>
          <input id="invite-name" className="form-control" required value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
        </div>
        <div className="col-md-6">
          <label htmlFor="invite-email" className="form-label">
            {t("login.email")}
          </label>
          <input id="invite-email" className="form-control" type="email" required value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} />
        </div>
        <SelectField
          id="invite-organization"
          label={t("people.organization")}
          column="col-md-5"
          value={form.organizationId}
          choices={named(organizations)}
          empty={t("admin.noOrganization")}
          onChange={(organizationId) => setForm({ ...form, organizationId })}
        />
        <SelectField
          id="invite-locale"
          label={t("profile.language")}
          column="col-md-3"
          value={form.locale}
          choices={LANGUAGES}
          onChange={(locale) => setForm({ ...form, locale: locale as Locale })}
        />
        {canGiveRoles && (
          <SelectField
            id="invite-role"
            label={t("people.instanceRole")}
            value={form.instanceRole}
            choices={labelled(INSTANCE_ROLES)}
            onChange={(instanceRole) => setForm({ ...form, instanceRole: instanceRole as InstanceRole })}
          />
        )}
        <div className="col-12">
          <Button color="primary" type="submit" disabled={fetching}>
            {t("admin.inviteSubmit")}
          </Button>
        </div>
      </form>
    </section>
  );
}
