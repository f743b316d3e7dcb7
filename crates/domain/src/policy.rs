//! The permission matrix of `shared/design/domain.md` as pure functions; services call them before touching data.

use crate::{Actor, MembershipRole, TableRoles, Visibility};

/// Which tables' rows a list may return, expressed so that the store can turn it into a SQL condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TableScope {
    All,
    /// Tables with one of these visibilities, plus those where the person holds a role.
    Visible {
        visibilities: Vec<Visibility>,
        member_of: Option<i64>,
    },
}

/// Lists are filtered in SQL by this scope, so that counts and pages never reveal hidden tables.
pub fn table_scope(actor: &Actor) -> TableScope {
    match actor {
        _ if actor.is_admin() => TableScope::All,
        Actor::Person { id, .. } => TableScope::Visible {
            visibilities: vec![Visibility::Public, Visibility::Network],
            member_of: Some(*id),
        },
        _ => TableScope::Visible {
            visibilities: vec![Visibility::Public],
            member_of: None,
        },
    }
}

pub fn can_read_table(actor: &Actor, visibility: Visibility, roles: &TableRoles) -> bool {
    actor.is_admin()
        || visibility == Visibility::Public
        || (visibility == Visibility::Network && actor.is_signed_in())
        || roles.is_member()
}

/// Change a table's details, seats, delegates and memberships.
pub fn can_manage_table(actor: &Actor, roles: &TableRoles) -> bool {
    actor.is_admin() || roles.runs_table()
}

/// Granting a role at a table: the chair role only by a chair or an administrator, the others by whoever manages
/// the table; never to oneself, so no runner can promote themself.
pub fn can_grant_role(
    actor: &Actor,
    roles: &TableRoles,
    role: MembershipRole,
    grantee_id: i64,
) -> bool {
    if actor.person_id() == Some(grantee_id) {
        return false;
    }
    can_change_role(actor, roles, role)
}

/// Ending a role: the chair role only by a chair or an administrator, the others by whoever manages the table.
pub fn can_end_role(actor: &Actor, roles: &TableRoles, role: MembershipRole) -> bool {
    can_change_role(actor, roles, role)
}

fn can_change_role(actor: &Actor, roles: &TableRoles, role: MembershipRole) -> bool {
    match role {
        MembershipRole::Chair => actor.is_admin() || roles.has(MembershipRole::Chair),
        _ => can_manage_table(actor, roles),
    }
}

/// A top-level table is an instance decision; a working group under a table is its own runners' call.
pub fn can_create_table(actor: &Actor, parent_roles: Option<&TableRoles>) -> bool {
    actor.is_admin() || parent_roles.is_some_and(TableRoles::runs_table)
}

/// Creating organizations and accounts: admins, and whoever runs a table (to bring in new members).
pub fn can_manage_directory(actor: &Actor, runs_any_table: bool) -> bool {
    actor.is_admin() || (actor.is_signed_in() && runs_any_table)
}

/// Changing an organization: admins, and whoever runs a table where it holds a seat.
pub fn can_edit_organization(actor: &Actor, runs_a_table_seating_it: bool) -> bool {
    actor.is_admin() || runs_a_table_seating_it
}

/// Organizations are public facts (they appear on public tables).
pub fn can_read_organizations(_actor: &Actor) -> bool {
    true
}

/// A person's name shows wherever a record the reader may read names them (a public table's delegate, an author).
pub fn can_read_people_names(_actor: &Actor) -> bool {
    true
}

/// The directory of people, and everything about a person beyond the name, is for signed-in users.
pub fn can_read_people(actor: &Actor) -> bool {
    actor.is_signed_in()
}

/// People's email addresses are a working directory for signed-in users, never shown to visitors.
pub fn can_see_contact(actor: &Actor) -> bool {
    actor.is_signed_in()
}

/// Editing a person: themselves (their profile), admins, and a table's runner who brought them in, while they have
/// not signed in yet and hold no instance role (so no runner can take over an account that is in use).
pub fn can_edit_person(
    actor: &Actor,
    person_id: i64,
    brought_in_by_actor_unused: bool,
    target_is_user: bool,
) -> bool {
    actor.is_admin()
        || actor.person_id() == Some(person_id)
        || (brought_in_by_actor_unused && target_is_user)
}

/// Where a person's mail goes is their sign-in: an admin sets it; the person changes it through a link confirmed at
/// the new address (`requestEmailChange`); nobody else.
pub fn can_set_email(actor: &Actor) -> bool {
    actor.is_admin()
}

/// API tokens are made by the person at a browser, never by another token: a leaked token cannot multiply itself.
pub fn can_create_api_token(actor: &Actor) -> bool {
    actor.is_signed_in() && !actor.is_by_token()
}

/// Only admins hand out instance roles (admin, moderator).
pub fn can_change_instance_role(actor: &Actor) -> bool {
    actor.is_admin()
}

pub fn can_read_table_audit(actor: &Actor, roles: &TableRoles) -> bool {
    actor.is_admin() || roles.runs_table()
}

/// The instance's mail outbox and health: administrators.
pub fn can_operate_instance(actor: &Actor) -> bool {
    actor.is_admin()
}

/// Merging duplicate organizations rewrites every record that names them: administrators.
pub fn can_merge_organizations(actor: &Actor) -> bool {
    actor.is_admin()
}

