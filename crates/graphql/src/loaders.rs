//! Per-request DataLoaders: each relation a list can reach is fetched in one batched query per level, as the caller.

use std::collections::HashMap;
use std::hash::Hash;

use async_graphql::dataloader::Loader;
use tavolo_domain::Actor;
use tavolo_domain::{AccountState, StrategyLinkKind};
use tavolo_service::courses::{CourseHours, Places};
use tavolo_service::meetings::MeetingHeading;
use tavolo_service::practices::Facets;
use tavolo_service::protocols::LinkedPractice;
use tavolo_service::questionnaires::Structure;
use tavolo_service::strategy::LinkedElement;
use tavolo_service::{ServiceError, ServiceResult, Services};
use tavolo_store::entity::{
    action_item, agenda_item, attendance, calendar_reply, course, course_enrolment, decision,
    invitation, meeting, meeting_file, meeting_series, membership, minutes, minutes_comment,
    minutes_note, minutes_revision, organization, person, practice_adoption, practice_attachment,
    practice_comment, protocol, protocol_comment, protocol_file, protocol_section,
    protocol_signatory, protocol_version, seat, strategy_version, table,
};

/// Loads for one request; it carries the caller, so loaded tables obey the same visibility as lists.
pub struct TavoloLoader {
    services: Services,
    actor: Actor,
}

impl TavoloLoader {
    pub fn new(services: Services, actor: Actor) -> Self {
        Self { services, actor }
    }
}

/// Declares a key type and how a batch of such keys is answered.
macro_rules! keyed {
    ($key:ident => $value:ty) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub struct $key(pub i64);
        impl From<$key> for i64 {
            fn from(key: $key) -> i64 {
                key.0
            }
        }
        impl From<i64> for $key {
            fn from(id: i64) -> Self {
                $key(id)
            }
        }
    };
}

keyed!(OrganizationKey => organization::Model);
keyed!(PersonKey => person::Model);
keyed!(TableKey => table::Model);
keyed!(SeatKey => seat::Model);
keyed!(SeatsOfTable => Vec<seat::Model>);
keyed!(MembershipsOfTable => Vec<membership::Model>);
keyed!(DelegatesOfSeat => Vec<membership::Model>);
keyed!(ChildrenOfTable => Vec<table::Model>);
keyed!(MembershipsOfPerson => Vec<membership::Model>);
keyed!(MyRolesAt => Vec<membership::Model>);
keyed!(PeopleOfOrganization => Vec<person::Model>);
keyed!(AccountStateOfPerson => AccountState);
keyed!(MeetingKey => meeting::Model);
keyed!(SeriesKey => meeting_series::Model);
keyed!(OccurrencesOfSeries => Vec<meeting::Model>);
keyed!(MeetingHeadingKey => MeetingHeading);
keyed!(AgendaOfMeeting => Vec<agenda_item::Model>);
keyed!(InvitationsOfMeeting => Vec<invitation::Model>);
keyed!(AttendanceOfMeeting => Vec<attendance::Model>);
keyed!(MinutesOfMeeting => minutes::Model);
keyed!(AdoptionsOfPractice => Vec<practice_adoption::Model>);
keyed!(FacetsOfPractice => Facets);
keyed!(CommentsOfPractice => Vec<practice_comment::Model>);
keyed!(AttachmentsOfPractice => Vec<practice_attachment::Model>);
keyed!(FilesOfMeeting => Vec<meeting_file::Model>);
keyed!(CalendarRepliesOfMeeting => Vec<calendar_reply::Model>);
keyed!(StrategyLinksOfDecision => Vec<LinkedElement>);
keyed!(StrategyLinksOfPractice => Vec<LinkedElement>);
keyed!(StrategyLinksOfAgendaItem => Vec<LinkedElement>);
keyed!(StrategyLinksOfActionItem => Vec<LinkedElement>);
keyed!(StrategyApprovedBy => Vec<strategy_version::Model>);
keyed!(NotesOfMinutes => Vec<minutes_note::Model>);
keyed!(DecisionsOfMeeting => Vec<decision::Model>);
keyed!(ActionItemsOfMeeting => Vec<action_item::Model>);
keyed!(CommentsOfMinutes => Vec<minutes_comment::Model>);
keyed!(RevisionsOfMinutes => Vec<minutes_revision::Model>);
keyed!(CourseKey => course::Model);
keyed!(SessionsOfCourse => Vec<meeting::Model>);
keyed!(EnrolmentsOfCourse => Vec<course_enrolment::Model>);
keyed!(HoursOfCourse => CourseHours);
keyed!(ProtocolKey => protocol::Model);
keyed!(VersionsOfProtocol => Vec<protocol_version::Model>);
keyed!(SectionsOfProtocolVersion => Vec<protocol_section::Model>);
keyed!(SignatoriesOfProtocolVersion => Vec<protocol_signatory::Model>);
keyed!(CommentsOfProtocolVersion => Vec<protocol_comment::Model>);
keyed!(FilesOfProtocol => Vec<protocol_file::Model>);
keyed!(PracticesOfProtocol => Vec<LinkedPractice>);
keyed!(ProtocolsCitingPractice => Vec<protocol::Model>);
keyed!(ProtocolAdoptedBy => Vec<protocol_version::Model>);
keyed!(StrategyLinksOfProtocol => Vec<LinkedElement>);
keyed!(StructureOfQuestionnaire => Structure);
keyed!(OrganizationsOfQuestionnaire => Vec<organization::Model>);
keyed!(PlacesOfCourse => Places);

