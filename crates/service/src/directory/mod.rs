//! The directory: organizations and people (accounts), who may create and change them, and batch reads for loaders.

mod merge;
mod organizations;
mod people;

pub use people::PeopleFilter;
pub(crate) use people::{NewPerson, ensure_unique_email, insert_person, may_correct};

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, PaginatorTrait, QueryFilter, Set,
};
use tavolo_domain::{
    AccountLinkPurpose, AccountState, Actor, Email, InstanceRole, Locale, Name, OptionalText,
    OrganizationKind, TimeZoneName, policy,
};
use tavolo_store::entity::{account_link, organization, person};
use tavolo_store::sea_orm;

use crate::access::{require_signed_in, runs_a_table_seating, runs_any_table};
use crate::audit::{self, Change};
use crate::error::FieldContext;
use crate::paging::paginate;
use crate::{Page, PageRequest, ServiceError, ServiceResult, rows_in};

/// Fields of an organization; on update, `None` leaves a field as it is and an empty string clears it.
#[derive(Debug, Clone, Default)]
pub struct OrganizationInput {
    pub name: Option<String>,
    pub kind: Option<OrganizationKind>,
    pub territory: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub website: Option<String>,
}

/// Fields of a person; on update, `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct PersonInput {
    pub name: Option<String>,
    pub email: Option<String>,
    /// `Some(None)` detaches the person from their organization.
    pub organization_id: Option<Option<i64>>,
    pub locale: Option<Locale>,
    pub time_zone: Option<String>,
    pub instance_role: Option<InstanceRole>,
    pub active: Option<bool>,
    /// Only on creation: an initial password, so the person can sign in. Without one (and not created deactivated),
    /// the person is mailed an invitation to set their own.
    pub password: Option<String>,
}

pub struct DirectoryService<'a> {
    pub(crate) db: &'a DatabaseConnection,
}

impl DirectoryService<'_> {
    async fn authorize_directory(&self, actor: &Actor) -> ServiceResult<()> {
        require_signed_in(actor)?;
        let runs_any = runs_any_table(self.db, actor).await?;
        if !policy::can_manage_directory(actor, runs_any) {
            return Err(ServiceError::forbidden("manage organizations and accounts"));
        }
        Ok(())
    }
}