/// Ending a table (it keeps its records, takes no new meetings): administrators.
pub fn can_end_table(actor: &Actor) -> bool {
    actor.is_admin()
}

pub fn can_read_all_audit(actor: &Actor) -> bool {
    actor.is_admin()
}

/// Meetings and their agenda follow the table's visibility.
pub fn can_see_meetings(actor: &Actor, visibility: Visibility, roles: &TableRoles) -> bool {
    can_read_table(actor, visibility, roles)
}

/// Which meetings a list or a batch may return, for the store to turn into a SQL condition. A draft meeting is still
/// being prepared (nobody is told yet, calendar feeds leave it out): the table's members see it. Once scheduled it
/// follows the table's visibility, and whoever was invited to it sees it too.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MeetingScope {
    All,
    /// Meetings of tables where `person` holds a role; and, once not a draft, those of tables with one of these
    /// visibilities and those `person` is invited to.
    Visible {
        visibilities: Vec<Visibility>,
        person: Option<i64>,
    },
}

pub fn meeting_scope(actor: &Actor) -> MeetingScope {
    match table_scope(actor) {
        TableScope::All => MeetingScope::All,
        TableScope::Visible {
            visibilities,
            member_of,
        } => MeetingScope::Visible {
            visibilities,
            person: member_of,
        },
    }
}

/// Meetings, agenda, invitations, attendance and minutes are kept by whoever runs the table.
pub fn can_manage_meetings(actor: &Actor, roles: &TableRoles) -> bool {
    actor.is_admin() || roles.runs_table()
}

/// Who reads minutes before approval (and so their earlier drafts and review thread, even once approved).
pub const UNAPPROVED_MINUTES_READERS: [MembershipRole; 3] = [
    MembershipRole::Delegate,
    MembershipRole::Secretariat,
    MembershipRole::Chair,
];

/// Minutes not yet approved are for delegates and those who run the table; they may comment while in review.
pub fn can_read_unapproved_minutes(actor: &Actor, roles: &TableRoles) -> bool {
    actor.is_admin() || UNAPPROVED_MINUTES_READERS.iter().any(|r| roles.has(*r))
}

/// Approving minutes is the chair's act.
pub fn can_approve_minutes(actor: &Actor, roles: &TableRoles) -> bool {
    actor.is_admin() || roles.has(MembershipRole::Chair)
}

/// A review comment is marked handled by whoever runs the table (who edits the minutes) or chairs it (who approves).
pub fn can_handle_minutes_comments(actor: &Actor, roles: &TableRoles) -> bool {
    can_manage_meetings(actor, roles) || can_approve_minutes(actor, roles)
}

/// An action item is updated by its assignee and by whoever runs the table.
pub fn can_update_action_item(actor: &Actor, roles: &TableRoles, assigned_to_actor: bool) -> bool {
    actor.is_admin() || roles.runs_table() || assigned_to_actor
}

/// Drafting the strategy (elements, indicators, progress, links) is the work of whoever runs the table.
pub fn can_edit_strategy(actor: &Actor, roles: &TableRoles) -> bool {
    actor.is_admin() || roles.runs_table()
}

/// Approving a strategy version is the chair's act, through a decision of the table.
pub fn can_approve_strategy(actor: &Actor, roles: &TableRoles) -> bool {
    actor.is_admin() || roles.has(MembershipRole::Chair)
}

/// Drafts and versions awaiting approval are for the table's members, who may comment on them.
pub fn can_read_strategy_draft(actor: &Actor, roles: &TableRoles) -> bool {
    actor.is_admin() || roles.is_member()
}

/// Courses (their sessions, enrolments of anyone, attendance and reports) are run by whoever runs the table.
pub fn can_manage_courses(actor: &Actor, roles: &TableRoles) -> bool {
    can_manage_meetings(actor, roles)
}

/// Operational protocols are drafted like the strategy: by whoever runs the table.
pub fn can_edit_protocols(actor: &Actor, roles: &TableRoles) -> bool {
    can_edit_strategy(actor, roles)
}

/// Recording a protocol's adoption (the decision that approved it) is the chair's act, as for the strategy.
pub fn can_adopt_protocol(actor: &Actor, roles: &TableRoles) -> bool {
    can_approve_strategy(actor, roles)
}

/// Protocol drafts and their comments are the members' working documents; adopted versions are as public as the
/// table.
pub fn can_read_protocol_draft(actor: &Actor, roles: &TableRoles) -> bool {
    can_read_strategy_draft(actor, roles)
}

/// Questionnaires (building, opening, results, their use as indicator measurements) are run by whoever runs the
/// table.
pub fn can_manage_questionnaires(actor: &Actor, roles: &TableRoles) -> bool {
    can_manage_meetings(actor, roles)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{InstanceRole, MembershipRole};

    #[test]
    fn members_only_tables_are_hidden_from_non_members() {
        let user = Actor::Person {
            id: 1,
            role: InstanceRole::User,
            by_token: false,
        };
        let observer = TableRoles::new(vec![MembershipRole::Observer]);
        assert!(!can_read_table(
            &user,
            Visibility::Members,
            &TableRoles::none()
        ));
        assert!(can_read_table(&user, Visibility::Members, &observer));
        assert!(can_read_table(
            &Actor::Anonymous,
            Visibility::Public,
            &TableRoles::none()
        ));
        assert!(!can_read_table(
            &Actor::Anonymous,
            Visibility::Network,
            &TableRoles::none()
        ));
    }
}