fn ids<K: Copy + Into<i64>>(keys: &[K]) -> Vec<i64> {
    keys.iter().map(|k| (*k).into()).collect()
}

/// One row per key.
fn by_id<K: From<i64> + Hash + Eq, M>(rows: Vec<M>, id: impl Fn(&M) -> i64) -> HashMap<K, M> {
    rows.into_iter()
        .map(|row| (K::from(id(&row)), row))
        .collect()
}

/// Rows grouped under their key; every requested key gets a list, empty when nothing matched.
fn grouped<K: From<i64> + Hash + Eq + Copy, M>(
    keys: &[K],
    rows: Vec<M>,
    key_of: impl Fn(&M) -> Option<i64>,
) -> HashMap<K, Vec<M>> {
    let mut groups: HashMap<K, Vec<M>> = keys.iter().map(|k| (*k, Vec::new())).collect();
    for row in rows {
        if let Some(key) = key_of(&row) {
            groups.entry(K::from(key)).or_default().push(row);
        }
    }
    groups
}

impl Loader<AccountStateOfPerson> for TavoloLoader {
    type Value = AccountState;
    type Error = ServiceError;
    async fn load(
        &self,
        keys: &[AccountStateOfPerson],
    ) -> ServiceResult<HashMap<AccountStateOfPerson, Self::Value>> {
        let states = self
            .services
            .accounts()
            .account_states(&self.actor, &ids(keys))
            .await?;
        Ok(states
            .into_iter()
            .map(|(id, state)| (AccountStateOfPerson(id), state))
            .collect())
    }
}

impl Loader<OrganizationKey> for TavoloLoader {
    type Value = organization::Model;
    type Error = ServiceError;
    async fn load(
        &self,
        keys: &[OrganizationKey],
    ) -> ServiceResult<HashMap<OrganizationKey, Self::Value>> {
        let rows = self
            .services
            .directory()
            .organizations_by_ids(&self.actor, &ids(keys))
            .await?;
        Ok(by_id(rows, |r| r.id))
    }
}

impl Loader<PersonKey> for TavoloLoader {
    type Value = person::Model;
    type Error = ServiceError;
    async fn load(&self, keys: &[PersonKey]) -> ServiceResult<HashMap<PersonKey, Self::Value>> {
        let rows = self
            .services
            .directory()
            .people_by_ids(&self.actor, &ids(keys))
            .await?;
        Ok(by_id(rows, |r| r.id))
    }
}

