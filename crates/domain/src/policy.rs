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

/// A top-level table is an instance decision; a working group under a table is its own runners' call.
pub fn can_create_table(actor: &Actor, parent_roles: Option<&TableRoles>) -> bool {
    actor.is_admin() || parent_roles.is_some_and(TableRoles::runs_table)
}

/// Creating organizations and accounts: admins, and whoever runs a table (to bring in new members).
pub fn can_manage_directory(actor: &Actor, runs_any_table: bool) -> bool {
    actor.is_admin() || (actor.is_signed_in() && runs_any_table)
}

/// Organizations are public facts (they appear on public tables); people are visible to signed-in users.
pub fn can_read_people(actor: &Actor) -> bool {
    actor.is_signed_in()
}

/// People's email addresses are a working directory for signed-in users, never shown to visitors.
pub fn can_see_contact(actor: &Actor) -> bool {
    actor.is_signed_in()
}

/// Editing a person: themselves (profile), admins, and those who run a table the person sits at.
pub fn can_edit_person(actor: &Actor, person_id: i64, runs_a_table_of_person: bool) -> bool {
    actor.is_admin() || actor.person_id() == Some(person_id) || runs_a_table_of_person
}

/// Only admins hand out instance roles (admin, moderator).
pub fn can_change_instance_role(actor: &Actor) -> bool {
    actor.is_admin()
}

pub fn can_read_table_audit(actor: &Actor, roles: &TableRoles) -> bool {
    actor.is_admin() || roles.runs_table()
}

pub fn can_read_all_audit(actor: &Actor) -> bool {
    actor.is_admin()
}

/// Meetings and their agenda follow the table's visibility.
pub fn can_see_meetings(actor: &Actor, visibility: Visibility, roles: &TableRoles) -> bool {
    can_read_table(actor, visibility, roles)
}

/// Meetings, agenda, invitations, attendance and minutes are kept by whoever runs the table.
pub fn can_manage_meetings(actor: &Actor, roles: &TableRoles) -> bool {
    actor.is_admin() || roles.runs_table()
}

/// Minutes not yet approved are for delegates and those who run the table; they may comment while in review.
pub fn can_read_unapproved_minutes(actor: &Actor, roles: &TableRoles) -> bool {
    actor.is_admin() || roles.runs_table() || roles.has(MembershipRole::Delegate)
}

/// Approving minutes is the chair's act.
pub fn can_approve_minutes(actor: &Actor, roles: &TableRoles) -> bool {
    actor.is_admin() || roles.has(MembershipRole::Chair)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{InstanceRole, MembershipRole};

    #[test]
    fn members_only_tables_are_hidden_from_non_members() {
        let user = Actor::Person {
            id: 1,
            role: InstanceRole::User,
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
