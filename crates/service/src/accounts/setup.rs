//! The first run: an installation without an administrator offers to create one, once, to whoever gives the one-time
//! code the server printed in its log, so a newcomer needs no command line.

use chrono::Utc;
use rand::Rng;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use tavolo_domain::{Email, InstanceRole, Locale, Name, SignInMethod, TimeZoneName};
use tavolo_store::entity::{instance_fact, person};
use tavolo_store::sea_orm;

use super::{AccountService, NewSession, change, check_password, hash_password, open_session};
use crate::audit;
use crate::directory::ensure_unique_email;
use crate::error::FieldContext;
use crate::{Reason, ServiceError, ServiceResult};

/// The key under which wrong setup codes are counted, like wrong passwords of one address.
pub const SETUP_CODE_ATTEMPTS_KEY: &str = "setup-code";
const SETUP_CODE_FACT: &str = "setup_code";
const FIRST_ADMINISTRATOR_FACT: &str = "first_administrator";
/// Letters and digits nobody confuses when copying from a terminal.
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/// Who the first administrator is.
pub struct FirstAdministrator {
    pub name: String,
    pub email: String,
    pub password: String,
    pub locale: Locale,
    pub time_zone: Option<String>,
}

impl AccountService<'_> {
    /// Whether the installation waits for its first administrator: nobody is one and none was ever set up here.
    pub async fn needs_first_administrator(&self) -> ServiceResult<bool> {
        let admins = person::Entity::find()
            .filter(person::Column::InstanceRole.eq(InstanceRole::Admin))
            .count(self.db)
            .await?;
        if admins > 0 {
            return Ok(false);
        }
        let done = instance_fact::Entity::find_by_id(FIRST_ADMINISTRATOR_FACT.to_owned())
            .count(self.db)
            .await?;
        Ok(done == 0)
    }

    /// The one-time setup code while the installation waits for its first administrator, for the server's log: made
    /// once and shared by every process, so whichever log the newcomer reads has the right one.
    pub async fn setup_code(&self) -> ServiceResult<Option<String>> {
        if !self.needs_first_administrator().await? {
            return Ok(None);
        }
        instance_fact::Entity::insert(instance_fact::ActiveModel {
            key: Set(SETUP_CODE_FACT.to_owned()),
            value: Set(new_code()),
            created_at: Set(Utc::now()),
        })
        .on_conflict_do_nothing()
        .exec_without_returning(self.db)
        .await?;
        Ok(
            instance_fact::Entity::find_by_id(SETUP_CODE_FACT.to_owned())
                .one(self.db)
                .await?
                .map(|fact| fact.value),
        )
    }

    /// Creates the first administrator with the code from the log and signs them in; works once per installation.
    pub async fn create_first_administrator(
        &self,
        code: &str,
        input: FirstAdministrator,
        user_agent: Option<&str>,
    ) -> ServiceResult<NewSession> {
        let already = || {
            ServiceError::refused(
                Reason::AlreadySetUp,
                None,
                "this installation already has an administrator: sign in",
            )
        };
        if !self.needs_first_administrator().await? {
            return Err(already());
        }
        let name = Name::parse(&input.name).field("name")?.into_inner();
        let email = Email::parse(&input.email).field("email")?;
        let time_zone = match input.time_zone.as_deref() {
            Some(raw) => TimeZoneName::parse(raw).field("timeZone")?,
            None => TimeZoneName::default(),
        };
        check_password(&input.password, "password", email.as_str())?;
        self.reserve_attempt(SETUP_CODE_ATTEMPTS_KEY).await?;
        let expected = instance_fact::Entity::find_by_id(SETUP_CODE_FACT.to_owned())
            .one(self.db)
            .await?
            .map(|fact| fact.value);
        if !expected.is_some_and(|expected| same_code(&expected, code)) {
            return Err(ServiceError::refused(
                Reason::WrongSetupCode,
                Some("code"),
                "this is not the setup code printed in the server's log",
            ));
        }
        self.clear_attempts(self.db, SETUP_CODE_ATTEMPTS_KEY)
            .await?;
        let hash = hash_password(input.password).await?;
        let txn = tavolo_store::begin_write(self.db).await?;
        // The fact's key is the primary key: of two racing requests, one inserts and the other fails as a conflict.
        instance_fact::ActiveModel {
            key: Set(FIRST_ADMINISTRATOR_FACT.to_owned()),
            value: Set(email.as_str().to_owned()),
            created_at: Set(Utc::now()),
        }
        .insert(&txn)
        .await
        .map_err(|err| match ServiceError::from(err) {
            ServiceError::Conflict(_) => already(),
            other => other,
        })?;
        instance_fact::Entity::delete_by_id(SETUP_CODE_FACT.to_owned())
            .exec(&txn)
            .await?;
        ensure_unique_email(&txn, &email, None, "email").await?;
        let now = Utc::now();
        let admin = person::ActiveModel {
            name: Set(name),
            email: Set(email.as_str().to_owned()),
            organization_id: Set(None),
            locale: Set(input.locale),
            time_zone: Set(time_zone),
            instance_role: Set(InstanceRole::Admin),
            password_hash: Set(Some(hash)),
            active: Set(true),
            created_by: Set(None),
            first_signed_in_at: Set(None),
            terms_accepted_at: Set(Some(now)),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        audit::record(
            &txn,
            &super::actor_of(&admin, false),
            change(
                "create_first_administrator",
                "person",
                admin.id,
                format!("{} set up this installation", admin.email),
            ),
        )
        .await?;
        let session = open_session(&txn, admin, SignInMethod::Password, user_agent).await?;
        txn.commit().await?;
        Ok(session)
    }
}

fn new_code() -> String {
    let mut rng = rand::rng();
    let letters: Vec<char> = (0..12)
        .map(|_| char::from(CODE_ALPHABET[rng.random_range(0..CODE_ALPHABET.len())]))
        .collect();
    letters
        .chunks(4)
        .map(|chunk| chunk.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// Compares codes ignoring case, spaces and dashes, in constant time for codes of the same length.
fn same_code(expected: &str, given: &str) -> bool {
    let normal = |text: &str| -> Vec<u8> {
        text.chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_uppercase() as u8)
            .collect()
    };
    let (expected, given) = (normal(expected), normal(given));
    expected.len() == given.len()
        && expected
            .iter()
            .zip(&given)
            .fold(0u8, |diff, (a, b)| diff | (a ^ b))
            == 0
}
