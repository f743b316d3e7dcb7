//! Practice attachments over HTTP: upload rules (who, size, type, content, names), downloads that obey the
//! practice's visibility, removal, and bad uploads that leave nothing behind.

use serde_json::{Value, json};
use tavolo_domain::{Actor, PracticeStatus, PracticeVisibility};
use tavolo_tests::fixtures::{self, Role};
use tavolo_tests::{ATTACHMENT_LIMIT, Backend, TestApp};

use crate::directory::audit_total;

const PDF: &[u8] = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n";
const LIST: &str = "query($id: ID!) { practice(id: $id) { attachments { id fileName mediaType sizeBytes url uploadedBy { name } } } }";

/// Every file under the app's attachment directory.
fn stored_files(app: &TestApp) -> Vec<std::path::PathBuf> {
    fn walk(dir: &std::path::Path, found: &mut Vec<std::path::PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, found);
            } else {
                found.push(path);
            }
        }
    }
    let mut found = Vec::new();
    walk(&app.data_dir.path().join("attachments"), &mut found);
    found
}

async fn get(client: &tavolo_tests::Client, url: &str) -> anyhow::Result<reqwest::Response> {
    Ok(client
        .http()
        .get(format!("{}{url}", client.base_url))
        .send()
        .await?)
}

async fn attachments_obey_visibility(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let author = world.person(Role::User);
    let operator = app.signed_in(&author.email).await?;
    let moderator = app.signed_in(&world.person(Role::Moderator).email).await?;
    let colleague = app.signed_in(&world.person(Role::Observer).email).await?;
    let admin = app.signed_in(&world.person(Role::Admin).email).await?;
    let visitor = app.client();
    let practice = fixtures::practice(
        &app.services,
        author,
        "Sportello casa",
        PracticeStatus::Draft,
        PracticeVisibility::Public,
    )
    .await?;
    let upload_path = format!("/practices/{}/attachments", practice.id);

    let uploaded = operator
        .upload(&upload_path, "file", "Relazione finale è.pdf", PDF.to_vec())
        .await?;
    assert_eq!(uploaded.status, 201, "{}", uploaded.body);
    let attachment = &uploaded.body["attachment"];
    assert_eq!(attachment["fileName"], "Relazione finale è.pdf");
    assert_eq!(attachment["mediaType"], "application/pdf");
    assert_eq!(attachment["sizeBytes"], PDF.len());
    let url = attachment["url"].as_str().unwrap_or_default().to_owned();
    assert!(url.ends_with("/Relazione%20finale%20%C3%A8.pdf"), "{url}");

    let listed = operator
        .gql(LIST, json!({ "id": practice.id.to_string() }))
        .await?
        .ok();
    assert_eq!(
        listed.data()["practice"]["attachments"][0]["url"],
        url.as_str()
    );
    assert_eq!(
        listed.data()["practice"]["attachments"][0]["uploadedBy"]["name"],
        author.name.as_str()
    );

    // A draft's files are its author's and the moderators', like the draft itself.
    for outsider in [&visitor, &colleague] {
        assert_eq!(get(outsider, &url).await?.status(), 404);
    }
    let own = get(&operator, &url).await?;
    assert_eq!(own.status(), 200);
    assert_eq!(own.headers()["content-type"], "application/pdf");
    let disposition = own.headers()["content-disposition"].to_str()?.to_owned();
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    assert!(
        disposition.contains("filename*=UTF-8''Relazione%20finale%20%C3%A8.pdf"),
        "{disposition}"
    );
    assert_eq!(own.headers()["cache-control"], "private, no-cache");
    assert_eq!(own.bytes().await?.as_ref(), PDF);
    assert_eq!(get(&moderator, &url).await?.status(), 200);

    // Published and public: anyone may download it, and caches may keep it.
    app.services
        .practices()
        .submit(&Actor::System, practice.id)
        .await?;
    app.services
        .practices()
        .publish(
            &Actor::System,
            practice.id,
            tavolo_service::practices::Eligibility::MET,
        )
        .await?;
    let public = get(&visitor, &url).await?;
    assert_eq!(public.status(), 200);
    assert_eq!(public.headers()["cache-control"], "public, max-age=300");
    assert_eq!(public.bytes().await?.as_ref(), PDF);

    // A network practice's files are for signed-in users only.
    let network = fixtures::practice(
        &app.services,
        author,
        "Rete territoriale",
        PracticeStatus::Published,
        PracticeVisibility::Network,
    )
    .await?;
    // Moderators may attach to anyone's practice.
    let by_moderator = moderator
        .upload(
            &format!("/practices/{}/attachments", network.id),
            "file",
            "rete.csv",
            "ente;comune\nASL;Grosseto\n".into(),
        )
        .await?;
    assert_eq!(by_moderator.status, 201, "{}", by_moderator.body);
    let network_url = by_moderator.body["attachment"]["url"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert_eq!(get(&visitor, &network_url).await?.status(), 404);
    assert_eq!(get(&colleague, &network_url).await?.status(), 200);

    // Removal: not by others, then by the author; the file goes from the disk too.
    let remove = "mutation($id: ID!) { removePracticeAttachment(id: $id) { fileName } }";
    let attachment_id = attachment["id"].as_str().unwrap_or_default().to_owned();
    assert_eq!(
        colleague
            .gql(remove, json!({ "id": attachment_id }))
            .await?
            .code(),
        Some("FORBIDDEN")
    );
    assert_eq!(stored_files(&app).len(), 2);
    let audit_before = audit_total(&admin).await?;
    operator
        .gql(remove, json!({ "id": attachment_id }))
        .await?
        .ok();
    assert_eq!(audit_total(&admin).await?, audit_before + 1);
    assert_eq!(get(&operator, &url).await?.status(), 404);
    assert_eq!(stored_files(&app).len(), 1);
    assert_eq!(
        operator
            .gql(remove, json!({ "id": attachment_id }))
            .await?
            .code(),
        Some("NOT_FOUND")
    );
    Ok(())
}

on_both_databases!(
    attachments_are_stored_and_downloads_obey_visibility,
    attachments_obey_visibility
);

/// Asserts a refused upload: its status, code and (for VALIDATION) field.
fn assert_refused(response: &tavolo_tests::GqlResponse, status: u16, code: &str) {
    assert_eq!(response.status, status, "{}", response.body);
    assert_eq!(response.code(), Some(code), "{}", response.body);
    if code == "VALIDATION" {
        assert!(response.field().is_some(), "{}", response.body);
        assert!(response.reason().is_some(), "{}", response.body);
    }
}

async fn bad_uploads(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let author = world.person(Role::User);
    let operator = app.signed_in(&author.email).await?;
    let colleague = app.signed_in(&world.person(Role::Observer).email).await?;
    let admin = app.signed_in(&world.person(Role::Admin).email).await?;
    let practice = fixtures::practice(
        &app.services,
        author,
        "Sportello casa",
        PracticeStatus::Published,
        PracticeVisibility::Public,
    )
    .await?;
    let path = format!("/practices/{}/attachments", practice.id);
    let audit_before = audit_total(&admin).await?;

    let mut oversized = PDF.to_vec();
    oversized.resize(ATTACHMENT_LIMIT as usize + 1, b' ');
    let too_big = operator
        .upload(&path, "file", "grande.pdf", oversized)
        .await?;
    assert_refused(&too_big, 400, "VALIDATION");
    assert_eq!(too_big.field(), Some("file"));
    assert_eq!(too_big.reason(), Some("FILE_TOO_LARGE"));
    assert_eq!(
        too_big.body["errors"][0]["extensions"]["max"].as_u64(),
        Some(ATTACHMENT_LIMIT)
    );
    let message = too_big.body["errors"][0]["message"]
        .as_str()
        .unwrap_or_default();
    assert!(message.contains(&ATTACHMENT_LIMIT.to_string()), "{message}");
    // A body past the body limit, in any field, is cut off there with the same error. The server answers as soon
    // as it stops reading and closes the connection, so a client still sending may see the close before the answer.
    let form = reqwest::multipart::Form::new()
        .text("note", "x".repeat(2 * ATTACHMENT_LIMIT as usize))
        .part(
            "file",
            reqwest::multipart::Part::bytes(PDF.to_vec()).file_name("a.pdf"),
        );
    let padded = operator
        .http()
        .post(format!("{}{path}", app.base_url))
        .multipart(form)
        .send()
        .await;
    match padded {
        Ok(padded) => {
            assert_eq!(padded.status(), 400);
            let body: Value = padded.json().await?;
            assert_eq!(body["errors"][0]["extensions"]["field"], "file");
            assert!(
                body["errors"][0]["message"]
                    .as_str()
                    .unwrap_or_default()
                    .contains("larger")
            );
        }
        Err(err) => assert!(err.is_request(), "{err:?}"),
    }

    let refused_type = operator
        .upload(&path, "file", "setup.exe", b"MZ\x90\x00".to_vec())
        .await?;
    assert_refused(&refused_type, 400, "VALIDATION");
    let message = refused_type.body["errors"][0]["message"]
        .as_str()
        .unwrap_or_default();
    assert!(
        message.contains("exe") && message.contains("pdf"),
        "{message}"
    );
    // A page renamed to look like a document is refused on its content.
    let disguised = operator
        .upload(
            &path,
            "file",
            "verbale.pdf",
            b"<html><script>alert(1)</script>".to_vec(),
        )
        .await?;
    assert_refused(&disguised, 400, "VALIDATION");
    assert_refused(
        &operator
            .upload(&path, "file", "vuoto.pdf", Vec::new())
            .await?,
        400,
        "VALIDATION",
    );
    assert_refused(
        &operator
            .upload(&path, "file", "senza-estensione", PDF.to_vec())
            .await?,
        400,
        "VALIDATION",
    );
    assert_refused(
        &operator
            .upload(&path, "documento", "a.pdf", PDF.to_vec())
            .await?,
        400,
        "VALIDATION",
    );
    let bad_id = operator
        .upload("/practices/abc/attachments", "file", "a.pdf", PDF.to_vec())
        .await?;
    assert_refused(&bad_id, 400, "VALIDATION");
    assert_eq!(bad_id.field(), Some("practiceId"));
    assert_refused(
        &operator
            .upload(
                "/practices/999999/attachments",
                "file",
                "a.pdf",
                PDF.to_vec(),
            )
            .await?,
        404,
        "NOT_FOUND",
    );
    // Only its author and moderators attach files; anonymous callers must sign in.
    assert_refused(
        &colleague
            .upload(&path, "file", "a.pdf", PDF.to_vec())
            .await?,
        403,
        "FORBIDDEN",
    );
    assert_refused(
        &app.client()
            .upload(&path, "file", "a.pdf", PDF.to_vec())
            .await?,
        401,
        "UNAUTHENTICATED",
    );
    // A form on another site cannot post a file with the user's cookie.
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(PDF.to_vec()).file_name("a.pdf"),
    );
    let cross_site = operator
        .http()
        .post(format!("{}{path}", app.base_url))
        .header("origin", "https://evil.example")
        .multipart(form)
        .send()
        .await?;
    assert_eq!(cross_site.status(), 403);

    // Nothing above wrote a row, a file or an audit entry.
    let listed = operator
        .gql(LIST, json!({ "id": practice.id.to_string() }))
        .await?
        .ok();
    assert_eq!(listed.data()["practice"]["attachments"], json!([]));
    assert!(stored_files(&app).is_empty(), "{:?}", stored_files(&app));
    assert_eq!(audit_total(&admin).await?, audit_before);

    // A name with folders keeps only its last part; the file stays inside the attachment directory.
    let traversal = operator
        .upload(
            &path,
            "file",
            "../../../etc/passwd.txt",
            b"solo testo".to_vec(),
        )
        .await?;
    assert_eq!(traversal.status, 201, "{}", traversal.body);
    assert_eq!(traversal.body["attachment"]["fileName"], "passwd.txt");
    let files = stored_files(&app);
    assert_eq!(files.len(), 1);
    assert!(files[0].starts_with(app.data_dir.path().join("attachments")));
    assert_eq!(audit_total(&admin).await?, audit_before + 1);

    // An archived practice takes no more files.
    app.services
        .practices()
        .archive(&Actor::System, practice.id)
        .await?;
    let archived = operator
        .upload(&path, "file", "tardi.pdf", PDF.to_vec())
        .await?;
    assert_refused(&archived, 400, "VALIDATION");
    assert_eq!(archived.field(), Some("status"));

    let rules = app
        .client()
        .gql(
            "{ attachmentRules { maxBytes accepted perPractice } }",
            json!({}),
        )
        .await?
        .ok();
    assert_eq!(
        rules.data()["attachmentRules"]["maxBytes"],
        ATTACHMENT_LIMIT
    );
    let accepted: Vec<Value> = rules.data()["attachmentRules"]["accepted"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(accepted.contains(&json!("pdf")) && !accepted.contains(&json!("exe")));
    Ok(())
}

on_both_databases!(bad_uploads_are_refused_and_leave_nothing, bad_uploads);

/// Files on a members-only table's meeting: agenda files for whoever sees the meeting, minutes and decision files
/// for whoever may read the minutes (delegates while in review, every member once approved), none for outsiders;
/// only whoever runs the table adds or removes them, and approved minutes take none.
async fn meeting_files_obey_visibility(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::start(backend).await?;
    let world = fixtures::world(&app.services).await?;
    let secretariat = app
        .signed_in(&world.person(Role::Secretariat).email)
        .await?;
    let delegate = app.signed_in(&world.person(Role::Delegate).email).await?;
    let observer = app.signed_in(&world.person(Role::Observer).email).await?;
    let outsider = app.signed_in(&world.person(Role::User).email).await?;
    let held = fixtures::held_meeting(&app.services, &world, "Seduta con allegati").await?;
    let item = app
        .services
        .meetings()
        .agendas(&tavolo_domain::Actor::System, &[held.id])
        .await?[0]
        .id;
    let path = |target: &str, id: i64| {
        format!("/meetings/{}/files?target={target}&targetId={id}", held.id)
    };

    let agenda = secretariat
        .upload(
            &path("agenda_item", item),
            "file",
            "dati sportelli.pdf",
            PDF.to_vec(),
        )
        .await?;
    assert_eq!(agenda.status, 201, "{}", agenda.body);
    let agenda_url = agenda.body["file"]["url"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let minutes = secretariat
        .upload(
            &format!("/meetings/{}/files?target=minutes", held.id),
            "file",
            "allegato al verbale.pdf",
            PDF.to_vec(),
        )
        .await?;
    assert_eq!(minutes.status, 201, "{}", minutes.body);
    let minutes_url = minutes.body["file"]["url"]
        .as_str()
        .unwrap_or_default()
        .to_owned();

    // Only whoever runs the table adds files; a wrong target or an unknown item is refused with its reason.
    let refused = delegate
        .upload(&path("agenda_item", item), "file", "mio.pdf", PDF.to_vec())
        .await?;
    assert_eq!(refused.status, 403, "{}", refused.body);
    let stray = secretariat
        .upload(&path("agenda_item", 424_242), "file", "x.pdf", PDF.to_vec())
        .await?;
    assert_eq!(stray.reason(), Some("UNKNOWN_REFERENCE"), "{}", stray.body);
    let odd = secretariat
        .upload(&path("calendar", item), "file", "x.pdf", PDF.to_vec())
        .await?;
    assert_eq!(odd.reason(), Some("UNKNOWN_VALUE"), "{}", odd.body);

    let files = "query($id: ID!) { meeting(id: $id) { files { target targetId fileName url } } }";
    let seen = |body: &serde_json::Value| -> Vec<String> {
        body["data"]["meeting"]["files"]
            .as_array()
            .map(|files| {
                files
                    .iter()
                    .filter_map(|f| f["fileName"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    let by_delegate = delegate
        .gql(files, json!({ "id": held.id.to_string() }))
        .await?
        .ok();
    assert_eq!(
        seen(&by_delegate.body),
        ["dati sportelli.pdf", "allegato al verbale.pdf"]
    );
    // An observer sees the meeting but not its minutes before approval, nor their files.
    let by_observer = observer
        .gql(files, json!({ "id": held.id.to_string() }))
        .await?
        .ok();
    assert_eq!(seen(&by_observer.body), ["dati sportelli.pdf"]);
    assert_eq!(get(&observer, &minutes_url).await?.status(), 404);
    assert_eq!(
        get(&delegate, &minutes_url).await?.bytes().await?.as_ref(),
        PDF
    );
    // An outsider reaches nothing of a members-only table.
    assert_eq!(get(&outsider, &agenda_url).await?.status(), 404);
    assert_eq!(get(&app.client(), &agenda_url).await?.status(), 404);

    // Approved, the minutes' files are every member's, and the minutes take no more.
    let minutes_service = app.services.minutes();
    let reviewed = minutes_service
        .send_for_review(&tavolo_domain::Actor::System, held.id, 1)
        .await?;
    minutes_service
        .approve(
            &tavolo_domain::Actor::System,
            held.id,
            tavolo_domain::ApprovalMethod::WrittenProcedure,
            None,
            reviewed.version,
        )
        .await?;
    assert_eq!(get(&observer, &minutes_url).await?.status(), 200);
    let late = secretariat
        .upload(
            &format!("/meetings/{}/files?target=minutes", held.id),
            "file",
            "tardivo.pdf",
            PDF.to_vec(),
        )
        .await?;
    assert_eq!(late.reason(), Some("WRONG_STATE"), "{}", late.body);

    // Removing: not by an observer; by the secretariat, after which the file is gone.
    let remove = "mutation($id: ID!) { removeMeetingFile(id: $id) { fileName } }";
    let agenda_id = agenda.body["file"]["id"].clone();
    assert_eq!(
        observer
            .gql(remove, json!({ "id": agenda_id }))
            .await?
            .code(),
        Some("FORBIDDEN")
    );
    secretariat
        .gql(remove, json!({ "id": agenda_id }))
        .await?
        .ok();
    assert_eq!(get(&delegate, &agenda_url).await?.status(), 404);
    Ok(())
}
on_both_databases!(
    meeting_files_follow_the_meeting_and_its_minutes,
    meeting_files_obey_visibility
);
