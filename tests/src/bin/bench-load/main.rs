//! Load benchmark: seeds a large dataset (50 tables, 5,000 people, 20,000 meetings with agendas, invitations and
//! minutes, 100,000 practices) into SQLite and into PostgreSQL, runs the release `tavolo serve` on each, and drives a
//! mix of GraphQL reads and writes over loopback with wrk; then runs one query against a minimal axum +
//! async-graphql endpoint answering from memory, the ceiling of this machine and stack; on PostgreSQL it also runs
//! PostGraphile on the same database with the tables page and the meeting page. Prints Markdown tables.
//!
//! `scripts/bench.sh` (or `cargo run --release -p tavolo-tests --bin bench-load -- [--small] [--seconds N]
//! [--connections N] [--backend sqlite|postgres] [--per-operation] [--hold]` after `cargo build --release -p tavolo-server`).

use std::path::PathBuf;
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use chrono::Utc;
use serde_json::{Value, json};
use tavolo_domain::{Actor, InstanceRole};
use tavolo_files::FilePolicy;
use tavolo_search::TantivyEngine;
use tavolo_service::{Files, Services};
use tavolo_tests::bulk::{self, Scale};
use tavolo_tests::process::ServerProcess;
use tavolo_tests::smtp::SmtpServer;
use tavolo_tests::{Backend, TestDb};

mod baseline;
mod postgraphile;

use postgraphile::PostGraphile;

/// The request every run is compared on: a page of tables with seats, organizations and delegates.
const TABLES: &str = "{ tables(first: 20) { edges { node { id name seats { organization { name } delegates { person { name } } } } } } }";

/// The meeting page: agenda, invitations, attendance, minutes with notes, decisions.
const MEETING: &str = "query($id: ID!) { meeting(id: $id) { title startsAt agenda { title } invitations { name rsvp } attendance { status person { name } } minutes { status notes { body } decisions { text } } } }";

struct Options {
    scale: Scale,
    seconds: u64,
    connections: u32,
    backends: Vec<Backend>,
    /// Also run each operation of the mix alone (to find the slow one).
    per_operation: bool,
    /// Seed and start Tavolo, print where it runs, and wait (for a profiler or a hand-made load).
    hold: bool,
}

/// The in-memory endpoint's figures for each page.
struct Ceiling {
    tables: Figures,
    meeting: Figures,
}

/// The pages run alone and compared with their ceiling and with PostGraphile.
#[derive(Clone, Copy)]
enum Page {
    Tables,
    Meeting,
}

impl Page {
    fn name(self) -> &'static str {
        match self {
            Page::Tables => "tables page",
            Page::Meeting => "meeting page",
        }
    }
}

impl Ceiling {
    fn of(&self, page: Page) -> &Figures {
        match page {
            Page::Tables => &self.tables,
            Page::Meeting => &self.meeting,
        }
    }

    /// `figures` as a share of its page's ceiling; none for the mix.
    fn share(&self, figures: &Figures) -> String {
        figures.page.map_or("—".into(), |page| {
            let ceiling = self.of(page);
            format!(
                "{:.1} %",
                100.0 * figures.requests_per_second / ceiling.requests_per_second
            )
        })
    }
}

/// One page on Tavolo and on PostGraphile, same database.
struct SideBySide {
    page: Page,
    tavolo: Figures,
    postgraphile: Figures,
}

/// One wrk run's figures.
#[derive(Clone)]
struct Figures {
    label: String,
    /// The page run alone, if it was one.
    page: Option<Page>,
    requests_per_second: f64,
    p50_ms: f64,
    p95_ms: f64,
    p99_ms: f64,
    errors: u64,
}

