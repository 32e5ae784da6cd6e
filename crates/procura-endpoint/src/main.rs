//! `procura-endpoint`: runs the hub (with `--demo`, the demo), or, as `procura-endpoint admin`,
//! manages its users and supplier keys.

use clap::{Parser, Subcommand};
use procura_demo::demo;
use procura_endpoint::admin_cli::{self, AdminArgs};
use procura_endpoint::auth::SessionPolicy;
use procura_endpoint::serve::{self, Transport};
use procura_endpoint::store::{DemoSize, Store};
use procura_endpoint::{router, AppState};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    about = "Procura hub: supplier feeds, sync hub and the app, on one port",
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    serve: Args,
}

#[derive(Subcommand)]
enum Command {
    /// Manage users and supplier document keys in a store (the first admin is made here).
    Admin(AdminArgs),
}

#[derive(clap::Args, Clone)]
struct Args {
    /// Address to listen on. A non-loopback address needs --tls-cert/--tls-key or
    /// --behind-tls-proxy.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// SQLite file; created when missing. Not with a PostgreSQL store, named either way.
    #[arg(
        long,
        default_value = "procura.sqlite3",
        conflicts_with = "database_url"
    )]
    db: PathBuf,
    /// PostgreSQL instead of the --db file: `postgres://USER:PASSWORD@HOST:PORT/DATABASE` (an
    /// empty database is given the hub's schema). Several hub processes may serve one
    /// database (start them with the same session and proxy options). Better given in the
    /// environment (`PROCURA_DATABASE_URL`): a command line, password included, is visible to
    /// every user of the machine.
    #[arg(
        long,
        value_name = "URL",
        env = "PROCURA_DATABASE_URL",
        hide_env_values = true
    )]
    database_url: Option<String>,
    /// With --database-url: connections this process's requests use at once (each request
    /// holds one while it runs; writes still take turns). A connection that dropped is
    /// replaced when next needed.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=64))]
    database_connections: u32,
    /// The built app (trunk's `dist`), served at `/`.
    #[arg(long)]
    static_dir: Option<PathBuf>,
    /// DEMO: seeds demo suppliers, catalogs, a marketplace, evaluations, a policy, two years of
    /// purchasing history, users who all log in with the password "procura", and supplier keys
    /// "demo-{id}-key". Never on a server anyone relies on. Refused on a store made without it.
    #[arg(long)]
    demo: bool,
    /// A session ends this many days after its login.
    #[arg(long, default_value_t = SessionPolicy::DEFAULT_DAYS,
          value_parser = clap::value_parser!(u32).range(1..=3650))]
    session_days: u32,
    /// A session ends when unused for this many hours.
    #[arg(long, default_value_t = SessionPolicy::DEFAULT_IDLE_HOURS,
          value_parser = clap::value_parser!(u32).range(1..=87_600))]
    session_idle_hours: u32,
    /// Serve HTTPS with this certificate chain (PEM); needs --tls-key.
    #[arg(long, requires = "tls_key")]
    tls_cert: Option<PathBuf>,
    /// The private key (PEM) of --tls-cert.
    #[arg(long, requires = "tls_cert")]
    tls_key: Option<PathBuf>,
    /// Plain HTTP on a non-loopback address, because a reverse proxy in front terminates TLS
    /// and nothing else can reach this address.
    #[arg(long, conflicts_with = "tls_cert")]
    behind_tls_proxy: bool,
    /// With --demo: the seed of the demo data.
    #[arg(long, default_value_t = demo::DEFAULT_SEED)]
    seed: u64,
    /// With --demo: demo suppliers.
    #[arg(long, default_value_t = 3)]
    suppliers: usize,
    /// With --demo: items per demo supplier.
    #[arg(long, default_value_t = 800)]
    items_per_supplier: usize,
    /// With --demo: sellers of the demo marketplace "GoodsHub" (0 to 3); 0 seeds no
    /// marketplace. A demo database made before marketplaces existed gains the marketplace on
    /// its next start.
    #[arg(long, default_value_t = 3)]
    marketplace_sellers: usize,
    /// With --demo: items per marketplace seller.
    #[arg(long, default_value_t = 300)]
    items_per_seller: usize,
    /// With --demo: supplier evaluations by the demo users, seeded into the sync hub while it
    /// holds none.
    #[arg(long, default_value_t = 24)]
    demo_evaluations: usize,
    /// With --demo: two years of purchasing history (approved requisitions, their orders, and
    /// what the suppliers and the buyer recorded on them), seeded into the sync hub while it
    /// holds no requisitions or orders. `--demo-history false` leaves it out.
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set)]
    demo_history: bool,
    /// TESTS ONLY (needs --demo): mounts /test/faults and /test/reset-hub, which let anyone
    /// break sync requests and wipe the hub. Never on a server anyone relies on.
    #[arg(long, requires = "demo")]
    fault_injection: bool,
    /// DEMO (needs --demo): the suppliers answer sent orders by themselves (acknowledge, ship
    /// in two parts, deliver, confirm change and cancel requests), and
    /// /api/v1/test/orders/{id}/… let anyone answer as a supplier. Never on a server anyone
    /// relies on.
    #[arg(long, requires = "demo")]
    supplier_simulation: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(Command::Admin(args)) = cli.command {
        let stdin = std::io::stdin();
        return match admin_cli::run(args, stdin.lock(), &mut std::io::stdout()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        };
    }
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
    match runtime.block_on(serve_hub(cli.serve)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn serve_hub(args: Args) -> Result<(), Box<dyn std::error::Error>> {
    serve::check_bind(args.addr, args.tls_cert.is_some(), args.behind_tls_proxy)?;
    let transport = match (&args.tls_cert, &args.tls_key) {
        (Some(cert), Some(key)) => serve::load_tls(cert, key).await?,
        _ => Transport::Http,
    };
    // The store's calls block (PostgreSQL's client runs a runtime of its own): off the async
    // threads, as every request's are (`AppState::with_store`).
    let stores = {
        let args = args.clone();
        tokio::task::spawn_blocking(move || open_stores(&args))
            .await?
            .map_err(|e| -> Box<dyn std::error::Error> { e })?
    };
    let policy = SessionPolicy::new(args.session_days, args.session_idle_hours);
    let mut state = stores.with_session_policy(policy);
    if args.behind_tls_proxy {
        // Login throttling counts the client's address the proxy names, not the proxy's.
        state = state.with_trusted_proxy();
    }
    if args.behind_tls_proxy || matches!(transport, Transport::Https(_)) {
        state = state.with_https();
    }
    if args.fault_injection {
        eprintln!(
            "WARNING: FAULT INJECTION IS ON (--fault-injection): /api/v1/test/faults and \
             /api/v1/test/reset-hub let ANY client break sync requests and WIPE the sync hub. \
             For tests only."
        );
        state = state.with_fault_injection();
    }
    if args.supplier_simulation {
        eprintln!(
            "WARNING: SUPPLIER SIMULATION IS ON (--supplier-simulation): the demo suppliers \
             answer sent orders by themselves, and /api/v1/test/orders/{{id}}/… let ANY client \
             answer as a supplier. For demos only."
        );
        state = state.with_supplier_routes();
        procura_endpoint::supplier_sim::spawn(
            &state,
            procura_endpoint::supplier_sim::SimConfig::demo(),
        );
    }
    if let Some(url) = &args.database_url {
        // Devices connected here hear of changes made through other hub processes.
        state.listen_for_changes(url.parse()?)?;
    }
    procura_endpoint::account::spawn_session_purge(&state);
    let listener = tokio::net::TcpListener::bind(args.addr).await?;
    let addr = listener.local_addr()?;
    println!("Procura is running at {}://{addr}/", transport.scheme());
    if args.demo {
        print_demo_banner();
    }
    let app = router(state, args.static_dir);
    serve::run(listener, app, transport).await?;
    Ok(())
}

type OpenError = Box<dyn std::error::Error + Send + Sync>;

/// The hub's state over the store of `--db` (one), or `--database-connections` stores of
/// `--database-url`, each reopened when its connection drops ([`open_store`] for the first).
fn open_stores(args: &Args) -> Result<AppState, OpenError> {
    let first = open_store(args)?;
    let Some(url) = &args.database_url else {
        return Ok(AppState::new(first));
    };
    let config: postgres::Config = url.parse()?;
    let mut stores = vec![first];
    for _ in 1..args.database_connections {
        stores.push(Store::open_postgres_config(&config)?);
    }
    let reopen = Box::new(move || Store::open_postgres_config(&config));
    Ok(AppState::with_stores(stores, reopen))
}

/// The store of `--db` or `--database-url`, seeded for `--demo` or
/// checked for the demo's credentials without it.
fn open_store(args: &Args) -> Result<Store, OpenError> {
    let mut store = match &args.database_url {
        Some(url) => Store::open_postgres(url)?,
        None => Store::open(&args.db)?,
    };
    if args.demo {
        seed_demo(&mut store, args)?;
    } else {
        refuse_demo_credentials(&store, args)?;
    }
    Ok(store)
}

/// How the operator names this store to the admin command line, and in messages.
fn store_arg(args: &Args) -> String {
    match &args.database_url {
        // The URL holds a password: not repeated in messages.
        Some(_) => "--database-url URL".to_owned(),
        None => format!("--db {}", args.db.display()),
    }
}

/// `--demo`: seeds what the demo lacks, or refuses a store made without `--demo`.
fn seed_demo(store: &mut Store, args: &Args) -> Result<(), OpenError> {
    let size = DemoSize {
        seed: args.seed,
        suppliers: args.suppliers,
        items_per_supplier: args.items_per_supplier,
        marketplace_sellers: args.marketplace_sellers,
        items_per_seller: args.items_per_seller,
    };
    if store.seed_demo_if_empty(size)? {
        tracing::info!(
            "seeded the missing demo data into {} (suppliers: {} × {} items; marketplace: {} sellers × {} items)",
            store_arg(args),
            size.suppliers,
            size.items_per_supplier,
            size.marketplace_sellers,
            size.items_per_seller
        );
    }
    let evaluations = store.seed_demo_evaluations(args.demo_evaluations, args.seed)?;
    if evaluations > 0 {
        tracing::info!("seeded {evaluations} demo evaluations into the sync hub");
    }
    if args.demo_history {
        let now_ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)?
            .as_millis() as i64;
        let records = store.seed_demo_history(args.seed, now_ms)?;
        if records > 0 {
            tracing::info!(
                "seeded {records} requisitions and orders of demo history into the sync hub"
            );
        }
    }
    Ok(())
}