impl Loader<TableKey> for TavoloLoader {
    type Value = table::Model;
    type Error = ServiceError;
    async fn load(&self, keys: &[TableKey]) -> ServiceResult<HashMap<TableKey, Self::Value>> {
        let rows = self
            .services
            .tables()
            .tables_by_ids(&self.actor, &ids(keys))
            .await?;
        Ok(by_id(rows, |r| r.id))
    }
}

impl Loader<SeatKey> for TavoloLoader {
    type Value = seat::Model;
    type Error = ServiceError;
    async fn load(&self, keys: &[SeatKey]) -> ServiceResult<HashMap<SeatKey, Self::Value>> {
        let rows = self
            .services
            .tables()
            .seats_by_ids(&self.actor, &ids(keys))
            .await?;
        Ok(by_id(rows, |r| r.id))
    }
}

impl Loader<SeatsOfTable> for TavoloLoader {
    type Value = Vec<seat::Model>;
    type Error = ServiceError;
    async fn load(
        &self,
        keys: &[SeatsOfTable],
    ) -> ServiceResult<HashMap<SeatsOfTable, Self::Value>> {
        let rows = self
            .services
            .tables()
            .seats_of_tables(&self.actor, &ids(keys))
            .await?;
        Ok(grouped(keys, rows, |r| Some(r.table_id)))
    }
}

impl Loader<MembershipsOfTable> for TavoloLoader {
    type Value = Vec<membership::Model>;
    type Error = ServiceError;
    async fn load(
        &self,
        keys: &[MembershipsOfTable],
    ) -> ServiceResult<HashMap<MembershipsOfTable, Self::Value>> {
        let rows = self
            .services
            .tables()
            .memberships_of_tables(&self.actor, &ids(keys))
            .await?;
        Ok(grouped(keys, rows, |r| Some(r.table_id)))
    }
}

impl Loader<DelegatesOfSeat> for TavoloLoader {
    type Value = Vec<membership::Model>;
    type Error = ServiceError;
    async fn load(
        &self,
        keys: &[DelegatesOfSeat],
    ) -> ServiceResult<HashMap<DelegatesOfSeat, Self::Value>> {
        let rows = self
            .services
            .tables()
            .delegates_of_seats(&self.actor, &ids(keys))
            .await?;
        Ok(grouped(keys, rows, |r| r.seat_id))
    }
}

impl Loader<ChildrenOfTable> for TavoloLoader {
    type Value = Vec<table::Model>;
    type Error = ServiceError;
    async fn load(
        &self,
        keys: &[ChildrenOfTable],
    ) -> ServiceResult<HashMap<ChildrenOfTable, Self::Value>> {
        let rows = self
            .services
            .tables()
            .children_of(&self.actor, &ids(keys))
            .await?;
        Ok(grouped(keys, rows, |r| r.parent_id))
    }
}

impl Loader<MembershipsOfPerson> for TavoloLoader {
    type Value = Vec<membership::Model>;
    type Error = ServiceError;
    async fn load(
        &self,
        keys: &[MembershipsOfPerson],
    ) -> ServiceResult<HashMap<MembershipsOfPerson, Self::Value>> {
        let rows = self
            .services
            .tables()
            .memberships_of_people(&self.actor, &ids(keys))
            .await?;
        Ok(grouped(keys, rows, |r| Some(r.person_id)))
    }
}

impl Loader<MyRolesAt> for TavoloLoader {
    type Value = Vec<membership::Model>;
    type Error = ServiceError;
    async fn load(&self, keys: &[MyRolesAt]) -> ServiceResult<HashMap<MyRolesAt, Self::Value>> {
        let rows = self
            .services
            .tables()
            .my_roles(&self.actor, &ids(keys))
            .await?;
        Ok(grouped(keys, rows, |r| Some(r.table_id)))
    }
}

