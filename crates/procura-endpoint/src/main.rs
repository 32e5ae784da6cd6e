//! `procura-endpoint`: runs the reference endpoint with demo data.

use clap::Parser;
use procura_core::demo;
use procura_endpoint::store::{DemoSize, Store};
use procura_endpoint::{router, AppState};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Parser)]
#[command(about = "Procura reference endpoint: supplier feeds, sync hub and the app, on one port")]
struct Args {
    /// Address to listen on. Loopback by default: this is a demo and test server.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// SQLite file; created and seeded with demo data when new.
    #[arg(long, default_value = "procura-demo.sqlite3")]
    db: PathBuf,
    /// The built app (trunk's `dist`), served at `/`.
    #[arg(long)]
    static_dir: Option<PathBuf>,
    #[arg(long, default_value_t = demo::DEFAULT_SEED)]
    seed: u64,
    #[arg(long, default_value_t = 3)]
    suppliers: usize,
    #[arg(long, default_value_t = 800)]
    items_per_supplier: usize,
    /// Sellers of the demo marketplace "GoodsHub" (0 to 3); 0 seeds no marketplace. A database
    /// made before marketplaces existed gains the marketplace on its next start.
    #[arg(long, default_value_t = 3)]
    marketplace_sellers: usize,
    #[arg(long, default_value_t = 300)]
    items_per_seller: usize,
    /// Supplier evaluations by the demo users, seeded into the sync hub while it holds none.
    #[arg(long, default_value_t = 24)]
    demo_evaluations: usize,
    /// TESTS ONLY: mounts /test/faults and /test/reset-hub, which let anyone break sync
    /// requests and wipe the hub. Never on a server anyone relies on.
    #[arg(long)]
    fault_injection: bool,
    /// DEMO: the suppliers answer sent orders by themselves (acknowledge, ship in two parts,
    /// deliver, confirm change and cancel requests), and /api/v1/test/orders/{id}/… let anyone
    /// answer as a supplier. Never on a server anyone relies on.
    #[arg(long)]
    supplier_simulation: bool,
    /// The hub sits behind a TLS-terminating proxy that appends the client's address to
    /// X-Forwarded-For: login throttling counts that address instead of the proxy's.
    #[arg(long)]
    behind_tls_proxy: bool,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .init();
    let args = Args::parse();
    let mut store = Store::open(&args.db)?;
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
            args.db.display(),
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
    let mut state = AppState::new(store);
    if args.behind_tls_proxy {
        state = state.with_trusted_proxy();
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
    let listener = tokio::net::TcpListener::bind(args.addr).await?;
    let addr = listener.local_addr()?;
    println!("Procura is running at http://{addr}/");
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
    let app = router(state, args.static_dir);
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    procura_endpoint::server::serve(listener, app, Default::default(), shutdown).await;
    Ok(())
}
