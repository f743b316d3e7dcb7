//! Operational protocols: the protocol, its versions with sections, signatories and comments, its files and links,
//! the comparison of two versions; drafting, adoption and signing.

use async_graphql::{Context, ID, InputObject, Object};
use chrono::{DateTime, NaiveDate, Utc};
use tavolo_domain::{ProtocolStanding, ProtocolStatus};
use tavolo_service::protocols::{DraftInput, SectionInput, standing};
use tavolo_store::entity::{
    protocol, protocol_comment, protocol_file, protocol_section, protocol_signatory,
    protocol_version,
};

use crate::directory::{Organization, Person};
use crate::error::parse_id;
use crate::loaders::{
    CommentsOfProtocolVersion, FilesOfProtocol, OrganizationKey, PersonKey, PracticesOfProtocol,
    ProtocolKey, SectionsOfProtocolVersion, SignatoriesOfProtocolVersion, StrategyLinksOfProtocol,
    TableKey, VersionsOfProtocol,
};
use crate::minutes::{Decision, DiffLine};
use crate::practices::GoodPractice;
use crate::tables::Table;
use crate::{ApiResult, loader, parts};

fn id(value: i64) -> ID {
    ID(value.to_string())
}

/// An operational protocol of a table (health, school, social…): a versioned text adopted by a decision and
/// signed by member organizations.
pub struct Protocol(pub protocol::Model);

impl Protocol {
    async fn all_versions(&self, ctx: &Context<'_>) -> ApiResult<Vec<protocol_version::Model>> {
        Ok(loader(ctx)?
            .load_one(VersionsOfProtocol(self.0.id))
            .await?
            .unwrap_or_default())
    }

    async fn version_standing(
        &self,
        ctx: &Context<'_>,
        wanted: ProtocolStanding,
    ) -> ApiResult<Option<ProtocolVersion>> {
        let versions = self.all_versions(ctx).await?;
        let today = Utc::now().date_naive();
        Ok(versions
            .iter()
            .find(|v| standing(v, &versions, today) == wanted)
            .cloned()
            .map(ProtocolVersion))
    }
}