fn options() -> anyhow::Result<Options> {
    let mut options = Options {
        scale: Scale::FULL,
        seconds: 20,
        connections: 32,
        backends: vec![Backend::Sqlite, Backend::Postgres],
        per_operation: false,
        hold: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--small" => options.scale = Scale::SMALL,
            "--per-operation" => options.per_operation = true,
            "--hold" => options.hold = true,
            "--seconds" => options.seconds = args.next().context("--seconds N")?.parse()?,
            "--connections" => {
                options.connections = args.next().context("--connections N")?.parse()?
            }
            "--backend" => {
                options.backends = match args.next().as_deref() {
                    Some("sqlite") => vec![Backend::Sqlite],
                    Some("postgres") => vec![Backend::Postgres],
                    other => bail!("--backend sqlite|postgres, not {other:?}"),
                }
            }
            other => bail!("unknown argument {other}"),
        }
    }
    Ok(options)
}

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    if args.next().as_deref() == Some("baseline") {
        let port: u16 = args.next().context("baseline PORT")?.parse()?;
        return tokio::runtime::Runtime::new()?.block_on(baseline::serve(port));
    }
    let options = options()?;
    tokio::runtime::Runtime::new()?.block_on(run(options))
}

async fn run(options: Options) -> anyhow::Result<()> {
    let tavolo = sibling("tavolo")?;
    let smtp = SmtpServer::start()?;
    let mut results = Vec::new();
    let mut pages = Vec::new();
    let mut clusters = Vec::new();
    for backend in &options.backends {
        let url = match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir()?.keep();
                format!("sqlite://{}?mode=rwc", dir.join("tavolo.db").display())
            }
            Backend::Postgres => {
                let cluster =
                    tokio::task::spawn_blocking(tavolo_tests::postgres::Cluster::start).await??;
                let url = cluster.create_database("tavolo_bench").await?;
                clusters.push(cluster);
                url
            }
        };
        let name = format!("{backend:?}").to_lowercase();
        let db = TestDb::at(&url).await?;
        let started = Instant::now();
        let dataset = bulk::seed(&db.store.db, options.scale).await?;
        eprintln!(
            "{name}: seeded {} rows in {:.1} s",
            dataset.rows,
            started.elapsed().as_secs_f64()
        );
        let token = api_token(&db, dataset.secretary_id).await?;
        let data_dir = tempfile::tempdir()?;
        let server = ServerProcess::start(&tavolo, &url, data_dir.path(), &smtp.url()).await?;
        let mix = Mix::new(&dataset);
        preflight(&server.base_url, &token, &mix).await?;
        if options.hold {
            eprintln!(
                "{name}: Tavolo at {}/graphql (pid {}), database {url}, Authorization: Bearer {token}; Ctrl-C ends",
                server.base_url,
                server.pid()
            );
            tokio::signal::ctrl_c().await?;
            return Ok(());
        }
        results.push(wrk(
            &options,
            &format!("Tavolo on {name}, mix"),
            &server.base_url,
            &mix.script(&token),
        )?);
        report_server_problems(&name, &server.log_text());
        if options.per_operation {
            for (index, (_, query, _)) in mix.operations().into_iter().enumerate() {
                let label = format!("Tavolo on {name}, only {}", operation_name(query));
                results.push(wrk(
                    &options,
                    &label,
                    &server.base_url,
                    &mix.script_of(&token, Some(index)),
                )?);
            }
        }
        let tavolo = format!("Tavolo on {name}");
        let tables = wrk_page(
            &options,
            &tavolo,
            Page::Tables,
            &server.base_url,
            &single(TABLES, &token),
        )?;
        let meeting = wrk_page(
            &options,
            &tavolo,
            Page::Meeting,
            &server.base_url,
            &single_with(MEETING, &mix.random_meeting(), &token),
        )?;
        if *backend == Backend::Postgres {
            drop(server);
            pages = side_by_side(&options, &url, &mix, [&tables, &meeting]).await?;
        }
        results.extend([tables, meeting]);
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let mut child = Command::new(std::env::current_exe()?)
        .args(["baseline", &port.to_string()])
        .spawn()?;
    let base = format!("http://127.0.0.1:{port}");
    wait_for(&base).await?;
    let memory = "axum + async-graphql from memory";
    let ceiling = Ceiling {
        tables: wrk_page(&options, memory, Page::Tables, &base, &single(TABLES, ""))?,
        meeting: wrk_page(
            &options,
            memory,
            Page::Meeting,
            &base,
            &single_with(MEETING, r#"'{"id":"1"}'"#, ""),
        )?,
    };
    let _ = child.kill();
    print_table(&options, &results, &ceiling);
    print_side_by_side(&pages, &ceiling);
    Ok(())
}