/// Without `--demo`: a store that still holds the demo's well-known passwords or supplier keys
/// (a demo store, or one made by a release that seeded the demo into every store) is not
/// served; the operator changes them first, or runs it as the demo.
fn refuse_demo_credentials(store: &Store, args: &Args) -> Result<(), OpenError> {
    let found = store.demo_credentials()?;
    if !found.is_empty() {
        let db = store_arg(args);
        let mut why = format!(
            "the store ({db}) holds the demo's well-known credentials, which anyone can look up; start it \
             with --demo to run it as the demo, or change them first:"
        );
        for user in &found.users {
            why += &format!(
                "\n  user {user} has the demo password: procura-endpoint admin {db} \
                 set-password {user}   (or disable-user {user})"
            );
        }
        for supplier in &found.suppliers {
            why += &format!(
                "\n  supplier {supplier} takes its demo key: procura-endpoint admin {db} \
                 rotate-supplier-key {supplier}"
            );
        }
        return Err(why.into());
    }
    if store.users()?.is_empty() {
        println!(
            "No users yet: create the first admin with\n  procura-endpoint admin {} \
             create-user NAME --role admin",
            store_arg(args)
        );
    }
    Ok(())
}

fn print_demo_banner() {
    println!("THIS IS THE DEMO (--demo): every password and supplier key below is public.");
    println!("Demo logins (password \"{}\"):", demo::DEMO_PASSWORD);
    for user in demo::users() {
        println!(
            "  {:<10} {} ({:?})",
            user.username, user.display_name, user.roles
        );
    }
    println!(
        "Suppliers send documents to /api/v1/inbound/documents with X-Supplier-Key: {}",
        procura_endpoint::store::demo_supplier_key("{supplier id}")
    );
}