impl Loader<PeopleOfOrganization> for TavoloLoader {
    type Value = Vec<person::Model>;
    type Error = ServiceError;
    async fn load(
        &self,
        keys: &[PeopleOfOrganization],
    ) -> ServiceResult<HashMap<PeopleOfOrganization, Self::Value>> {
        let rows = self
            .services
            .directory()
            .people_of_organizations(&self.actor, &ids(keys))
            .await?;
        Ok(grouped(keys, rows, |r| r.organization_id))
    }
}

impl Loader<MeetingKey> for TavoloLoader {
    type Value = meeting::Model;
    type Error = ServiceError;
    async fn load(&self, keys: &[MeetingKey]) -> ServiceResult<HashMap<MeetingKey, Self::Value>> {
        let rows = self
            .services
            .meetings()
            .meetings_by_ids(&self.actor, &ids(keys))
            .await?;
        Ok(by_id(rows, |r| r.id))
    }
}

impl Loader<CourseKey> for TavoloLoader {
    type Value = course::Model;
    type Error = ServiceError;
    async fn load(&self, keys: &[CourseKey]) -> ServiceResult<HashMap<CourseKey, Self::Value>> {
        let rows = self
            .services
            .courses()
            .courses_by_ids(&self.actor, &ids(keys))
            .await?;
        Ok(by_id(rows, |r| r.id))
    }
}

impl Loader<SessionsOfCourse> for TavoloLoader {
    type Value = Vec<meeting::Model>;
    type Error = ServiceError;
    async fn load(
        &self,
        keys: &[SessionsOfCourse],
    ) -> ServiceResult<HashMap<SessionsOfCourse, Self::Value>> {
        let rows = self
            .services
            .courses()
            .sessions(&self.actor, &ids(keys))
            .await?;
        Ok(grouped(keys, rows, |r| r.course_id))
    }
}

impl Loader<EnrolmentsOfCourse> for TavoloLoader {
    type Value = Vec<course_enrolment::Model>;
    type Error = ServiceError;
    async fn load(
        &self,
        keys: &[EnrolmentsOfCourse],
    ) -> ServiceResult<HashMap<EnrolmentsOfCourse, Self::Value>> {
        let rows = self
            .services
            .courses()
            .enrolments(&self.actor, &ids(keys))
            .await?;
        Ok(grouped(keys, rows, |r| Some(r.course_id)))
    }
}

impl Loader<HoursOfCourse> for TavoloLoader {
    type Value = CourseHours;
    type Error = ServiceError;
    async fn load(
        &self,
        keys: &[HoursOfCourse],
    ) -> ServiceResult<HashMap<HoursOfCourse, Self::Value>> {
        let hours = self
            .services
            .courses()
            .hours(&self.actor, &ids(keys))
            .await?;
        Ok(hours
            .into_iter()
            .map(|(id, h)| (HoursOfCourse(id), h))
            .collect())
    }
}

impl Loader<PlacesOfCourse> for TavoloLoader {
    type Value = Places;
    type Error = ServiceError;
    async fn load(
        &self,
        keys: &[PlacesOfCourse],
    ) -> ServiceResult<HashMap<PlacesOfCourse, Self::Value>> {
        let places = self
            .services
            .courses()
            .places(&self.actor, &ids(keys))
            .await?;
        Ok(places
            .into_iter()
            .map(|(id, p)| (PlacesOfCourse(id), p))
            .collect())
    }
}

impl Loader<SeriesKey> for TavoloLoader {
    type Value = meeting_series::Model;
    type Error = ServiceError;
    async fn load(&self, keys: &[SeriesKey]) -> ServiceResult<HashMap<SeriesKey, Self::Value>> {
        let rows = self
            .services
            .meetings()
            .series_by_ids(&self.actor, &ids(keys))
            .await?;
        Ok(by_id(rows, |r| r.id))
    }
}