/// PostGraphile on the same PostgreSQL database (Tavolo stopped), the tables page and the meeting page.
async fn side_by_side(
    options: &Options,
    url: &str,
    mix: &Mix,
    tavolo: [&Figures; 2],
) -> anyhow::Result<Vec<SideBySide>> {
    let server = PostGraphile::start(url).await?;
    server.preflight(postgraphile::TABLES, json!({})).await?;
    server
        .preflight(postgraphile::MEETING, json!({ "id": "1" }))
        .await?;
    let tables = wrk_page(
        options,
        "PostGraphile",
        Page::Tables,
        &server.base_url,
        &single(postgraphile::TABLES, ""),
    )?;
    let meeting = wrk_page(
        options,
        "PostGraphile",
        Page::Meeting,
        &server.base_url,
        &single_with(postgraphile::MEETING, &mix.random_meeting(), ""),
    )?;
    Ok(vec![
        SideBySide {
            page: Page::Tables,
            tavolo: tavolo[0].clone(),
            postgraphile: tables,
        },
        SideBySide {
            page: Page::Meeting,
            tavolo: tavolo[1].clone(),
            postgraphile: meeting,
        },
    ])
}

/// Warnings and errors the server logged while under load: a benchmark that hides them measures nothing.
fn report_server_problems(name: &str, log: &str) {
    let problems: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("WARN") || l.contains("ERROR"))
        .collect();
    if problems.is_empty() {
        return;
    }
    eprintln!(
        "{name}: the server logged {} warnings or errors, the first:",
        problems.len()
    );
    for line in problems.iter().take(5) {
        eprintln!("  {line}");
    }
}

/// A binary built beside this one (`cargo build --release -p tavolo-server` puts `tavolo` there).
fn sibling(name: &str) -> anyhow::Result<PathBuf> {
    let path = std::env::current_exe()?
        .parent()
        .context("no folder")?
        .join(name);
    anyhow::ensure!(
        path.exists(),
        "{} is missing: build it first (cargo build --release -p tavolo-server)",
        path.display()
    );
    Ok(path)
}

async fn api_token(db: &TestDb, person_id: i64) -> anyhow::Result<String> {
    let dir = tempfile::tempdir()?;
    let services = Services::new(
        db.store.clone(),
        Files::on_disk(dir.path(), FilePolicy::default()),
        Arc::new(TantivyEngine::in_memory()?),
    );
    let actor = Actor::Person {
        id: person_id,
        role: InstanceRole::User,
        by_token: false,
    };
    let token = services
        .accounts()
        .create_api_token(&actor, "benchmark", None)
        .await?;
    Ok(token.secret)
}