#[Object]
impl Protocol {
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    async fn title(&self) -> &str {
        &self.0.title
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    async fn table(&self, ctx: &Context<'_>) -> ApiResult<Option<Table>> {
        Ok(loader(ctx)?
            .load_one(TableKey(self.0.table_id))
            .await?
            .map(Table))
    }
    /// The versions the caller may read, newest first: adopted ones for whoever sees the table, drafts for its
    /// members.
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn versions(&self, ctx: &Context<'_>) -> ApiResult<Vec<ProtocolVersion>> {
        Ok(self
            .all_versions(ctx)
            .await?
            .into_iter()
            .map(ProtocolVersion)
            .collect())
    }
    /// One version by its number, when the caller may read it.
    async fn version(&self, ctx: &Context<'_>, number: i32) -> ApiResult<Option<ProtocolVersion>> {
        Ok(self
            .all_versions(ctx)
            .await?
            .into_iter()
            .find(|v| v.number == number)
            .map(ProtocolVersion))
    }
    /// The version in force today, if any.
    async fn in_force(&self, ctx: &Context<'_>) -> ApiResult<Option<ProtocolVersion>> {
        self.version_standing(ctx, ProtocolStanding::InForce).await
    }
    /// The open draft, for the table's members.
    async fn draft(&self, ctx: &Context<'_>) -> ApiResult<Option<ProtocolVersion>> {
        self.version_standing(ctx, ProtocolStanding::Draft).await
    }
    /// Strategy activities (and other elements) linked to the protocol.
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn strategy_elements(
        &self,
        ctx: &Context<'_>,
    ) -> ApiResult<Vec<crate::strategy::LinkedStrategyElement>> {
        crate::strategy::linked_elements(ctx, StrategyLinksOfProtocol(self.0.id)).await
    }
    /// The good practices it refers to, among those the caller may read.
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn practices(&self, ctx: &Context<'_>) -> ApiResult<Vec<GoodPractice>> {
        Ok(loader(ctx)?
            .load_one(PracticesOfProtocol(self.0.id))
            .await?
            .unwrap_or_default()
            .into_iter()
            .map(|linked| GoodPractice(linked.practice))
            .collect())
    }
    /// Files attached to it, oldest first.
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn files(&self, ctx: &Context<'_>) -> ApiResult<Vec<ProtocolFile>> {
        Ok(loader(ctx)?
            .load_one(FilesOfProtocol(self.0.id))
            .await?
            .unwrap_or_default()
            .into_iter()
            .map(ProtocolFile)
            .collect())
    }
    /// Where to upload a file (multipart, one `file` field), for whoever drafts the protocol.
    async fn upload_url(&self) -> String {
        format!("/protocols/{}/files", self.0.id)
    }
    /// Whether the caller drafts the protocol (sections, signatories, revisions, files, links).
    async fn can_edit(&self, ctx: &Context<'_>) -> ApiResult<bool> {
        let (services, actor) = parts(ctx)?;
        Ok(services.protocols().abilities(actor, self.0.id).await?.edit)
    }
    /// Whether the caller records adoptions (the chair).
    async fn can_adopt(&self, ctx: &Context<'_>) -> ApiResult<bool> {
        let (services, actor) = parts(ctx)?;
        Ok(services
            .protocols()
            .abilities(actor, self.0.id)
            .await?
            .adopt)
    }
    /// Whether the caller may comment on drafts (the table's members).
    async fn can_comment(&self, ctx: &Context<'_>) -> ApiResult<bool> {
        let (services, actor) = parts(ctx)?;
        Ok(services
            .protocols()
            .abilities(actor, self.0.id)
            .await?
            .comment)
    }
    /// How version `to` differs from version `from`, line by line (section headings included).
    async fn comparison(&self, ctx: &Context<'_>, from: i32, to: i32) -> ApiResult<Vec<DiffLine>> {
        let (services, actor) = parts(ctx)?;
        Ok(services
            .protocols()
            .compare(actor, self.0.id, from, to)
            .await?
            .into_iter()
            .map(DiffLine::from)
            .collect())
    }
}

/// A numbered version of a protocol.
pub struct ProtocolVersion(pub protocol_version::Model);

#[Object]
impl ProtocolVersion {
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    async fn number(&self) -> i32 {
        self.0.number
    }
    async fn status(&self) -> ProtocolStatus {
        self.0.status
    }
    /// Where it stands today: draft, adopted for a date to come, in force, or superseded by a newer version.
    async fn standing(&self, ctx: &Context<'_>) -> ApiResult<ProtocolStanding> {
        let versions = loader(ctx)?
            .load_one(VersionsOfProtocol(self.0.protocol_id))
            .await?
            .unwrap_or_default();
        Ok(standing(&self.0, &versions, Utc::now().date_naive()))
    }
    async fn protocol(&self, ctx: &Context<'_>) -> ApiResult<Option<Protocol>> {
        Ok(loader(ctx)?
            .load_one(ProtocolKey(self.0.protocol_id))
            .await?
            .map(Protocol))
    }
    /// The decision that adopted it, when the caller may read the minutes it is in.
    async fn decision(&self, ctx: &Context<'_>) -> ApiResult<Option<Decision>> {
        let Some(decision_id) = self.0.decision_id else {
            return Ok(None);
        };
        let (services, actor) = parts(ctx)?;
        Ok(services
            .minutes()
            .decision(actor, decision_id)
            .await
            .ok()
            .map(Decision))
    }
    async fn adopted_at(&self) -> Option<DateTime<Utc>> {
        self.0.adopted_at
    }
    async fn adopted_by(&self, ctx: &Context<'_>) -> ApiResult<Option<Person>> {
        let Some(person_id) = self.0.adopted_by else {
            return Ok(None);
        };
        Ok(loader(ctx)?
            .load_one(PersonKey(person_id))
            .await?
            .map(Person))
    }
    async fn in_force_from(&self) -> Option<NaiveDate> {
        self.0.in_force_from
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    /// Its sections, in order.
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn sections(&self, ctx: &Context<'_>) -> ApiResult<Vec<ProtocolSection>> {
        Ok(loader(ctx)?
            .load_one(SectionsOfProtocolVersion(self.0.id))
            .await?
            .unwrap_or_default()
            .into_iter()
            .map(ProtocolSection)
            .collect())
    }
    /// The organizations named to sign it, with who signed for each and when.
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn signatories(&self, ctx: &Context<'_>) -> ApiResult<Vec<ProtocolSignatory>> {
        Ok(loader(ctx)?
            .load_one(SignatoriesOfProtocolVersion(self.0.id))
            .await?
            .unwrap_or_default()
            .into_iter()
            .map(ProtocolSignatory)
            .collect())
    }
    /// The members' comments, oldest first: none for readers outside the table.
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn comments(&self, ctx: &Context<'_>) -> ApiResult<Vec<ProtocolComment>> {
        Ok(loader(ctx)?
            .load_one(CommentsOfProtocolVersion(self.0.id))
            .await?
            .unwrap_or_default()
            .into_iter()
            .map(ProtocolComment)
            .collect())
    }
    /// The organizations the caller may sign this version for now (as their delegate at the table).
    async fn signable_for(&self, ctx: &Context<'_>) -> ApiResult<Vec<Organization>> {
        let (services, actor) = parts(ctx)?;
        let ids = services.protocols().signable_for(actor, self.0.id).await?;
        let keys: Vec<OrganizationKey> = ids.into_iter().map(OrganizationKey).collect();
        let found = loader(ctx)?.load_many(keys.clone()).await?;
        Ok(keys
            .iter()
            .filter_map(|k| found.get(k).cloned().map(Organization))
            .collect())
    }
}

/// A section of a protocol version.
pub struct ProtocolSection(protocol_section::Model);

#[Object]
impl ProtocolSection {
    /// The same in every version that carries the section.
    async fn key(&self) -> &str {
        &self.0.key
    }
    async fn heading(&self) -> &str {
        &self.0.heading
    }
    /// Markdown.
    async fn body(&self) -> &str {
        &self.0.body
    }
    /// The body as safe HTML.
    async fn html(&self) -> String {
        tavolo_service::markdown::to_safe_html(&self.0.body)
    }
}

/// An organization named to sign a protocol version, and its signature once given.
pub struct ProtocolSignatory(pub protocol_signatory::Model);

#[Object]
impl ProtocolSignatory {
    async fn organization(&self, ctx: &Context<'_>) -> ApiResult<Option<Organization>> {
        Ok(loader(ctx)?
            .load_one(OrganizationKey(self.0.organization_id))
            .await?
            .map(Organization))
    }
    async fn signed(&self) -> bool {
        self.0.signed_at.is_some()
    }
    /// The delegate who signed for the organization.
    async fn signed_by(&self, ctx: &Context<'_>) -> ApiResult<Option<Person>> {
        let Some(person_id) = self.0.signed_by else {
            return Ok(None);
        };
        Ok(loader(ctx)?
            .load_one(PersonKey(person_id))
            .await?
            .map(Person))
    }
    async fn signed_at(&self) -> Option<DateTime<Utc>> {
        self.0.signed_at
    }
}

/// A member's comment on a section of a draft.
pub struct ProtocolComment(protocol_comment::Model);

#[Object]
impl ProtocolComment {
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    async fn section_key(&self) -> &str {
        &self.0.section_key
    }
    async fn body(&self) -> &str {
        &self.0.body
    }
    async fn author(&self, ctx: &Context<'_>) -> ApiResult<Option<Person>> {
        Ok(loader(ctx)?
            .load_one(PersonKey(self.0.author_id))
            .await?
            .map(Person))
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn resolved(&self) -> bool {
        self.0.resolved_at.is_some()
    }
    async fn resolved_at(&self) -> Option<DateTime<Utc>> {
        self.0.resolved_at
    }
}

/// A file attached to a protocol.
pub struct ProtocolFile(protocol_file::Model);

#[Object]
impl ProtocolFile {
    async fn id(&self) -> ID {
        id(self.0.id)
    }
    async fn file_name(&self) -> &str {
        &self.0.file_name
    }
    async fn media_type(&self) -> &str {
        &self.0.media_type
    }
    async fn size_bytes(&self) -> i64 {
        self.0.size_bytes
    }
    /// Where to download it (as someone who may read the protocol).
    async fn url(&self) -> String {
        tavolo_service::protocols::download_path(&self.0)
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// A section as written in the draft editor.
#[derive(InputObject)]
pub struct ProtocolSectionFields {
    /// The section's key when it is already in the draft (its comments stay with it); none for a new section.
    key: Option<String>,
    heading: String,
    /// Markdown.
    #[graphql(default)]
    body: String,
}

/// A draft's fields; those left out stay as they are.
#[derive(InputObject)]
pub struct ProtocolDraftFields {
    title: Option<String>,
    /// Every section, in order.
    sections: Option<Vec<ProtocolSectionFields>>,
    /// The member organizations that are to sign it.
    signatory_ids: Option<Vec<ID>>,
}

impl ProtocolDraftFields {
    fn into_input(self) -> ApiResult<DraftInput> {
        let signatory_ids = self
            .signatory_ids
            .map(|ids| {
                ids.iter()
                    .map(|id| parse_id(id, "signatoryIds"))
                    .collect::<ApiResult<Vec<_>>>()
            })
            .transpose()?;
        Ok(DraftInput {
            title: self.title,
            sections: self.sections.map(|sections| {
                sections
                    .into_iter()
                    .map(|s| SectionInput {
                        key: s.key,
                        heading: s.heading,
                        body: s.body,
                    })
                    .collect()
            }),
            signatory_ids,
        })
    }
}

#[derive(Default)]
pub struct ProtocolQuery;

#[Object]
impl ProtocolQuery {
    async fn protocol(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Protocol> {
        let (services, actor) = parts(ctx)?;
        Ok(Protocol(
            services
                .protocols()
                .protocol(actor, parse_id(&id, "id")?)
                .await?,
        ))
    }

    /// A table's protocols the caller may see, by title: those adopted, and drafts for its members.
    #[graphql(complexity = "crate::limits::LIST_COST * child_complexity")]
    async fn protocols(&self, ctx: &Context<'_>, table_id: ID) -> ApiResult<Vec<Protocol>> {
        let (services, actor) = parts(ctx)?;
        Ok(services
            .protocols()
            .protocols(actor, parse_id(&table_id, "tableId")?)
            .await?
            .into_iter()
            .map(Protocol)
            .collect())
    }
}

#[derive(Default)]
pub struct ProtocolMutation;

#[Object]
impl ProtocolMutation {
    /// A new protocol of a table with an empty first draft, by whoever runs the table.
    async fn create_protocol(
        &self,
        ctx: &Context<'_>,
        table_id: ID,
        title: String,
    ) -> ApiResult<Protocol> {
        let (services, actor) = parts(ctx)?;
        let (protocol, _) = services
            .protocols()
            .create(actor, parse_id(&table_id, "tableId")?, &title)
            .await?;
        Ok(Protocol(protocol))
    }

    /// Saves a draft's title, sections and signatories together.
    async fn save_protocol_draft(
        &self,
        ctx: &Context<'_>,
        version_id: ID,
        input: ProtocolDraftFields,
    ) -> ApiResult<ProtocolVersion> {
        let (services, actor) = parts(ctx)?;
        let version_id = parse_id(&version_id, "versionId")?;
        Ok(ProtocolVersion(
            services
                .protocols()
                .save_draft(actor, version_id, input.into_input()?)
                .await?,
        ))
    }

    /// A new draft copied from the newest adopted version.
    async fn start_protocol_revision(
        &self,
        ctx: &Context<'_>,
        protocol_id: ID,
    ) -> ApiResult<ProtocolVersion> {
        let (services, actor) = parts(ctx)?;
        Ok(ProtocolVersion(
            services
                .protocols()
                .start_revision(actor, parse_id(&protocol_id, "protocolId")?)
                .await?,
        ))
    }

    /// The chair records the decision (approved, in one of the table's meetings) that adopted a draft, and the
    /// date it is in force from.
    async fn adopt_protocol(
        &self,
        ctx: &Context<'_>,
        version_id: ID,
        decision_id: ID,
        in_force_from: NaiveDate,
    ) -> ApiResult<ProtocolVersion> {
        let (services, actor) = parts(ctx)?;
        Ok(ProtocolVersion(
            services
                .protocols()
                .adopt(
                    actor,
                    parse_id(&version_id, "versionId")?,
                    parse_id(&decision_id, "decisionId")?,
                    in_force_from,
                )
                .await?,
        ))
    }

    /// A delegate signs an adopted version for the organization they represent at the table.
    async fn sign_protocol(
        &self,
        ctx: &Context<'_>,
        version_id: ID,
        organization_id: ID,
    ) -> ApiResult<ProtocolSignatory> {
        let (services, actor) = parts(ctx)?;
        Ok(ProtocolSignatory(
            services
                .protocols()
                .sign(
                    actor,
                    parse_id(&version_id, "versionId")?,
                    parse_id(&organization_id, "organizationId")?,
                )
                .await?,
        ))
    }

    /// A member comments on a section of a draft.
    async fn comment_on_protocol(
        &self,
        ctx: &Context<'_>,
        version_id: ID,
        section_key: String,
        body: String,
    ) -> ApiResult<ProtocolComment> {
        let (services, actor) = parts(ctx)?;
        Ok(ProtocolComment(
            services
                .protocols()
                .comment(
                    actor,
                    parse_id(&version_id, "versionId")?,
                    &section_key,
                    &body,
                )
                .await?,
        ))
    }

    async fn resolve_protocol_comment(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> ApiResult<ProtocolComment> {
        let (services, actor) = parts(ctx)?;
        Ok(ProtocolComment(
            services
                .protocols()
                .resolve_comment(actor, parse_id(&id, "id")?)
                .await?,
        ))
    }

    /// The protocol refers to a good practice.
    async fn link_protocol_practice(
        &self,
        ctx: &Context<'_>,
        protocol_id: ID,
        practice_id: ID,
    ) -> ApiResult<Protocol> {
        let (services, actor) = parts(ctx)?;
        let protocol_id = parse_id(&protocol_id, "protocolId")?;
        let protocols = services.protocols();
        protocols
            .link_practice(actor, protocol_id, parse_id(&practice_id, "practiceId")?)
            .await?;
        Ok(Protocol(protocols.protocol(actor, protocol_id).await?))
    }

    async fn unlink_protocol_practice(
        &self,
        ctx: &Context<'_>,
        protocol_id: ID,
        practice_id: ID,
    ) -> ApiResult<Protocol> {
        let (services, actor) = parts(ctx)?;
        let protocol_id = parse_id(&protocol_id, "protocolId")?;
        let protocols = services.protocols();
        protocols
            .unlink_practice(actor, protocol_id, parse_id(&practice_id, "practiceId")?)
            .await?;
        Ok(Protocol(protocols.protocol(actor, protocol_id).await?))
    }

    async fn remove_protocol_file(&self, ctx: &Context<'_>, id: ID) -> ApiResult<ProtocolFile> {
        let (services, actor) = parts(ctx)?;
        Ok(ProtocolFile(
            services
                .protocols()
                .remove_file(actor, parse_id(&id, "id")?)
                .await?,
        ))
    }
}