impl Loader<OccurrencesOfSeries> for TavoloLoader {
    type Value = Vec<meeting::Model>;
    type Error = ServiceError;
    async fn load(
        &self,
        keys: &[OccurrencesOfSeries],
    ) -> ServiceResult<HashMap<OccurrencesOfSeries, Self::Value>> {
        let rows = self
            .services
            .meetings()
            .occurrences(&self.actor, &ids(keys))
            .await?;
        Ok(grouped(keys, rows, |r| r.series_id))
    }
}

impl Loader<MeetingHeadingKey> for TavoloLoader {
    type Value = MeetingHeading;
    type Error = ServiceError;
    async fn load(
        &self,
        keys: &[MeetingHeadingKey],
    ) -> ServiceResult<HashMap<MeetingHeadingKey, Self::Value>> {
        let rows = self
            .services
            .meetings()
            .headings(&self.actor, &ids(keys))
            .await?;
        Ok(by_id(rows, |r| r.id))
    }
}

impl Loader<AgendaOfMeeting> for TavoloLoader {
    type Value = Vec<agenda_item::Model>;
    type Error = ServiceError;
    async fn load(
        &self,
        keys: &[AgendaOfMeeting],
    ) -> ServiceResult<HashMap<AgendaOfMeeting, Self::Value>> {
        let rows = self
            .services
            .meetings()
            .agendas(&self.actor, &ids(keys))
            .await?;
        Ok(grouped(keys, rows, |r| Some(r.meeting_id)))
    }
}

impl Loader<InvitationsOfMeeting> for TavoloLoader {
    type Value = Vec<invitation::Model>;
    type Error = ServiceError;
    async fn load(
        &self,
        keys: &[InvitationsOfMeeting],
    ) -> ServiceResult<HashMap<InvitationsOfMeeting, Self::Value>> {
        let rows = self
            .services
            .meetings()
            .invitations(&self.actor, &ids(keys))
            .await?;
        Ok(grouped(keys, rows, |r| Some(r.meeting_id)))
    }
}

impl Loader<AttendanceOfMeeting> for TavoloLoader {
    type Value = Vec<attendance::Model>;
    type Error = ServiceError;
    async fn load(
        &self,
        keys: &[AttendanceOfMeeting],
    ) -> ServiceResult<HashMap<AttendanceOfMeeting, Self::Value>> {
        let rows = self
            .services
            .meetings()
            .attendances(&self.actor, &ids(keys))
            .await?;
        Ok(grouped(keys, rows, |r| Some(r.meeting_id)))
    }
}

impl Loader<MinutesOfMeeting> for TavoloLoader {
    type Value = minutes::Model;
    type Error = ServiceError;
    async fn load(
        &self,
        keys: &[MinutesOfMeeting],
    ) -> ServiceResult<HashMap<MinutesOfMeeting, Self::Value>> {
        let rows = self
            .services
            .minutes()
            .minutes_of_meetings(&self.actor, &ids(keys))
            .await?;
        Ok(by_id(rows, |r| r.meeting_id))
    }
}

impl Loader<NotesOfMinutes> for TavoloLoader {
    type Value = Vec<minutes_note::Model>;
    type Error = ServiceError;
    async fn load(
        &self,
        keys: &[NotesOfMinutes],
    ) -> ServiceResult<HashMap<NotesOfMinutes, Self::Value>> {
        let rows = self
            .services
            .minutes()
            .notes(&self.actor, &ids(keys))
            .await?;
        Ok(grouped(keys, rows, |r| Some(r.minutes_id)))
    }
}