async fn wait_for(base: &str) -> anyhow::Result<()> {
    for _ in 0..100 {
        if reqwest::get(format!("{base}/graphql")).await.is_ok() {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    bail!("{base} did not start")
}

/// The request mix: what table members and operators do most, with about one write in ten.
struct Mix {
    tables: usize,
    meetings: usize,
    practices: usize,
    from: String,
    to: String,
}

impl Mix {
    fn new(dataset: &bulk::Dataset) -> Self {
        let now = Utc::now();
        Self {
            tables: dataset.tables,
            meetings: dataset.meetings,
            practices: dataset.practices,
            from: (now - chrono::Duration::days(30)).to_rfc3339(),
            to: (now + chrono::Duration::days(30)).to_rfc3339(),
        }
    }

    /// (weight, query, variables as a Lua expression building a JSON string).
    fn operations(&self) -> Vec<(u32, &'static str, String)> {
        let future_day = (Utc::now() + chrono::Duration::days(60)).format("%Y-%m-%d");
        vec![
            (10, TABLES, "'{}'".into()),
            (
                20,
                "query($t: ID!, $f: DateTime, $u: DateTime) { meetings(tableId: $t, from: $f, to: $u) { id title startsAt agenda { title } } }",
                format!("string.format('{{\"t\":\"%d\",\"f\":\"{}\",\"u\":\"{}\"}}', math.random({}))", self.from, self.to, self.tables),
            ),
            (20, MEETING, self.random_meeting()),
            (
                25,
                "query($th: Theme) { practices(first: 20, filter: { theme: $th }) { totalCount facets { facet value count } items { id title summary } } }",
                "string.format('{\"th\":%s}', ({'null','\"EMPLOYMENT\"','\"HOUSING\"','\"LANGUAGE\"'})[math.random(4)])".into(),
            ),
            (
                15,
                "query($id: ID!) { practice(id: $id) { title bodyHtml themes commentCount author { name } } }",
                // Every tenth practice is a draft the caller cannot read: ask for the others.
                format!("string.format('{{\"id\":\"%d\"}}', 10 * math.random(0, {}) + math.random(9))", self.practices / 10 - 1),
            ),
            (
                10,
                "mutation($t: ID!, $i: MeetingFields!) { createMeeting(tableId: $t, input: $i) { id } }",
                format!("string.format('{{\"t\":\"%d\",\"i\":{{\"title\":\"Seduta di lavoro\",\"start\":\"{future_day}T10:00\",\"end\":\"{future_day}T12:00\"}}}}', math.random({}))", self.tables),
            ),
        ]
    }

    /// A Lua expression for `{"id": "<a random meeting>"}`.
    fn random_meeting(&self) -> String {
        format!(
            "string.format('{{\"id\":\"%d\"}}', math.random({}))",
            self.meetings
        )
    }

    fn script(&self, token: &str) -> String {
        self.script_of(token, None)
    }

    /// The whole mix, or only the operation at `only`.
    fn script_of(&self, token: &str, only: Option<usize>) -> String {
        let mut branches = String::new();
        let mut threshold = 0;
        for (index, (weight, query, variables)) in self.operations().into_iter().enumerate() {
            if only.is_some_and(|o| o != index) {
                continue;
            }
            threshold = if only.is_some() {
                100
            } else {
                threshold + weight
            };
            branches.push_str(&format!(
                "  if r <= {threshold} then return body({}, {variables}) end\n",
                lua_string(query)
            ));
        }
        format!(
            "{}\nrequest = function()\n  local r = math.random(100)\n{branches}end\n",
            prelude(token)
        )
    }
}

/// The root field an operation asks for, as its label.
fn operation_name(query: &str) -> &str {
    let body = query
        .split_once('{')
        .map_or(query, |(_, rest)| rest)
        .trim_start();
    body.split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or(query)
}

fn lua_string(text: &str) -> String {
    format!("[==[{text}]==]")
}

fn prelude(token: &str) -> String {
    format!(
        r#"math.randomseed(os.time())
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
if "{token}" ~= "" then wrk.headers["Authorization"] = "Bearer {token}" end
local function escape(s) return (s:gsub('"', '\\"')) end
function body(query, variables)
  return wrk.format(nil, "/graphql", nil, '{{"query":"' .. escape(query) .. '","variables":' .. variables .. '}}')
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %.0f %.0f %.0f %d\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    e.connect + e.read + e.write + e.status + e.timeout))
end
"#
    )
}

fn single(query: &str, token: &str) -> String {
    single_with(query, "'{}'", token)
}

/// One document with variables from a Lua expression.
fn single_with(query: &str, variables: &str, token: &str) -> String {
    format!(
        "{}\nrequest = function() return body({}, {variables}) end\n",
        prelude(token),
        lua_string(query)
    )
}

/// Sends each operation of the mix once and refuses to measure anything that answers with errors.
async fn preflight(base: &str, token: &str, mix: &Mix) -> anyhow::Result<()> {
    let http = reqwest::Client::new();
    let samples = [
        (TABLES, json!({})),
        (
            mix.operations()[1].1,
            json!({ "t": "1", "f": mix.from, "u": mix.to }),
        ),
        (MEETING, json!({ "id": "1" })),
        (mix.operations()[3].1, json!({ "th": "HOUSING" })),
        (mix.operations()[4].1, json!({ "id": "11" })),
    ];
    for (query, variables) in samples {
        let response: Value = http
            .post(format!("{base}/graphql"))
            .bearer_auth(token)
            .json(&json!({ "query": query, "variables": variables }))
            .send()
            .await?
            .json()
            .await?;
        anyhow::ensure!(response.get("errors").is_none(), "{query}: {response}");
    }
    Ok(())
}

