// Managing a table's members, for whoever runs it: give an organization a seat, appoint delegates, give roles, end them.
import { Button } from "design-react-kit";
import { useState, type FormEvent } from "react";
import { useMutation, useQuery } from "urql";
import { graphql } from "../gql";
import { useI18n } from "../i18n";
import { ConfirmButton } from "./ConfirmButton";
import { FieldError } from "./FieldError";

const ChoicesDocument = graphql(`
  query MemberChoices {
    organizations(first: 100) {
      edges {
        node {
          id
          name
        }
      }
    }
    people(first: 100) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);

const AddSeatDocument = graphql(`
  mutation AddSeat($tableId: ID!, $organizationId: ID!) {
    addSeat(tableId: $tableId, organizationId: $organizationId) {
      id
    }
  }
`);
const AppointDocument = graphql(`
  mutation AppointDelegate($seatId: ID!, $personId: ID!, $kind: DelegateKind!) {
    appointDelegate(seatId: $seatId, personId: $personId, kind: $kind) {
      id
    }
  }
`);
const AddMembershipDocument = graphql(`
  mutation AddMembership($tableId: ID!, $personId: ID!, $role: MembershipRole!) {
    addMembership(tableId: $tableId, personId: $personId, role: $role) {
      id
    }
  }
`);
const EndSeatDocument = graphql(`
  mutation EndSeat($seatId: ID!) {
    endSeat(seatId: $seatId) {
      id
    }
  }
`);
const EndMembershipDocument = graphql(`
  mutation EndMembership($id: ID!) {
    endMembership(membershipId: $id) {
      id
    }
  }
`);

interface Props {
  tableId: string;
  seats: { id: string; organization: { name: string } }[];
  onChange: () => void;
}

/** A labelled select; `value` is an id or "". */
function Choice({ id, label, value, options, onChange }: { id: string; label: string; value: string; options: { id: string; name: string }[]; onChange: (v: string) => void }) {
  return (
    <div className="mb-3">
      <label htmlFor={id} className="form-label">
        {label}
      </label>
      <select id={id} className="form-select" value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">—</option>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </select>
    </div>
  );
}

export function TableMembers({ tableId, seats, onChange }: Props) {
  const { t, label } = useI18n();
  const [{ data }] = useQuery({ query: ChoicesDocument });
  const [seat, addSeat] = useMutation(AddSeatDocument);
  const [appointment, appoint] = useMutation(AppointDocument);
  const [membership, addMembership] = useMutation(AddMembershipDocument);
  const [organization, setOrganization] = useState("");
  const [delegate, setDelegate] = useState({ seat: "", person: "", kind: "TITULAR" as "TITULAR" | "SUBSTITUTE" });
  const [role, setRole] = useState({ person: "", role: "OBSERVER" as "CHAIR" | "SECRETARIAT" | "OBSERVER" });
  const organizations = data?.organizations.edges.map((e) => e.node) ?? [];
  const people = data?.people.edges.map((e) => e.node) ?? [];
  const done = async (promise: Promise<{ error?: unknown }>, reset: () => void) => {
    const result = await promise;
    if (!result.error) {
      reset();
      onChange();
    }
  };
  return (
    <section className="mb-4" aria-labelledby="members-heading">
      <h2 className="h4" id="members-heading">
        {t("members.manage")}
      </h2>
      <div className="row">
        <form
          className="col-md-4"
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            void done(addSeat({ tableId, organizationId: organization }), () => setOrganization(""));
          }}
        >
          <h3 className="h6">{t("members.addSeat")}</h3>
          <FieldError error={seat.error} />
          <Choice id="seat-organization" label={t("tables.organization")} value={organization} options={organizations} onChange={setOrganization} />
          <Button color="primary" size="sm" type="submit">
            {t("members.addSeat")}
          </Button>
        </form>
        <form
          className="col-md-4"
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            void done(appoint({ seatId: delegate.seat, personId: delegate.person, kind: delegate.kind }), () => setDelegate((d) => ({ ...d, person: "" })));
          }}
        >
          <h3 className="h6">{t("members.appoint")}</h3>
          <FieldError error={appointment.error} />
          <Choice id="delegate-seat" label={t("tables.organization")} value={delegate.seat} options={seats.map((s) => ({ id: s.id, name: s.organization.name }))} onChange={(v) => setDelegate((d) => ({ ...d, seat: v }))} />
          <Choice id="delegate-person" label={t("tables.person")} value={delegate.person} options={people} onChange={(v) => setDelegate((d) => ({ ...d, person: v }))} />
          <div className="mb-3">
            <label htmlFor="delegate-kind" className="form-label">
              {t("members.kind")}
            </label>
            <select id="delegate-kind" className="form-select" value={delegate.kind} onChange={(e) => setDelegate((d) => ({ ...d, kind: e.target.value as "TITULAR" | "SUBSTITUTE" }))}>
              <option value="TITULAR">{label("TITULAR")}</option>
              <option value="SUBSTITUTE">{label("SUBSTITUTE")}</option>
            </select>
          </div>
          <Button color="primary" size="sm" type="submit">
            {t("members.appoint")}
          </Button>
        </form>
        <form
          className="col-md-4"
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            void done(addMembership({ tableId, personId: role.person, role: role.role }), () => setRole((r) => ({ ...r, person: "" })));
          }}
        >
          <h3 className="h6">{t("members.addRole")}</h3>
          <FieldError error={membership.error} />
          <Choice id="role-person" label={t("tables.person")} value={role.person} options={people} onChange={(v) => setRole((r) => ({ ...r, person: v }))} />
          <div className="mb-3">
            <label htmlFor="role-role" className="form-label">
              {t("tables.role")}
            </label>
            <select id="role-role" className="form-select" value={role.role} onChange={(e) => setRole((r) => ({ ...r, role: e.target.value as typeof role.role }))}>
              {(["CHAIR", "SECRETARIAT", "OBSERVER"] as const).map((r) => (
                <option key={r} value={r}>
                  {label(r)}
                </option>
              ))}
            </select>
          </div>
          <Button color="primary" size="sm" type="submit">
            {t("members.addRole")}
          </Button>
        </form>
      </div>
    </section>
  );
}

/** Ends a role or an appointment; the history keeps it. */
export function EndMembership({ id, name, onChange }: { id: string; name: string; onChange: () => void }) {
  const { t } = useI18n();
  const [, end] = useMutation(EndMembershipDocument);
  return <ConfirmButton text={t("members.end")} name={name} question={t("members.confirmEnd").replace("{name}", name)} run={() => end({ id })} onDone={onChange} />;
}

/** Ends an organization's seat at the table, and with it its delegates' appointments. */
export function EndSeat({ seatId, name, onChange }: { seatId: string; name: string; onChange: () => void }) {
  const { t } = useI18n();
  const [, end] = useMutation(EndSeatDocument);
  return <ConfirmButton text={t("members.endSeat")} name={name} question={t("members.confirmEndSeat").replace("{name}", name)} run={() => end({ seatId })} onDone={onChange} />;
}