impl Loader<DecisionsOfMeeting> for TavoloLoader {
    type Value = Vec<decision::Model>;
    type Error = ServiceError;
    async fn load(
        &self,
        keys: &[DecisionsOfMeeting],
    ) -> ServiceResult<HashMap<DecisionsOfMeeting, Self::Value>> {
        let rows = self
            .services
            .minutes()
            .decisions(&self.actor, &ids(keys))
            .await?;
        Ok(grouped(keys, rows, |r| Some(r.meeting_id)))
    }
}

impl Loader<ActionItemsOfMeeting> for TavoloLoader {
    type Value = Vec<action_item::Model>;
    type Error = ServiceError;
    async fn load(
        &self,
        keys: &[ActionItemsOfMeeting],
    ) -> ServiceResult<HashMap<ActionItemsOfMeeting, Self::Value>> {
        let rows = self
            .services
            .minutes()
            .action_items_of_meetings(&self.actor, &ids(keys))
            .await?;
        Ok(grouped(keys, rows, |r| Some(r.meeting_id)))
    }
}

impl Loader<CommentsOfMinutes> for TavoloLoader {
    type Value = Vec<minutes_comment::Model>;
    type Error = ServiceError;
    async fn load(
        &self,
        keys: &[CommentsOfMinutes],
    ) -> ServiceResult<HashMap<CommentsOfMinutes, Self::Value>> {
        let rows = self
            .services
            .minutes()
            .comments(&self.actor, &ids(keys))
            .await?;
        Ok(grouped(keys, rows, |r| Some(r.minutes_id)))
    }
}

impl Loader<RevisionsOfMinutes> for TavoloLoader {
    type Value = Vec<minutes_revision::Model>;
    type Error = ServiceError;
    async fn load(
        &self,
        keys: &[RevisionsOfMinutes],
    ) -> ServiceResult<HashMap<RevisionsOfMinutes, Self::Value>> {
        let rows = self
            .services
            .minutes()
            .revisions(&self.actor, &ids(keys))
            .await?;
        Ok(grouped(keys, rows, |r| Some(r.minutes_id)))
    }
}

impl Loader<AdoptionsOfPractice> for TavoloLoader {
    type Value = Vec<practice_adoption::Model>;
    type Error = ServiceError;
    async fn load(
        &self,
        keys: &[AdoptionsOfPractice],
    ) -> ServiceResult<HashMap<AdoptionsOfPractice, Self::Value>> {
        let rows = self
            .services
            .practices()
            .adoptions(&self.actor, &ids(keys))
            .await?;
        Ok(grouped(keys, rows, |r| Some(r.practice_id)))
    }
}

impl Loader<FacetsOfPractice> for TavoloLoader {
    type Value = Facets;
    type Error = ServiceError;
    async fn load(
        &self,
        keys: &[FacetsOfPractice],
    ) -> ServiceResult<HashMap<FacetsOfPractice, Self::Value>> {
        let facets = self
            .services
            .practices()
            .facets(&self.actor, &ids(keys))
            .await?;
        Ok(facets
            .into_iter()
            .map(|(id, f)| (FacetsOfPractice(id), f))
            .collect())
    }
}

impl Loader<AttachmentsOfPractice> for TavoloLoader {
    type Value = Vec<practice_attachment::Model>;
    type Error = ServiceError;
    async fn load(
        &self,
        keys: &[AttachmentsOfPractice],
    ) -> ServiceResult<HashMap<AttachmentsOfPractice, Self::Value>> {
        let rows = self
            .services
            .practices()
            .attachments(&self.actor, &ids(keys))
            .await?;
        Ok(grouped(keys, rows, |r| Some(r.practice_id)))
    }
}

impl Loader<FilesOfMeeting> for TavoloLoader {
    type Value = Vec<meeting_file::Model>;
    type Error = ServiceError;
    async fn load(
        &self,
        keys: &[FilesOfMeeting],
    ) -> ServiceResult<HashMap<FilesOfMeeting, Self::Value>> {
        let rows = self
            .services
            .meeting_files()
            .files(&self.actor, &ids(keys))
            .await?;
        Ok(grouped(keys, rows, |r| Some(r.meeting_id)))
    }
}