/// One page alone, labelled "<server>, <page>" and measured against that page's ceiling.
fn wrk_page(
    options: &Options,
    server: &str,
    page: Page,
    base: &str,
    script: &str,
) -> anyhow::Result<Figures> {
    let label = format!("{server}, {}", page.name());
    Ok(Figures {
        page: Some(page),
        ..wrk(options, &label, base, script)?
    })
}

fn wrk(options: &Options, label: &str, base: &str, script: &str) -> anyhow::Result<Figures> {
    let file = tempfile::Builder::new().suffix(".lua").tempfile()?;
    std::fs::write(file.path(), script)?;
    eprintln!(
        "{label}: {} s with {} connections",
        options.seconds, options.connections
    );
    let output = Command::new("wrk")
        .args([
            "-t2",
            &format!("-c{}", options.connections),
            &format!("-d{}s", options.seconds),
            "--timeout",
            "10s",
            "-s",
        ])
        .arg(file.path())
        .arg(format!("{base}/graphql"))
        .output()
        .context("cannot run wrk (apt-get install wrk)")?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let line = stdout
        .lines()
        .find_map(|l| l.strip_prefix("RESULT "))
        .with_context(|| {
            format!(
                "wrk printed no result: {stdout}{}",
                String::from_utf8_lossy(&output.stderr)
            )
        })?;
    let numbers: Vec<f64> = line
        .split_whitespace()
        .map(str::parse)
        .collect::<Result<_, _>>()?;
    let [requests, micros, p50, p95, p99, errors] = numbers[..] else {
        bail!("unexpected wrk result: {line}");
    };
    Ok(Figures {
        label: label.to_owned(),
        page: None,
        requests_per_second: requests / (micros / 1e6),
        p50_ms: p50 / 1e3,
        p95_ms: p95 / 1e3,
        p99_ms: p99 / 1e3,
        errors: errors as u64,
    })
}

fn print_table(options: &Options, results: &[Figures], ceiling: &Ceiling) {
    let scale = options.scale;
    println!(
        "\n{} tables, {} people, {} meetings, {} practices; {} connections for {} s each (wrk, 2 threads)\n",
        scale.tables,
        scale.people,
        scale.meetings,
        scale.practices,
        options.connections,
        options.seconds
    );
    println!("| run | requests/s | p50 ms | p95 ms | p99 ms | errors | of the page's ceiling |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for figures in results.iter().chain([&ceiling.tables, &ceiling.meeting]) {
        println!(
            "| {} | {:.0} | {:.1} | {:.1} | {:.1} | {} | {} |",
            figures.label,
            figures.requests_per_second,
            figures.p50_ms,
            figures.p95_ms,
            figures.p99_ms,
            figures.errors,
            ceiling.share(figures)
        );
    }
}

/// Both servers per page, the ratio, and each against the ceiling.
fn print_side_by_side(pages: &[SideBySide], ceiling: &Ceiling) {
    if pages.is_empty() {
        return;
    }
    println!(
        "\nOn PostgreSQL, the same database (PostGraphile reads the tables without Tavolo's permission rules):\n"
    );
    println!(
        "| page | Tavolo requests/s | p50 / p95 / p99 ms | PostGraphile requests/s | p50 / p95 / p99 ms | Tavolo ÷ PostGraphile | Tavolo of the ceiling |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|");
    let latency = |f: &Figures| format!("{:.1} / {:.1} / {:.1}", f.p50_ms, f.p95_ms, f.p99_ms);
    for page in pages {
        println!(
            "| {} | {:.0} | {} | {:.0} | {} | {:.2} × | {} |",
            page.page.name(),
            page.tavolo.requests_per_second,
            latency(&page.tavolo),
            page.postgraphile.requests_per_second,
            latency(&page.postgraphile),
            page.tavolo.requests_per_second / page.postgraphile.requests_per_second,
            ceiling.share(&page.tavolo)
        );
    }
}
