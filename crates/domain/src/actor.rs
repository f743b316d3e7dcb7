//! Who is acting: an anonymous visitor or a signed-in person, and that person's roles at one table.

use crate::{InstanceRole, MembershipRole};

/// The caller of every service method; built at the edge from a session cookie or API token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    Anonymous,
    Person {
        id: i64,
        role: InstanceRole,
        /// Signed in with an API token rather than a password session: an integration acting for the person.
        by_token: bool,
    },
    /// Seeding, migrations and the command line: never reachable over HTTP.
    System,
}

impl Actor {
    pub fn person_id(&self) -> Option<i64> {
        match self {
            Actor::Person { id, .. } => Some(*id),
            _ => None,
        }
    }

    pub fn is_admin(&self) -> bool {
        matches!(
            self,
            Actor::System
                | Actor::Person {
                    role: InstanceRole::Admin,
                    ..
                }
        )
    }

    pub fn is_moderator(&self) -> bool {
        self.is_admin()
            || matches!(
                self,
                Actor::Person {
                    role: InstanceRole::Moderator,
                    ..
                }
            )
    }

    /// An integration acting with an API token, not the person at a browser.
    pub fn is_by_token(&self) -> bool {
        matches!(self, Actor::Person { by_token: true, .. })
    }

    pub fn is_signed_in(&self) -> bool {
        !matches!(self, Actor::Anonymous)
    }
}

/// The roles a person holds today at one table (several at once are possible).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableRoles(Vec<MembershipRole>);

impl TableRoles {
    pub fn new(mut roles: Vec<MembershipRole>) -> Self {
        roles.sort_by_key(|r| r.as_str());
        roles.dedup();
        Self(roles)
    }

    pub fn none() -> Self {
        Self::default()
    }

    pub fn has(&self, role: MembershipRole) -> bool {
        self.0.contains(&role)
    }

    pub fn is_member(&self) -> bool {
        !self.0.is_empty()
    }

    /// Chair and secretariat run the table: they manage its members, meetings and records.
    pub fn runs_table(&self) -> bool {
        self.has(MembershipRole::Chair) || self.has(MembershipRole::Secretariat)
    }
}