impl Loader<CalendarRepliesOfMeeting> for TavoloLoader {
    type Value = Vec<calendar_reply::Model>;
    type Error = ServiceError;
    async fn load(
        &self,
        keys: &[CalendarRepliesOfMeeting],
    ) -> ServiceResult<HashMap<CalendarRepliesOfMeeting, Self::Value>> {
        let rows = self
            .services
            .meetings()
            .calendar_replies(&self.actor, &ids(keys))
            .await?;
        Ok(grouped(keys, rows, |r| r.meeting_id))
    }
}

impl Loader<CommentsOfPractice> for TavoloLoader {
    type Value = Vec<practice_comment::Model>;
    type Error = ServiceError;
    async fn load(
        &self,
        keys: &[CommentsOfPractice],
    ) -> ServiceResult<HashMap<CommentsOfPractice, Self::Value>> {
        let rows = self
            .services
            .practices()
            .comments(&self.actor, &ids(keys))
            .await?;
        Ok(grouped(keys, rows, |r| Some(r.practice_id)))
    }
}

impl TavoloLoader {
    async fn linked(
        &self,
        kind: StrategyLinkKind,
        ids: &[i64],
    ) -> ServiceResult<Vec<LinkedElement>> {
        self.services
            .strategy()
            .linked_elements(&self.actor, kind, ids)
            .await
    }
}

/// A loader of the strategy elements linked to targets of one kind.
macro_rules! linked_loader {
    ($key:ident, $kind:ident) => {
        impl Loader<$key> for TavoloLoader {
            type Value = Vec<LinkedElement>;
            type Error = ServiceError;
            async fn load(&self, keys: &[$key]) -> ServiceResult<HashMap<$key, Self::Value>> {
                let rows = self.linked(StrategyLinkKind::$kind, &ids(keys)).await?;
                Ok(grouped(keys, rows, |r| Some(r.link.target_id)))
            }
        }
    };
}

linked_loader!(StrategyLinksOfDecision, Decision);
linked_loader!(StrategyLinksOfPractice, Practice);
linked_loader!(StrategyLinksOfAgendaItem, AgendaItem);
linked_loader!(StrategyLinksOfActionItem, ActionItem);
linked_loader!(StrategyLinksOfProtocol, Protocol);

impl Loader<StrategyApprovedBy> for TavoloLoader {
    type Value = Vec<strategy_version::Model>;
    type Error = ServiceError;
    async fn load(
        &self,
        keys: &[StrategyApprovedBy],
    ) -> ServiceResult<HashMap<StrategyApprovedBy, Self::Value>> {
        let rows = self
            .services
            .strategy()
            .approved_by_decisions(&self.actor, &ids(keys))
            .await?;
        Ok(grouped(keys, rows, |r| r.decision_id))
    }
}

/// A loader of a protocol relation: the service's batch call, rows grouped under the key `$group` reads.
macro_rules! protocol_loader {
    ($key:ident, $value:ty, $call:ident, $group:expr) => {
        impl Loader<$key> for TavoloLoader {
            type Value = Vec<$value>;
            type Error = ServiceError;
            async fn load(&self, keys: &[$key]) -> ServiceResult<HashMap<$key, Self::Value>> {
                let rows = self
                    .services
                    .protocols()
                    .$call(&self.actor, &ids(keys))
                    .await?;
                Ok(grouped(keys, rows, $group))
            }
        }
    };
}

protocol_loader!(
    VersionsOfProtocol,
    protocol_version::Model,
    versions,
    |r: &protocol_version::Model| Some(r.protocol_id)
);
protocol_loader!(
    SectionsOfProtocolVersion,
    protocol_section::Model,
    sections,
    |r: &protocol_section::Model| Some(r.version_id)
);
protocol_loader!(
    SignatoriesOfProtocolVersion,
    protocol_signatory::Model,
    signatories,
    |r: &protocol_signatory::Model| Some(r.version_id)
);
protocol_loader!(
    CommentsOfProtocolVersion,
    protocol_comment::Model,
    comments,
    |r: &protocol_comment::Model| Some(r.version_id)
);
protocol_loader!(
    FilesOfProtocol,
    protocol_file::Model,
    files,
    |r: &protocol_file::Model| Some(r.protocol_id)
);
protocol_loader!(
    PracticesOfProtocol,
    LinkedPractice,
    practices_of,
    |r: &LinkedPractice| Some(r.protocol_id)
);
protocol_loader!(
    ProtocolAdoptedBy,
    protocol_version::Model,
    adopted_by_decisions,
    |r: &protocol_version::Model| r.decision_id
);

impl Loader<ProtocolKey> for TavoloLoader {
    type Value = protocol::Model;
    type Error = ServiceError;
    async fn load(&self, keys: &[ProtocolKey]) -> ServiceResult<HashMap<ProtocolKey, Self::Value>> {
        let rows = self
            .services
            .protocols()
            .protocols_by_ids(&self.actor, &ids(keys))
            .await?;
        Ok(by_id(rows, |r| r.id))
    }
}

impl Loader<ProtocolsCitingPractice> for TavoloLoader {
    type Value = Vec<protocol::Model>;
    type Error = ServiceError;
    async fn load(
        &self,
        keys: &[ProtocolsCitingPractice],
    ) -> ServiceResult<HashMap<ProtocolsCitingPractice, Self::Value>> {
        let rows = self
            .services
            .protocols()
            .protocols_citing(&self.actor, &ids(keys))
            .await?;
        let mut groups: HashMap<ProtocolsCitingPractice, Self::Value> =
            keys.iter().map(|k| (*k, Vec::new())).collect();
        for (practice_id, protocol) in rows {
            groups
                .entry(ProtocolsCitingPractice(practice_id))
                .or_default()
                .push(protocol);
        }
        Ok(groups)
    }
}

impl Loader<StructureOfQuestionnaire> for TavoloLoader {
    type Value = Structure;
    type Error = ServiceError;
    async fn load(
        &self,
        keys: &[StructureOfQuestionnaire],
    ) -> ServiceResult<HashMap<StructureOfQuestionnaire, Self::Value>> {
        let all = self
            .services
            .questionnaires()
            .structures(&self.actor, &ids(keys))
            .await?;
        Ok(keys
            .iter()
            .map(|key| {
                let questions: Vec<_> = all
                    .questions
                    .iter()
                    .filter(|q| q.questionnaire_id == key.0)
                    .cloned()
                    .collect();
                let structure = Structure {
                    sections: all
                        .sections
                        .iter()
                        .filter(|s| s.questionnaire_id == key.0)
                        .cloned()
                        .collect(),
                    options: all
                        .options
                        .iter()
                        .filter(|o| questions.iter().any(|q| q.id == o.question_id))
                        .cloned()
                        .collect(),
                    questions,
                };
                (*key, structure)
            })
            .collect())
    }
}

impl Loader<OrganizationsOfQuestionnaire> for TavoloLoader {
    type Value = Vec<organization::Model>;
    type Error = ServiceError;
    async fn load(
        &self,
        keys: &[OrganizationsOfQuestionnaire],
    ) -> ServiceResult<HashMap<OrganizationsOfQuestionnaire, Self::Value>> {
        let rows = self
            .services
            .questionnaires()
            .organizations(&self.actor, &ids(keys))
            .await?;
        let mut groups: HashMap<OrganizationsOfQuestionnaire, Self::Value> =
            keys.iter().map(|k| (*k, Vec::new())).collect();
        for (questionnaire_id, organization) in rows {
            groups
                .entry(OrganizationsOfQuestionnaire(questionnaire_id))
                .or_default()
                .push(organization);
        }
        Ok(groups)
    }
}
